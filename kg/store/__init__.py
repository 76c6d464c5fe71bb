"""Where a built graph is kept: one :class:`Store` protocol, stores chosen by name.

A store spec names a store: ``memory`` (the default: rdflib, persisted as the exports of the
last build, :mod:`kg.store.memory`) or ``oxigraph:PATH`` (a persistent Oxigraph store,
:mod:`kg.store.oxigraph`). :func:`parse_spec` is the one parser of specs and :data:`STORES` the
registry (as rdflib's ``plugin.py``: a backend by name, imported only when a spec names it).

The command line and :class:`kg.api.KG` call a store's methods and never ask which store it is;
writing ``exports/`` (from the store's Turtle and graph) is :mod:`kg.exports`' job, for every
store. The server runs queries in worker processes, so a store also says how a worker opens
its data (:meth:`Store.snapshot`: a picklable :class:`StoreSpec`), and every worker opens its own.

To add a store: write a class with the methods of :class:`Store` and a classmethod
``open(arg, project)``, and register it in :data:`STORES`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kg.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib import Graph
    from rdflib.query import Result

    from kg.inputs.project import Project


#: store kind -> ("module:Class", whether the spec takes a path after a colon)
STORES: dict[str, tuple[str, bool]] = {
    "memory": ("kg.store.memory:MemoryStore", False),
    "oxigraph": ("kg.store.oxigraph:OxigraphStore", True),
}


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


def parse_spec(spec: str | None) -> tuple[str, str | None]:
    """Split a store spec: ``memory`` or ``oxigraph:PATH`` -> (kind, path).

    Raises:
        UsageError: for an unknown store or a missing path.
    """
    spec = (spec or "memory").strip()
    kind, _, arg = spec.partition(":")
    if kind in STORES:
        takes_path = STORES[kind][1]
        if takes_path and not arg:
            raise UsageError(f"--store {kind} needs a directory: --store {kind}:PATH")
        if takes_path == bool(arg):
            return kind, arg or None
    raise UsageError(f"unknown store '{spec}'; use "
                     + " or ".join(k + (":PATH" if p else "") for k, (_, p) in STORES.items()))


def open_store(spec: str | None, project: "Project") -> Store:
    """The store named by ``spec`` (default ``memory``) for ``project``; a relative PATH is
    taken from the current directory.

    Raises:
        UsageError: an unknown spec, or the store's library is not installed.
    """
    kind, arg = parse_spec(spec)
    module, _, name = STORES[kind][0].partition(":")
    return getattr(importlib.import_module(module), name).open(arg, project)


@dataclass(frozen=True)
class StoreSpec:
    """How a worker process opens a store: ``opener`` is ``"module:function"``."""

    opener: str
    args: tuple = ()

    def open(self) -> Store:
        """Import the opener and call it with ``args``."""
        module, _, name = self.opener.partition(":")
        return getattr(importlib.import_module(module), name)(*self.args)
