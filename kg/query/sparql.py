"""SPARQL over an rdflib graph, with kg's prefixes predeclared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.query import Result

from kg.vocab import all_prefixes

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping


def run(graph: Graph, text: str, *, label: str = "<inline>", bindings: dict | None = None,
        base: str | None = None) -> "QueryResult":
    """Run SPARQL ``text`` on ``graph`` with kg's prefixes predeclared (as the memory store
    runs it: :meth:`kg.store.memory.MemoryStore.query`).

    Raises:
        QuerySyntaxError: with the line and column of the error in ``text``.
        UsageError: for an update (kg query is read-only).
    """
    from kg.store.memory import MemoryStore

    prefixes = all_prefixes(base)
    return QueryResult(MemoryStore(graph).query(text, prefixes, label=label, bindings=bindings),
                       prefixes)


class QueryResult(Result):
    """An rdflib ``Result`` (rows, ``askAnswer`` or ``graph`` as rdflib gives them) with what a
    notebook wants: :meth:`to_dataframe` and an HTML table (``kg.query.notebook``).

    Args:
        result: the store's answer; its rows are shared, not copied.
        prefixes: the prefixes that shorten IRIs in the HTML table.
    """

    def __init__(self, result: Result, prefixes: "Mapping[str, str] | None" = None) -> None:
        super().__init__(result.type)
        self.__dict__.update(vars(result))
        self.prefixes = dict(prefixes or {})

    def to_dataframe(self, *, exact_decimals: bool = False):
        """The answer as a pandas DataFrame: integers ``Int64``, decimals and doubles
        ``float64`` (with ``exact_decimals``, xsd:decimal stays ``decimal.Decimal``), dates
        ``datetime64``, booleans ``boolean``, strings, language-tagged strings and IRIs ``str``
        (see ``kg.query.notebook``).

        Raises:
            UsageError: pandas is not installed (``pip install -e '.[notebook]'``).
        """
        from kg.query.notebook import to_dataframe

        return to_dataframe(self, exact_decimals=exact_decimals)

    def _repr_html_(self) -> str:
        from kg.query.notebook import result_html

        return result_html(self, self.prefixes)

    def __repr__(self) -> str:
        if self.type == "ASK":
            return f"<kg QueryResult ASK: {bool(self.askAnswer)}>"
        if self.type == "SELECT":
            names = " ".join(f"?{v}" for v in self.vars or [])
            return f"<kg QueryResult SELECT {names}: {len(self)} rows>"
        return f"<kg QueryResult {self.type}: {len(self.graph or ())} triples>"
