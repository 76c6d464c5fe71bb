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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib.query import Result



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














