"""The memory store: rdflib graphs, persisted as the exports of the last build (its query cache
and Turtle in ``exports/``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from kg.vocab import bind_prefixes

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    from rdflib import Graph
    from rdflib.query import Result

    from kg.store import StoreSpec


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


def exports_intact(project, manifest: dict, *, kept: bool = True) -> bool:
    """True when every file the build ``manifest`` lists (``files`` and the store's ``kept``
    files) is in ``exports/`` with the hash the manifest gives: no file torn by a killed build,
    edited, removed, or left from another build.

    Args:
        kept: the store's files (the query cache, not committed) must be there too; when
            False, one that is missing is read around (a fresh clone reads the Turtle).
    """
    listed, own = manifest.get("files"), manifest.get("kept", {})
    if not isinstance(listed, dict) or not isinstance(own, dict):
        return False  # a manifest without hashes (an older kg's): nothing can be checked
    if not kept:
        own = {n: d for n, d in own.items() if (project.exports_dir / n).exists()}
    from kg.inputs.project import EXPORTS_DIGESTS_FILE, hashes_stat_first

    wanted = {**listed, **own}
    found = hashes_stat_first({name: project.path("exports", name) for name in wanted},
                              project.path(EXPORTS_DIGESTS_FILE))
    return all(found[name] == digest for name, digest in wanted.items())


def load_built(project, *, inferred: bool = False) -> "Graph | None":
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
    from rdflib import Graph

    from kg.rdfio.formats import load_triples

    # not context-aware: about twice as fast to fill, and a built graph has no contexts
    import hashlib

    graph = bind_prefixes(Graph(store="SimpleMemory"), project.base)
    hashes = {**(manifest.get("files") or {}), **(manifest.get("kept") or {})} \
        if isinstance(manifest.get("kept", {}), dict) else {}

    def read(name: str) -> bytes:
        """The export ``name``, if its hash is the manifest's (torn, edited: not trusted)."""
        data = (project.exports_dir / name).read_bytes()
        if hashes.get(name) != hashlib.sha256(data).hexdigest():
            raise ValueError(f"exports/{name} is not the one the last build wrote")
        return data

    try:
        if QUERY_CACHE in hashes and (project.exports_dir / QUERY_CACHE).exists():
            load_triples(read(QUERY_CACHE), graph)
        else:
            graph.parse(data=read(manifest["graph"]), format="turtle")
            graph.parse(data=read("ontology.ttl"), format="turtle")
        if inferred:
            graph.parse(data=read(manifest["inferred"]), format="turtle")
    except Exception:  # a damaged export is rebuilt, not trusted
        return None
    return graph


#: the most triples the memory store builds: past it rdflib takes minutes and gigabytes (1M
#: triples: about 3 GB), where Oxigraph takes a fraction (benchmarks/bench_scale.py)
MEMORY_LIMIT = 300_000


def memory_limit() -> int:
    """:data:`MEMORY_LIMIT`, or the number in ``KG_MEMORY_LIMIT`` when set."""
    import os

    from kg.errors import UsageError

    value = os.environ.get("KG_MEMORY_LIMIT", "").replace("_", "").strip()
    if not value:
        return MEMORY_LIMIT
    if not value.isdigit():
        raise UsageError(f"KG_MEMORY_LIMIT={os.environ['KG_MEMORY_LIMIT']!r} is not a number "
                         "of triples; set it to e.g. 1000000, or unset it")
    return int(value)


