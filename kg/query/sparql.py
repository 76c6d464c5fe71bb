"""SPARQL over the built graph: canned queries, running them, and formatting the answers."""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import Result

from kg.errors import QuerySyntaxError
from kg.rdfio.sparql import check_read_only
from kg.vocab import all_prefixes


def run(graph: Graph, text: str, *, label: str = "<inline>", bindings: dict | None = None,
        base: str | None = None) -> Result:
    """Run SPARQL ``text`` on ``graph`` with kg's prefixes predeclared.

    Raises:
        QuerySyntaxError: with the line and column of the error in ``text``.
        UsageError: for an update (kg query is read-only).
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    namespaces = all_prefixes(base)
    check_read_only(text, label)
    try:
        prepared = prepareQuery(text, initNs=namespaces)
    except ParseException as exc:
        raise QuerySyntaxError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
                               f"{exc.msg}; fix the query", path=label, line=exc.lineno) from None
    except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QuerySyntaxError(f"SPARQL error: {str(exc).splitlines()[0]}; fix the query",
                               path=label) from None
    return graph.query(prepared, initBindings=bindings or {})














