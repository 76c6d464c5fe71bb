"""Comparing query answers across stores by value: stores keep values, not their spelling
(Oxigraph and Virtuoso write "34" for "34.0"^^xsd:decimal, xsd:integer for its subtypes, and
language tags in lower case)."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef


def canonical(term):
    """A hashable, store-independent form of an rdflib term."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        if term.language:
            return ("text", str(term), term.language.lower())
        value = term.toPython()
        if isinstance(value, Literal):  # a datatype rdflib does not map
            return ("literal", str(term), str(term.datatype))
        if isinstance(value, bool):
            return ("bool", value)
        if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
            from decimal import Decimal

            return ("number", Decimal(str(value)).normalize())
        return ("value", str(value) if not hasattr(value, "isoformat") else value.isoformat())
    raise TypeError(term)


def answer(result) -> list[tuple]:
    """The rows of a SELECT result (or the boolean of an ASK), canonical and sorted."""
    if result.type == "ASK":
        return [(bool(result.askAnswer),)]
    return sorted((tuple(canonical(v) for v in row) for row in result), key=repr)
