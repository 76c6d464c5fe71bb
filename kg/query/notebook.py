"""What a notebook shows of a query answer: a pandas DataFrame with typed columns, and HTML.

A column of a DataFrame takes the type its values share:

=========================================  ==============================================
values (RDF literals)                      column
=========================================  ==============================================
xsd:integer and its subtypes (xsd:int,     ``Int64`` (pandas' nullable integer: an unbound
xsd:nonNegativeInteger, ...)               value is ``<NA>``)
xsd:decimal (kg's figures), alone or with  ``float64``; with ``exact_decimals=True``,
integers                                   ``decimal.Decimal`` objects (``object``), as
                                           stated, for sums that must not round
xsd:double, xsd:float (with decimals or    ``float64``
integers too)
xsd:date, xsd:dateTime                     ``datetime64`` (``datetime64[ns, UTC]`` when a
                                           value has a time zone); dates pandas cannot hold
                                           stay ``datetime.date`` objects
xsd:boolean                                ``boolean``
anything else: strings, language-tagged    ``str`` objects (the lexical form; IRIs in full;
strings (the tag dropped), IRIs, mixed     ``None`` when unbound)
=========================================  ==============================================

pandas is optional (the ``notebook`` extra) and imported only by :func:`to_dataframe`.
HTML (``_repr_html_``) escapes every value: a label is text, never markup.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.namespace import XSD

from kg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib.query import Result

    from kg.query.analytics import PathResult

#: Rows a result's HTML shows; the rest are counted below the table.
HTML_ROWS = 50

_INTEGERS = {XSD[name] for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_KINDS = {XSD.decimal: "decimal", XSD.double: "float", XSD.float: "float", XSD.date: "date",
          XSD.dateTime: "datetime", XSD.dateTimeStamp: "datetime", XSD.boolean: "boolean"}


def _pandas():
    try:
        import pandas
    except ImportError:
        raise UsageError("to_dataframe needs pandas: run pip install -e '.[notebook]' in kg's "
                         "source directory") from None
    return pandas


def _kind(term) -> str | None:
    """What a term is, for its column: integer, decimal, float, date, datetime, boolean or text."""
    if term is None:
        return None
    if not isinstance(term, Literal) or getattr(term, "ill_typed", False) or term.value is None:
        return "text"
    if term.datatype in _INTEGERS:
        return "integer"
    return _KINDS.get(term.datatype, "text")


def _column(pd, terms: list, exact_decimals: bool):
    """One column: the terms (None when unbound) as the type they share (module docstring)."""
    kinds = {_kind(t) for t in terms} - {None}
    if not kinds:
        return pd.Series([None] * len(terms), dtype=object)
    if kinds == {"integer"}:
        return pd.Series([pd.NA if t is None else int(t.value) for t in terms], dtype="Int64")
    if kinds <= {"integer", "decimal", "float"}:
        if exact_decimals and "float" not in kinds:
            return pd.Series([None if t is None else Decimal(str(t.value)) for t in terms],
                             dtype=object)
        return pd.Series([float("nan") if t is None else float(t.value) for t in terms],
                         dtype="float64")
    if kinds == {"boolean"}:
        return pd.Series([pd.NA if t is None else bool(t.value) for t in terms],
                         dtype="boolean")
    if kinds <= {"date", "datetime"}:
        values = [None if t is None else t.value for t in terms]
        aware = any(getattr(v, "tzinfo", None) is not None for v in values)
        try:
            return pd.Series(pd.to_datetime(values, utc=aware))
        except (ValueError, OverflowError, TypeError):  # out of pandas' range, or mixed zones
            return pd.Series(values, dtype=object)
    return pd.Series([None if t is None else str(t) for t in terms], dtype=object)


def _table(result: "Result") -> tuple[list[str], list[list]]:
    """Column names and rows of terms (None when unbound) of any kind of result."""
    if result.type == "ASK":
        return ["ask"], [[Literal(bool(result.askAnswer))]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ["subject", "predicate", "object"], [list(t) for t in sorted(result.graph)]
    names = [str(v) for v in result.vars or []]
    return names, [[row.get(v) for v in result.vars] for row in result.bindings]


def to_dataframe(result: "Result", *, exact_decimals: bool = False):
    """The answer as a pandas DataFrame: a column per variable, typed as the module says
    (ASK: one ``ask`` column; CONSTRUCT and DESCRIBE: ``subject``, ``predicate``, ``object``).

    Raises:
        UsageError: pandas is not installed (the ``notebook`` extra).
    """
    pd = _pandas()
    names, rows = _table(result)
    frame = pd.DataFrame({name: _column(pd, [row[i] for row in rows], exact_decimals)
                          for i, name in enumerate(names)}, columns=names)
    if result.type == "ASK":
        frame["ask"] = frame["ask"].astype(bool)
    return frame


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def result_html(result: "Result", prefixes: "Mapping[str, str]") -> str:
    """The answer as an HTML table for a notebook (the first ``HTML_ROWS`` rows), every value
    escaped; IRIs shortened with ``prefixes``."""
    from kg.rdfio.results import shorten

    names, rows = _table(result)
    if result.type == "ASK":
        return f"<p><b>ASK</b>: {'true' if result.askAnswer else 'false'}</p>"
    head = "".join(f"<th>{_escape(name)}</th>" for name in names)
    body = "".join("<tr>" + "".join(f"<td>{_escape(shorten(term, dict(prefixes)))}</td>"
                                    for term in row) + "</tr>" for row in rows[:HTML_ROWS])
    more = len(rows) - HTML_ROWS
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}" + (
        f", the first {HTML_ROWS} shown (.to_dataframe() has all)" if more > 0 else "")
    return (f'<table class="kg-result"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            f"</table><p>{_escape(result.type)}: {count}</p>")


def path_html(result: "PathResult") -> str:
    """Explained paths as HTML: one list per path, each hop with its relation and its quote."""
    eg, lang = result.graph, result.lang

    def name(ident: str) -> str:
        return f"{_escape(eg.label(ident, lang))} <code>{_escape(ident)}</code>"

    parts = [f"<p><b>{name(result.source)}</b> → <b>{name(result.target)}</b>: "
             f"{_escape(result.summary())}</p>"]
    for number, path in enumerate(result.paths, 1):
        items = []
        for hop in path.hops:
            relation = f"{_escape(hop.relation_label)} <code>{_escape(hop.relation)}</code>"
            arrow = f"—{relation}→" if hop.forward else f"←{relation}—"
            claim = (f" (claimed by {_escape(eg.label(hop.claimed_by, lang))})"
                     if hop.claimed_by else "")
            items.append(f"<li>{name(hop.source)} {arrow} {name(hop.target)}<br>"
                         f"<q>{_escape(hop.quote)}</q> <code>kgs:{_escape(hop.statement)}"
                         f"</code>{claim}</li>")
        parts.append(f"<p>path {number}:</p><ol>{''.join(items)}</ol>")
    return "".join(parts)
