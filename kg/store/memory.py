"""The memory store: rdflib graphs, persisted as the exports of the last build."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.rdfio.formats import load_triples
from kg.vocab import bind_prefixes

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib.query import Result


MANIFEST = ".kg-build.json"


#: data and ontology as JSON rows of terms: read back about three times as fast as Turtle.
QUERY_CACHE = ".kg-graph.json"


def read_manifest(project) -> dict | None:
    """The manifest of the last build, or None."""
    path = project.exports_dir / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_built(project, *, inferred: bool = False) -> Graph | None:
    """Data and ontology from ``exports/`` when they are up to date with the inputs, else None.

    With ``inferred``, also the inferred export; None when the last build did not infer.
    """
    manifest = read_manifest(project)
    if not manifest or manifest.get("inputs") != project.input_digest():
        return None
    if manifest.get("store", "memory") != "memory":  # written from another store's build
        return None
    if inferred and not manifest.get("inferred"):
        return None
    # not context-aware: about twice as fast to fill, and a built graph has no contexts
    graph = bind_prefixes(Graph(store="SimpleMemory"), project.base)
    cache = project.exports_dir / QUERY_CACHE
    try:
        if cache.exists():
            load_triples(cache.read_bytes(), graph)
        else:
            graph.parse(project.exports_dir / manifest["graph"], format="turtle")
            graph.parse(project.exports_dir / "ontology.ttl", format="turtle")
        if inferred:
            graph.parse(project.exports_dir / manifest["inferred"], format="turtle")
    except Exception:  # a damaged export is rebuilt, not trusted
        return None
    return graph


class MemoryStore:
    """An rdflib in-memory graph (data and ontology together).

    Parsed queries are kept (up to ``PREPARED_MAX``), since rdflib spends much of a small
    query's time parsing it.
    """

    PREPARED_MAX = 256

    def __init__(self, graph: "Graph") -> None:
        import rdflib.plugins.sparql

        # FROM <iri> would make rdflib fetch the IRI from the web: never.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.graph = graph
        self._prepared: dict = {}

    def query(self, sparql: str, prefixes: "Mapping[str, str] | None" = None) -> "Result":
        from rdflib.plugins.sparql import prepareQuery

        key = (sparql, tuple(sorted((prefixes or {}).items())))
        prepared = self._prepared.pop(key, None)
        if prepared is None:
            prepared = prepareQuery(sparql, initNs=dict(prefixes or {}))
        self._prepared[key] = prepared  # most recently used last
        if len(self._prepared) > self.PREPARED_MAX:
            del self._prepared[next(iter(self._prepared))]
        return self.graph.query(prepared)

    def __len__(self) -> int:
        return len(self.graph)
