"""SPARQL over an rdflib graph, with kg's prefixes predeclared."""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import Result

from kg.vocab import all_prefixes


def run(graph: Graph, text: str, *, label: str = "<inline>", bindings: dict | None = None,
        base: str | None = None) -> Result:
    """Run SPARQL ``text`` on ``graph`` with kg's prefixes predeclared (as the memory store
    runs it: :meth:`kg.store.memory.MemoryStore.query`).

    Raises:
        QuerySyntaxError: with the line and column of the error in ``text``.
        UsageError: for an update (kg query is read-only).
    """
    from kg.store.memory import MemoryStore

    return MemoryStore(graph).query(text, all_prefixes(base), label=label, bindings=bindings)
