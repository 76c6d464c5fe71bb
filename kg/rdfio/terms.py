"""RDF terms as N-Triples text: the one escaper of IRIs and literals."""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: also the other characters with a short escape in Turtle (ECHAR): for Turtle and TSV cells
_ALL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                              "\t": "\\t", "\b": "\\b", "\f": "\\f"})
_ALL_UNSAFE = re.compile(r'[\\"\n\r\t\b\f]')


def iri(value: str) -> str:
    """An IRI as an N-Triples term."""
    return f"<{value}>"


def text(value: str, lang: str | None = None) -> str:
    """A plain (``xsd:string``) or language-tagged literal as an N-Triples term."""
    value = escape(value)
    return f'"{value}"@{lang}' if lang else f'"{value}"'


def escape(value: str, *, controls: bool = False) -> str:
    """The body of a quoted literal: backslash, quote, CR and LF escaped; with ``controls``, tab,
    backspace and form feed too (Turtle's canonical form, and a TSV cell, which a raw tab would
    split)."""
    if controls:
        return value.translate(_ALL_ESCAPES) if _ALL_UNSAFE.search(value) else value
    # str.translate is slow on CJK text; four substring tests are not
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def rdf_term(term, *, controls: bool = False) -> str:
    """An rdflib term (IRI, blank node or literal) as N-Triples text (``controls``: see
    :func:`escape`); None as the empty string."""
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, Literal):
        body = '"' + escape(str(term), controls=controls) + '"'
        if term.language:
            return f"{body}@{term.language}"
        return f"{body}^^<{term.datatype}>" if term.datatype else body
    if isinstance(term, BNode):
        return f"_:{term}"
    return iri(str(term))


def typed(value: str, datatype: str) -> str:
    """A literal of XSD ``datatype`` (a local name such as ``decimal``)."""
    return '"' + escape(value) + f'"^^<{_XSD}{datatype}>'


def plain_decimal(value: Decimal) -> str:
    """A decimal as written, every digit kept: no exponent, no trailing zeros (``34``,
    ``17.4``).  ``Decimal.normalize()`` alone rounds to 28 digits."""
    context = Context(prec=max(28, len(value.as_tuple().digits)), Emax=MAX_EMAX, Emin=MIN_EMIN)
    return format(value.normalize(context), "f")


def dec(value: Decimal) -> str:
    """An ``xsd:decimal`` in canonical form: at least one digit after the point ("34.0")."""
    body = plain_decimal(value)
    return typed(body if "." in body else body + ".0", "decimal")
