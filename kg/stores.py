"""Stores a graph can be served from: a name, how to prepare it, and how to open it.

A store is any object with ``query(sparql: str) -> rdflib.query.Result`` (SELECT rows of rdflib
terms, an ASK boolean, or a CONSTRUCT/DESCRIBE graph), like :class:`MemoryStore`.  The server runs
queries in worker processes, so a store is described by a picklable :class:`StoreSpec` — the dotted
name of a function that opens it, and its arguments — and every worker opens its own.

To add a store, write ``prepare(project, workdir) -> StoreSpec`` (done once, in the server
process: build or locate the data) and an opener (run in each worker), and register the
preparer in :data:`STORES` as ``"name": "module:function"``.
"""

from __future__ import annotations

import importlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib import Graph
    from rdflib.query import Result

    from kg.project import Project


class Store(Protocol):
    """What the server needs from a store: run one read-only SPARQL query.

    ``prefixes`` (prefix -> namespace IRI) are predeclared: the query may use them without
    PREFIX lines, and its own PREFIX lines win.
    """

    def query(self, sparql: str, prefixes: "Mapping[str, str] | None" = None) -> "Result":
        ...  # pragma: no cover - a protocol


@dataclass(frozen=True)
class StoreSpec:
    """How a worker process opens a store: ``opener`` is ``"module:function"``."""

    opener: str
    args: tuple = ()

    def open(self) -> Store:
        """Import the opener and call it with ``args``."""
        module, _, name = self.opener.partition(":")
        return getattr(importlib.import_module(module), name)(*self.args)


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


def prepare_memory(project: "Project", workdir: Path) -> StoreSpec:
    """Load the built graph (rebuilt in memory if ``exports/`` is stale) and snapshot it.

    The snapshot is a pickle in ``workdir`` (a private temporary directory of the server), which
    each worker loads far faster than it would parse Turtle.
    """
    from kg.build import build
    from kg.export import load_built

    graph = load_built(project)
    if graph is None:
        graph = build(project).union()
    path = Path(workdir) / "graph.pickle"
    with open(path, "wb") as handle:
        pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return StoreSpec("kg.stores:open_snapshot", (str(path),))


def open_snapshot(path: str) -> MemoryStore:
    """Open a snapshot written by :func:`prepare_memory` (only ever one the server wrote)."""
    with open(path, "rb") as handle:
        return MemoryStore(pickle.load(handle))


class OxigraphServeStore:
    """A read-only view of an Oxigraph store built by ``kg build --store oxigraph:PATH``."""

    def __init__(self, path: str, base: str) -> None:
        from kg.store import OxigraphStore

        self.store, self.base = OxigraphStore(Path(path)), base

    def query(self, sparql: str, prefixes: "Mapping[str, str] | None" = None) -> "Result":
        # the store predeclares kg's prefixes for ``base``: the same ones the server passes
        return self.store.query(sparql, base=self.base)

    def __len__(self) -> int:
        return self.store.count()


def prepare_oxigraph(project: "Project", workdir: Path, path: str) -> StoreSpec:
    """Build the Oxigraph store at ``path`` when it is not current; workers open it read-only."""
    from kg.store import open_store

    open_store(f"oxigraph:{path}", project).ensure(project)
    return StoreSpec("kg.stores:OxigraphServeStore", (str(Path(path).resolve()), project.base))


#: store name -> "module:function" that prepares it (see the module docstring); a name with a
#: colon (``oxigraph:PATH``) passes what follows it as a third argument.
STORES: dict[str, str] = {"memory": "kg.stores:prepare_memory",
                          "oxigraph": "kg.stores:prepare_oxigraph"}


def prepare_store(name: str, project: "Project", workdir: Path) -> StoreSpec:
    """Prepare the store called ``name`` for ``project``.

    Raises:
        UsageError: ``name`` is not a known store.
    """
    kind, _, arg = name.partition(":")
    if kind not in STORES or (kind == "oxigraph") != bool(arg):
        raise UsageError(f"unknown store '{name}'; use memory or oxigraph:PATH")
    module, _, func = STORES[kind].partition(":")
    prepare = getattr(importlib.import_module(module), func)
    return prepare(project, Path(workdir), arg) if arg else prepare(project, Path(workdir))
