"""Every namespace kg uses, bound once here."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

KGO = Namespace("https://w3id.org/kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

DEFAULT_BASE = "https://w3id.org/kg/resource/"

#: The languages of every label: as written (Traditional Chinese), Simplified, English.
LANGS: tuple[str, ...] = ("zh-Hant", "zh-Hans", "en")
#: After the language asked for, labels fall back in this order, then to the id.
LABEL_FALLBACK: tuple[str, ...] = ("zh-Hant", "en", "zh-Hans")


def label_order(lang: str) -> tuple[str, ...]:
    """The languages to try, in order, for a label shown in ``lang``."""
    return (lang,) + tuple(tag for tag in LABEL_FALLBACK if tag != lang)

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


#: prefixes for the instance data, relative to the project's base IRI.
BASE_PREFIXES: dict[str, str] = {"kgr": "", "kge": "entity/", "kgs": "statement/",
                                 "kgf": "figure/"}


def all_prefixes(base: str | None = None) -> dict[str, str]:
    """PREFIXES plus ``kgr:`` (the base), ``kge:`` (entities), ``kgs:`` (statements) and
    ``kgf:`` (figures) for the instance base ``base``."""
    out = dict(PREFIXES)
    if base:
        out.update({prefix: base + path for prefix, path in BASE_PREFIXES.items()})
    return out


def bind_prefixes(graph: Graph, base: str | None = None) -> Graph:
    """Bind kg's prefixes (and those of the instance base, when given) on ``graph``."""
    for prefix, iri in all_prefixes(base).items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph

__all__ = ["KGO", "ORG", "OA", "SCHEMA", "PROV", "SKOS", "TIME", "DCTERMS", "RDF", "RDFS", "OWL",
           "XSD", "LANGS", "LABEL_FALLBACK", "label_order", "PREFIXES", "BASE_PREFIXES", "DEFAULT_BASE", "all_prefixes", "bind_prefixes"]
