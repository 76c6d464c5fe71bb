"""RDF terms as N-Triples text: the one escaper of IRIs and literals."""

from __future__ import annotations

from decimal import Decimal

_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def iri(value: str) -> str:
    """An IRI as an N-Triples term."""
    return f"<{value}>"


def text(value: str, lang: str | None = None) -> str:
    """A plain (``xsd:string``) or language-tagged literal as an N-Triples term."""
    # str.translate is slow on CJK text; four substring tests are not
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        value = value.translate(_ESCAPES)
    return f'"{value}"@{lang}' if lang else f'"{value}"'


def typed(value: str, datatype: str) -> str:
    """A literal of XSD ``datatype`` (a local name such as ``decimal``)."""
    return '"' + value.translate(_ESCAPES) + f'"^^<{_XSD}{datatype}>'


def dec(value: Decimal) -> str:
    """An ``xsd:decimal`` in the same canonical form as ``kg.graph.build.dec``."""
    body = format(value.normalize(), "f")
    return typed(body if "." in body else body + ".0", "decimal")
