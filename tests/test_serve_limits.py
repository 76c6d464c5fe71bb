"""An answer over the server's row limit is refused (422) from a count that stops at the
limit, without sorting the whole answer; every other answer is the query's own."""

from __future__ import annotations

import json

from rdflib import Graph, Literal, Namespace

from kg.serve.tasks import handle

EX = Namespace("http://example.org/")


class _Store:
    """A store over an rdflib graph that keeps the text of every query it is asked."""

    def __init__(self, n: int) -> None:
        self.graph = Graph()
        for i in range(n):
            self.graph.add((EX[f"s{i:03d}"], EX.value, Literal(i)))
        self.queries: list[str] = []

    def query(self, text, prefixes=None):
        self.queries.append(text)
        return self.graph.query(text, initNs=dict(prefixes or {}))


def _run(store: _Store, query: str, max_rows: int = 10) -> dict:
    return handle(store, {"kind": "sparql", "query": query, "base": None, "result_format": "json",
                          "graph_format": None, "max_rows": max_rows})


SORTED = "# the values\nPREFIX ex: <http://example.org/>\n" \
         "SELECT ?s ?v WHERE { ?s ex:value ?v } ORDER BY DESC(?v) ?s"


def test_a_sorted_answer_over_the_limit_is_refused_without_sorting_it():
    store = _Store(50)
    reply = _run(store, SORTED)
    assert reply["status"] == 422 and b"more than 10 rows" in reply["body"]
    assert len(store.queries) == 1 and "LIMIT 11" in store.queries[0]  # only the count ran
    assert "ORDER BY" not in store.queries[0]


def test_a_sorted_answer_within_the_limit_is_the_query_s_own():
    store = _Store(8)
    reply = _run(store, SORTED)
    assert reply["status"] == 200
    values = [int(b["v"]["value"]) for b in json.loads(reply["body"])["results"]["bindings"]]
    assert values == list(range(7, -1, -1))
    assert store.queries[-1] == SORTED


def test_queries_the_count_cannot_take_apart_run_as_written():
    store = _Store(50)
    by_expression = ("PREFIX ex: <http://example.org/>\n"
                     "SELECT ?s WHERE { ?s ex:value ?v } ORDER BY (?v * -1)")
    limited = "PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:value ?v } LIMIT 5"
    assert _run(store, by_expression)["status"] == 422
    assert store.queries == [by_expression]  # refused while reading its rows, as before
    assert _run(store, limited)["status"] == 200 and store.queries[-1] == limited
