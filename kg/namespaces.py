"""Every namespace kg uses, bound once here."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

KGO = Namespace("https://w3id.org/kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

DEFAULT_BASE = "https://w3id.org/kg/resource/"

#: prefix -> namespace, in the order they are bound and predeclared in queries.
PREFIXES: dict[str, str] = {
    "kgo": str(KGO),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph, base: str | None = None) -> Graph:
    """Bind kg's prefixes (and ``kgr:`` for the instance base) on ``graph``; returns it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    if base:
        graph.bind("kgr", base, override=True, replace=True)
    return graph


def sparql_prologue(base: str | None = None) -> str:
    """PREFIX lines predeclared for every query."""
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()]
    if base:
        lines.append(f"PREFIX kgr: <{base}>")
    return "\n".join(lines) + "\n"

__all__ = ["KGO", "ORG", "OA", "SCHEMA", "PROV", "SKOS", "TIME", "DCTERMS", "RDF", "RDFS", "OWL",
           "XSD", "PREFIXES", "DEFAULT_BASE", "bind_prefixes", "sparql_prologue"]
