"""RDF terms as N-Triples text: the one escaper of IRIs and literals; and light terms
(:class:`Iri`, :class:`Blank`, :class:`Lit`), what a store's answer is read into when no
rdflib is needed to write it (a cold ``kg query`` on Oxigraph spends no time importing rdflib).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing's flag without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: also the other characters with a short escape in Turtle (ECHAR): for Turtle and TSV cells
_ALL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                              "\t": "\\t", "\b": "\\b", "\f": "\\f"})
_ALL_UNSAFE = '\\"\n\r\t\b\f'


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
        return value.translate(_ALL_ESCAPES) if any(c in value for c in _ALL_UNSAFE) else value
    # str.translate is slow on CJK text; four substring tests are not
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


class Iri(str):
    """An IRI (as rdflib's ``URIRef``: the string is the IRI)."""

    __slots__ = ()


class Blank(str):
    """A blank node (as rdflib's ``BNode``: the string is its label)."""

    __slots__ = ()


class Lit(str):
    """A literal (as rdflib's ``Literal`` shows one): the string is its lexical form,
    ``datatype`` its datatype IRI (None for a plain or language-tagged literal), ``language``
    its tag (None if it has none)."""

    def __new__(cls, value: str, datatype: str | None = None,
                language: str | None = None) -> "Lit":
        made = super().__new__(cls, value)
        made.datatype = datatype
        made.language = language
        return made

    def __reduce__(self):
        return (Lit, (str(self), self.datatype, self.language))


def term_kind(term) -> str | None:
    """``"uri"``, ``"bnode"`` or ``"literal"`` for a light term or an rdflib term; None for
    anything else (None, a plain string)."""
    if isinstance(term, Lit):
        return "literal"
    if isinstance(term, Iri):
        return "uri"
    if isinstance(term, Blank):
        return "bnode"
    rdflib = sys.modules.get("rdflib")  # not imported: the term cannot be one of rdflib's
    if rdflib is not None:
        if isinstance(term, rdflib.Literal):
            return "literal"
        if isinstance(term, rdflib.URIRef):
            return "uri"
        if isinstance(term, rdflib.BNode):
            return "bnode"
    return None


_DIGITS = frozenset("0123456789")


def _is_integer(text: str) -> bool:
    """``0|-?[1-9][0-9]*``"""
    digits = text[1:] if text.startswith("-") else text
    return text == "0" or (digits[:1] in _DIGITS - {"0"} and _DIGITS.issuperset(digits))


def _is_decimal(text: str) -> bool:
    """``-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?``"""
    whole, dot, fraction = (text[1:] if text.startswith("-") else text).partition(".")
    return (whole == "0" or _is_integer(whole) and whole[:1] != "-") and \
        (not dot or (fraction != "" and _DIGITS.issuperset(fraction)))


def _is_date(text: str) -> bool:
    """``[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])``"""
    return len(text) == 10 and text[4] == text[7] == "-" and _is_year(text[:4]) and \
        _DIGITS.issuperset(text[5:7] + text[8:]) and "01" <= text[5:7] <= "12" and \
        "01" <= text[8:] <= "31"


def _is_year(text: str) -> bool:
    """``[1-9][0-9]{3}``"""
    return len(text) == 4 and _is_integer(text) and text[0] != "-"


#: datatypes whose lexical forms passing the check are the ones rdflib keeps unchanged (it
#: reads a literal's value and writes it back: "2E3"^^xsd:double becomes "2000.0"); the checks
#: are the patterns in their docstrings, read without re (a test holds them to those)
_KEPT_AS_WRITTEN = {
    _XSD + "integer": _is_integer,
    _XSD + "decimal": _is_decimal,
    _XSD + "boolean": ("true", "false").__contains__,
    _XSD + "date": _is_date,
    _XSD + "gYear": _is_year,
}
_lexical_cache: dict[tuple[str, str], str] = {}


def rdflib_lexical(value: str, datatype: str) -> str:
    """The lexical form rdflib gives ``value`` of ``datatype`` (its literals normalise some
    values), so that answers read without rdflib are written exactly as through it; rdflib is
    imported only for a value outside the common forms of :data:`_KEPT_AS_WRITTEN`."""
    kept = _KEPT_AS_WRITTEN.get(datatype)
    if kept is not None and kept(value):
        return value
    key = (value, datatype)
    known = _lexical_cache.get(key)
    if known is None:
        from rdflib import Literal, URIRef

        known = _lexical_cache[key] = str(Literal(value, datatype=URIRef(datatype)))
    return known


def rdf_term(term, *, controls: bool = False) -> str:
    """An rdflib or light term (IRI, blank node or literal) as N-Triples text (``controls``:
    see :func:`escape`); None as the empty string."""
    if term is None:
        return ""
    kind = term_kind(term)
    if kind == "literal":
        body = '"' + escape(str(term), controls=controls) + '"'
        if term.language:
            return f"{body}@{term.language}"
        return f"{body}^^<{term.datatype}>" if term.datatype else body
    if kind == "bnode":
        return f"_:{term}"
    return iri(str(term))


def typed(value: str, datatype: str) -> str:
    """A literal of XSD ``datatype`` (a local name such as ``decimal``)."""
    return '"' + escape(value) + f'"^^<{_XSD}{datatype}>'


def plain_decimal(value: Decimal) -> str:
    """A decimal as written, every digit kept: no exponent, no trailing zeros (``34``,
    ``17.4``).  ``Decimal.normalize()`` alone rounds to 28 digits."""
    from decimal import MAX_EMAX, MIN_EMIN, Context  # here: a cold query writes no decimal

    context = Context(prec=max(28, len(value.as_tuple().digits)), Emax=MAX_EMAX, Emin=MIN_EMIN)
    return format(value.normalize(context), "f")


def dec(value: Decimal) -> str:
    """An ``xsd:decimal`` in canonical form: at least one digit after the point ("34.0")."""
    body = plain_decimal(value)
    return typed(body if "." in body else body + ".0", "decimal")
