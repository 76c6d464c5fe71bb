"""Checks on SPARQL text before any store runs it: the one read-only check, by rdflib's parser."""

from __future__ import annotations

import re

from kg.errors import QuerySyntaxError, UsageError

_LANG_EQ = re.compile(r'(\blang\s*\(\s*[?$]\w+\s*\))(\s*=\s*)("[^"\\]*"|\'[^\'\\]*\')', re.I)
_LANG_EQ_REV = re.compile(r'("[^"\\]*"|\'[^\'\\]*\')(\s*=\s*)(lang\s*\(\s*[?$]\w+\s*\))', re.I)


class UpdateRefused(UsageError):
    """The text is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...): kg only reads."""


def parse_query(text: str, label: str = "<inline>"):
    """``text`` parsed by rdflib's SPARQL parser (``parseQuery``'s ParseResults).

    Raises:
        UpdateRefused: ``text`` is a SPARQL Update.
        QuerySyntaxError: ``text`` is neither a query nor an update, with its line and column.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except (ParseException, RecursionError):
            raise QuerySyntaxError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                                   f"{exc.msg}; fix the query", path=label,
                                   line=exc.lineno) from None
        raise UpdateRefused(f"{label}: SPARQL Update is not allowed; kg query is read-only") \
            from None


def check_read_only(text: str, label: str = "<inline>") -> None:
    """Raise UpdateRefused when ``text`` is a SPARQL Update.

    Text that does not parse passes: the store that runs it reports the syntax error in its own
    words (Oxigraph and remote servers accept syntax rdflib's parser does not).
    """
    try:
        parse_query(text, label)
    except (QuerySyntaxError, RecursionError):
        pass


def query_form(parsed) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, for what :func:`parse_query` returned."""
    return parsed[1].name.replace("Query", "").upper()


def uses(parsed, name: str) -> bool:
    """True when the parsed query holds a part called ``name`` (e.g. ``ServiceGraphPattern``,
    ``DatasetClause``: names of rdflib's SPARQL grammar)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == name:
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return False


def fold_lang_comparisons(text: str) -> str:
    """``lang(?x) = "zh-Hant"`` -> ``lcase(lang(?x)) = "zh-hant"``: language tags are
    case-insensitive (BCP 47), and stores keep them in their own case (Oxigraph and Virtuoso in
    lower case), so a comparison written for rdflib would match nothing there."""
    text = _LANG_EQ.sub(lambda m: f"lcase({m.group(1)}){m.group(2)}{m.group(3).lower()}", text)
    return _LANG_EQ_REV.sub(lambda m: f"{m.group(1).lower()}{m.group(2)}lcase({m.group(3)})",
                            text)