class MemoryStore:
    """An rdflib in-memory graph (data and ontology together), built from the inputs in this
    process or read back from the exports of the last build (see :func:`load_built`).

    Queries see one default graph and no named graphs, as on every kg store: a ``GRAPH``
    pattern matches nothing (:func:`drop_named_graphs`).

    Parsed queries are kept (up to ``PREPARED_MAX``), since rdflib spends much of a small
    query's time parsing it.

    Args:
        graph: a graph to serve as it is (a server worker's snapshot); else the project's.
        project: the project whose graph this is.
    """

    PREPARED_MAX = 256
    spec = "memory"
    validates = True
    infers = True
    draw_limit = None

    def __init__(self, graph: "Graph | None" = None, project=None) -> None:
        # rdflib is imported by the first build, read or query, not here: an up-to-date
        # `kg build` only hashes the inputs
        self.project = project
        self._graph = graph
        self._built = None  # the BuildResult of a build in this process
        self._digest: str | None = None  # the inputs it was built from
        self._prepared: dict = {}
        self._inferred: "Graph | None" = None  # data, ontology and entailments, made once

    @classmethod
    def open(cls, arg: str | None, project) -> "MemoryStore":
        """The memory store of ``project`` (``arg``: none, the spec is ``memory``)."""
        return cls(project=project)

    # -- build
    def is_current(self, project) -> bool:
        """True when this process built the current inputs, or ``exports/`` holds them."""
        if self._built is not None and self._digest == project.input_digest():
            return True
        manifest = read_manifest(project)
        return bool(manifest) and manifest.get("inputs") == project.input_digest() and \
            manifest.get("store", "memory") == "memory" and \
            exports_intact(project, manifest, kept=False)

    def build(self, project):
        """Build the inputs with rdflib (``kg.graph.build.build``); the store then holds it.

        Raises:
            kg.graph.build.TooLarge: more triples than :func:`memory_limit`.
        """
        from kg.graph.build import build

        self.project = project
        self._built = build(project, max_triples=memory_limit())
        self._digest = project.input_digest()
        self._graph = self._inferred = None
        return self._built

    def ensure(self, project) -> None:
        """Build in memory unless this process built the current inputs or ``exports/``
        holds them."""
        self.project = project
        if not self.is_current(project):
            self.build(project)

    def _result(self):
        """This process's build of the current inputs (built now if there is none): data and
        ontology apart, which ``exports/`` does not keep."""
        if self._built is None or self._digest != self.project.input_digest():
            self.build(self.project)
        return self._built

    def infer(self, built) -> "Graph":
        """The OWL 2 RL entailments of ``built`` (``kg.graph.reasoning.infer``)."""
        from kg.graph.reasoning import infer

        return infer(built.graph, built.ontology, base=built.inputs.project.base)

    # -- read
    def graph(self, *, inferred: bool = False) -> "Graph":
        """Data and ontology: of this process's build, else from ``exports/``, else built here.

        Args:
            inferred: add the OWL 2 RL entailments (from ``exports/`` when the last build
                inferred, else computed now).
        """
        if inferred:
            if self._inferred is None:
                self._inferred = self._inferred_graph()
            return self._inferred
        if self._graph is None:
            if self._built is not None:
                self._graph = self._built.union()
            else:
                self._graph = load_built(self.project) if self.project is not None else None
                if self._graph is None:
                    self.build(self.project)
                    self._graph = self._built.union()
        return self._graph

    def _inferred_graph(self) -> "Graph":
        from kg.graph.reasoning import infer

        if self._built is None and self.project is not None:
            built = load_built(self.project, inferred=True)
            if built is not None:
                return built
        from rdflib import Graph

        base = self.graph()
        graph = bind_prefixes(Graph(store="SimpleMemory"),
                              self.project.base if self.project is not None else None)
        for triple in base:
            graph.add(triple)
        for triple in infer(base, base, base=self.project.base if self.project else None):
            graph.add(triple)
        return graph

    def query(self, sparql: str, prefixes: "Mapping[str, str] | None" = None, *,
              label: str = "<inline>", bindings: dict | None = None,
              inferred: bool = False) -> "Result":
        """Run one read-only SPARQL query on the graph.

        Raises:
            QuerySyntaxError: with the line and column of the error in ``sparql``.
            UsageError: for an update or SERVICE (``kg.rdfio.sparql.check_no_service``).
        """
        key = (sparql, tuple(sorted((prefixes or {}).items())))
        prepared = self._prepared.pop(key, None)
        if prepared is None:
            prepared = _prepare(sparql, prefixes, label)
        self._prepared[key] = prepared  # most recently used last
        if len(self._prepared) > self.PREPARED_MAX:
            del self._prepared[next(iter(self._prepared))]
        graph = self.graph(inferred=inferred)
        return graph.query(prepared, initBindings=bindings) if bindings else \
            graph.query(prepared)

    def serialize(self, fmt: str = "turtle", *, base: str | None = None,
                  ontology: bool = False) -> bytes:
        """The data (and the ontology, if asked), as rdflib writes it (``kg.rdfio.formats``);
        in TriG, each as its own named graph. Built from the inputs unless this process has."""
        from kg.rdfio.formats import serialize

        built, name = self._result(), self.project.name
        if fmt == "trig":
            graphs = {f"{self.project.base}graph/{name}": built.graph}
            if ontology:
                graphs[f"{self.project.base}graph/ontology"] = built.ontology
            return serialize(built.graph, fmt, graphs=graphs, base=base)
        return serialize(built.union() if ontology else built.graph, fmt, base=base)

    def summary(self) -> dict:
        """The counts of this process's build (built from the inputs if not yet)."""
        return self._result().summary

    def count(self) -> int:
        """Triples in the graph (data and ontology)."""
        return len(self.graph())

    def __len__(self) -> int:
        return self.count()

    def persist(self, built) -> dict[str, bytes]:
        """The query cache: data and ontology as JSON rows, read back fast by ``load_built``."""
        from kg.rdfio.formats import dump_triples

        return {QUERY_CACHE: dump_triples(built.union())}

    def describe_build(self, built) -> str:
        """Nothing to add: the summary says it all."""
        return ""

    def snapshot(self, workdir) -> "StoreSpec":
        """Pickle the graph into ``workdir``: each worker loads it far faster than it would
        parse Turtle."""
        import pickle
        from pathlib import Path

        from kg.store import StoreSpec

        path = Path(workdir) / "graph.pickle"
        with open(path, "wb") as handle:
            pickle.dump(self.graph(), handle, protocol=pickle.HIGHEST_PROTOCOL)
        return StoreSpec("kg.store.memory:open_snapshot", (str(path),))


