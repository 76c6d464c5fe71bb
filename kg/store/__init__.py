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

from kg.errors import UsageError

TYPE_CHECKING = False  # typing's flag without importing typing (3 ms of a cold command)
if TYPE_CHECKING:  # pragma: no cover
    from kg.inputs.project import Project
    from kg.store.protocol import Store


#: store kind -> ("module:Class", whether the spec takes a path after a colon)
STORES: dict[str, tuple[str, bool]] = {
    "memory": ("kg.store.memory:MemoryStore", False),
    "oxigraph": ("kg.store.oxigraph:OxigraphStore", True),
}


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
    # __import__, not importlib.import_module: importlib (with warnings) is a tenth of what a
    # cold query imports; with a fromlist it gives the module named, not its package
    return getattr(__import__(module, fromlist=[name]), name).open(arg, project)


def __getattr__(name: str):
    """:class:`Store` and :class:`StoreSpec` (``kg.store.protocol``), imported when first asked
    for: a cold query opens its store without typing's Protocol or dataclasses."""
    if name in ("Store", "StoreSpec"):
        from kg.store import protocol

        return getattr(protocol, name)
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
