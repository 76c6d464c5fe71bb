"""What a store is (:class:`Store`, the protocol every store of :data:`kg.store.STORES` meets)
and how a server worker opens one (:class:`StoreSpec`); ``kg.store`` gives both by name."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib import Graph
    from rdflib.query import Result

    from kg.inputs.project import Project


class Store(Protocol):
    """What the API, the exports and the server need from a store.

    ``prefixes`` (prefix -> namespace IRI) are predeclared in a query: it may use them without
    PREFIX lines, and its own PREFIX lines win.
    """

    #: the spec that opens this store again (``memory``, ``oxigraph:PATH``)
    spec: str
    #: whether builds into this store are checked against the SHACL shapes
    validates: bool
    #: whether it keeps OWL 2 RL entailments (``--infer``, ``--inferred``)
    infers: bool
    #: graphs of more triples than this are not drawn (graph.html, report.html); None: always
    draw_limit: int | None

    def is_current(self, project: "Project") -> bool:
        """True when the store holds a build of ``project``'s current inputs."""

    def build(self, project: "Project"):
        """Build ``project``'s inputs into the store; returns what was built (``.summary``,
        ``.ontology``; the memory store's is a ``kg.graph.build.BuildResult``)."""

    def ensure(self, project: "Project") -> None:
        """Build into the store when it is not current (nothing else is written)."""

    def infer(self, built) -> "Graph":
        """The OWL 2 RL entailments of what ``build`` returned."""

    def query(self, sparql: str, prefixes: "Mapping[str, str] | None" = None, *,
              label: str = "<inline>", bindings: dict | None = None,
              inferred: bool = False) -> "Result":
        """Run one read-only SPARQL query (an update raises UsageError)."""

    def graph(self, *, inferred: bool = False) -> "Graph":
        """Data and ontology as one rdflib graph."""

    def serialize(self, fmt: str = "turtle", *, base: str | None = None,
                  ontology: bool = False) -> bytes:
        """The data (and the ontology, if asked) in a format of ``kg.rdfio.formats.FORMATS``."""

    def summary(self) -> dict:
        """The counts of ``kg.graph.build.summarize`` for the data the store holds."""

    def count(self) -> int:
        """Triples in the data."""

    def persist(self, built) -> dict[str, bytes]:
        """Files of the store's own kept in ``exports/`` besides the exports, by name."""

    def describe_build(self, built) -> str:
        """A line for the user about what ``build`` did to the store ("" when nothing to say)."""

    def snapshot(self, workdir: Path) -> "StoreSpec":
        """How a server worker opens the store's current data (``workdir``: the server's
        private temporary directory)."""



@dataclass(frozen=True)
class StoreSpec:
    """How a worker process opens a store: ``opener`` is ``"module:function"``."""

    opener: str
    args: tuple = ()

    def open(self) -> Store:
        """Import the opener and call it with ``args``."""
        module, _, name = self.opener.partition(":")
        return getattr(importlib.import_module(module), name)(*self.args)