def open_snapshot(path: str) -> MemoryStore:
    """Open a snapshot written by :meth:`MemoryStore.snapshot` (only ever one the server wrote)."""
    import pickle

    with open(path, "rb") as handle:
        return MemoryStore(pickle.load(handle))


def _prepare(sparql: str, prefixes, label: str):
    """``sparql`` parsed and translated for rdflib, with ``prefixes`` predeclared."""
    import rdflib.plugins.sparql

    # FROM <iri> would make rdflib fetch the IRI from the web: never.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    from rdflib.plugins.sparql.algebra import translateQuery

    from kg.errors import QuerySyntaxError
    from kg.rdfio.sparql import check_no_service, parse_query

    # rdflib would send SERVICE's request itself: refused by the text's tokens first (one
    # message whatever the parsers make of it), then on the very parse that runs
    check_no_service(sparql, label)
    parsed = parse_query(sparql, label)
    check_no_service(sparql, label, parsed)
    try:
        query = translateQuery(parsed, initNs=dict(prefixes or {}))
    except Exception as exc:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QuerySyntaxError(f"SPARQL error: {str(exc).splitlines()[0]}; fix the query",
                               path=label) from None
    query.algebra = drop_named_graphs(query.algebra)
    return query


def drop_named_graphs(node):
    """The algebra ``node`` with every ``GRAPH`` pattern replaced by one with no solutions.

    kg's dataset is one default graph with no named graphs (the Oxigraph store queries with
    ``named_graphs=[]`` alike), so ``GRAPH ?g { ... }`` answers nothing; rdflib would raise
    on a plain graph instead. (NOT) EXISTS keeps its translated pattern as an attribute,
    not an item: both are walked.
    """
    from rdflib import Literal
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, list):
        return [drop_named_graphs(item) for item in node]
    if not isinstance(node, CompValue):
        return node
    if node.name == "Graph":
        nothing = CompValue("BGP", triples=[], _vars=set())
        return CompValue("Filter", expr=Literal(False), p=nothing, _vars=set())
    for key, value in list(node.items()):
        node[key] = drop_named_graphs(value)
    for key, value in list(vars(node).items()):
        if isinstance(value, (CompValue, list)):
            setattr(node, key, drop_named_graphs(value))
    return node
