"""Stores a server runs queries on: how to prepare each once and open it in every worker."""

from __future__ import annotations

import importlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import UsageError
from kg.store import StoreSpec
from kg.store.memory import MemoryStore

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib.query import Result

    from kg.inputs.project import Project


def prepare_memory(project: "Project", workdir: Path) -> StoreSpec:
    """Load the built graph (rebuilt in memory if ``exports/`` is stale) and snapshot it.

    The snapshot is a pickle in ``workdir`` (a private temporary directory of the server), which
    each worker loads far faster than it would parse Turtle.
    """
    from kg.graph.build import build
    from kg.store.memory import load_built

    graph = load_built(project)
    if graph is None:
        graph = build(project).union()
    path = Path(workdir) / "graph.pickle"
    with open(path, "wb") as handle:
        pickle.dump(graph, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return StoreSpec("kg.serve.stores:open_snapshot", (str(path),))


def open_snapshot(path: str) -> MemoryStore:
    """Open a snapshot written by :func:`prepare_memory` (only ever one the server wrote)."""
    with open(path, "rb") as handle:
        return MemoryStore(pickle.load(handle))


class OxigraphServeStore:
    """A read-only view of an Oxigraph store built by ``kg build --store oxigraph:PATH``."""

    def __init__(self, path: str, base: str) -> None:
        from kg.store.oxigraph import OxigraphStore

        self.store, self.base = OxigraphStore(Path(path)), base

    def query(self, sparql: str, prefixes: "Mapping[str, str] | None" = None) -> "Result":
        # the store predeclares kg's prefixes for ``base``: the same ones the server passes
        return self.store.query(sparql, base=self.base)

    def __len__(self) -> int:
        return self.store.count()


def prepare_oxigraph(project: "Project", workdir: Path, path: str) -> StoreSpec:
    """Build the Oxigraph store at ``path`` when it is not current; workers open it read-only."""
    from kg.store.oxigraph import open_store

    open_store(f"oxigraph:{path}", project).ensure(project)
    return StoreSpec("kg.serve.stores:OxigraphServeStore", (str(Path(path).resolve()), project.base))


#: store name -> "module:function" that prepares it (see the module docstring); a name with a
#: colon (``oxigraph:PATH``) passes what follows it as a third argument.
STORES: dict[str, str] = {"memory": "kg.serve.stores:prepare_memory",
                          "oxigraph": "kg.serve.stores:prepare_oxigraph"}


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
