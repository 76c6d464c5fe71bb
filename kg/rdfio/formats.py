"""RDF serialisations: kg's canonical Turtle, rdflib's other writers, and a fast JSON triple dump."""

from __future__ import annotations

import json

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import UsageError
from kg.vocab import bind_prefixes

#: --format name -> (rdflib format, file extension, media type)
FORMATS: dict[str, tuple[str, str, str]] = {
    "turtle": ("turtle", "ttl", "text/turtle"),
    "ntriples": ("nt", "nt", "application/n-triples"),
    "trig": ("trig", "trig", "application/trig"),
    "jsonld": ("json-ld", "jsonld", "application/ld+json"),
    "xml": ("xml", "rdf", "application/rdf+xml"),
}


def serialize(graph: Graph, fmt: str = "turtle", *, graphs: dict[str, Graph] | None = None,
              base: str | None = None) -> bytes:
    """Serialise ``graph`` in one of FORMATS, deterministically.

    Args:
        graph: the graph to write.
        fmt: a key of FORMATS.
        graphs: for ``trig``, named graphs (IRI -> graph) to write instead of ``graph``.
        base: the instance base IRI, bound as the ``kgr:`` prefix.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt][0]
    if fmt == "ntriples":
        text = graph.serialize(format="nt")
        return ("\n".join(sorted(line for line in text.splitlines() if line)) + "\n").encode()
    if fmt == "trig":
        dataset = Dataset()
        bind_prefixes(dataset, base)
        for name, part in sorted((graphs or {"urn:x-kg:default": graph}).items()):
            named = dataset.graph(URIRef(name))
            for triple in part:
                named.add(triple)
        return dataset.serialize(format="trig").encode()
    if fmt == "turtle":
        from kg.rdfio.turtle import has_blank_nodes, write_turtle
        from kg.vocab import all_prefixes

        if not has_blank_nodes(graph):
            return write_turtle(graph, all_prefixes(base)).encode()
    bind_prefixes(graph, base)
    if fmt == "jsonld":
        text = graph.serialize(format="json-ld", sort_keys=True, indent=1)
        return text.encode()
    return graph.serialize(format=rdf_format).encode()


def _encode(term) -> str | list[str]:
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return ["_:", str(term)]
    return [str(term), term.language or "", str(term.datatype or "")]


def canonical_triples(graph: Graph) -> list[tuple]:
    """The triples of ``graph`` with blank nodes labelled by the triples around them (rdflib's
    canonical labelling of the triples that have one), so a graph parsed twice reads the
    same: rdflib gives blank nodes new random labels at every parse."""
    plain, blank = [], Graph()
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            blank.add(triple)
        else:
            plain.append(triple)
    if len(blank):
        from rdflib.compare import to_canonical_graph

        plain.extend(to_canonical_graph(blank))
    return plain


def dump_triples(graph: Graph) -> bytes:
    """The triples of ``graph`` as JSON rows (IRI as a string; literal as [text, lang, datatype];
    blank node as ["_:", id]), sorted, for a fast and safe reload; byte-identical for the same
    graph (blank nodes canonically labelled)."""
    rows = sorted(json.dumps([_encode(t) for t in triple], ensure_ascii=False)
                  for triple in canonical_triples(graph))
    return ("[\n" + ",\n".join(rows) + "\n]\n").encode()


def load_triples(data: bytes, graph: Graph) -> Graph:
    """Add the triples written by ``dump_triples`` to ``graph``."""
    iris: dict[str, URIRef] = {}

    def term(value):
        if isinstance(value, str):
            node = iris.get(value)
            if node is None:
                node = iris[value] = URIRef(value)
            return node
        if len(value) == 2:
            return BNode(value[1])
        text, lang, datatype = value
        return Literal(text, lang=lang or None, datatype=term(datatype) if datatype else None)

    graph.addN((term(s), term(p), term(o), graph) for s, p, o in json.loads(data))
    return graph
