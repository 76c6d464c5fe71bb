"""One object for working with a project from Python, mirroring the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.project import Project

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.query import Result

    from kg.build import BuildResult


class KG:
    """A kg project: build it, query it, export it.

    Example:
        >>> from kg import KG
        >>> project = KG("path/to/project")
        >>> project.build().summary["entities"]
        >>> for row in project.query("competitors"): print(row.name)
        >>> turtle = project.export("turtle")

    Args:
        root: the project directory (with ``data/``, ``ontology/``, ``queries/``).
        store: where the graph is kept: ``memory`` (default, rdflib) or ``oxigraph:PATH``
            (a persistent Oxigraph store, built incrementally; see ``kg.store``).
    """

    def __init__(self, root: str | Path = ".", *, store: str | None = None) -> None:
        from kg.store import open_store

        self.project = Project.open(root)
        self.store = open_store(store, self.project)

    def build(self, *, write: bool = True, html: bool = True) -> "BuildResult":
        """Build the graph; unless ``write`` is false, write ``exports/`` atomically.

        Raises:
            InputError: a file is malformed or a quote is absent or ambiguous in its source.
        """
        if self.store is not None:
            return self.store.build(self.project, html=html, write=write)
        from kg.build import build
        from kg.export import write_exports

        result = build(self.project)
        if write:
            write_exports(result, html=html)
        return result

    def graph(self) -> "Graph":
        """The built graph (data and ontology): read from ``exports/`` if up to date, else built."""
        if self.store is not None:
            self.store.ensure(self.project)
            return self.store.graph()
        from kg.export import load_built

        built = load_built(self.project)
        return built if built is not None else self.build().union()

    def query(self, sparql: str, *, bindings: dict | None = None) -> "Result":
        """Run a canned query by name, a ``.rq`` file, or inline SPARQL on the built graph.

        Args:
            sparql: canned name (``competitors``), path of a ``.rq`` file, or SPARQL text.
            bindings: initial variable bindings (rdflib terms by variable name).
        """
        from kg.query import resolve, run

        label, text = resolve(sparql, self.project.queries_dir)
        if self.store is not None:
            self.store.ensure(self.project)
            return self.store.query(text, label=label, bindings=bindings, base=self.project.base)
        return run(self.graph(), text, label=label, bindings=bindings, base=self.project.base)

    def export(self, fmt: str = "turtle", *, ontology: bool = False) -> bytes:
        """The graph serialised as ``fmt`` (turtle, ntriples, trig, jsonld, xml).

        Args:
            fmt: output format.
            ontology: include the ontology (for trig: as its own named graph).
        """
        if self.store is not None:
            self.store.ensure(self.project)
            return self.store.serialize(fmt, base=self.project.base, ontology=ontology)
        from kg.build import build
        from kg.export import serialize

        result = build(self.project)
        base = self.project.base
        if fmt == "trig":
            graphs = {base + f"graph/{self.project.name}": result.graph}
            if ontology:
                graphs[base + "graph/ontology"] = result.ontology
            return serialize(result.graph, fmt, graphs=graphs, base=base)
        return serialize(result.union() if ontology else result.graph, fmt, base=base)

    def stats(self) -> dict:
        """Counts: triples, entities per class, statements, figures, sources, sentences."""
        if self.store is not None:
            return self.store.build(self.project, write=False).summary
        from kg.build import build

        return build(self.project).summary

    def query_endpoint(self, endpoint: str, sparql: str, *, bindings: dict | None = None,
                       graph: str | None = None, user: str | None = None,
                       password: str | None = None) -> "Result":
        """Run a canned query, a ``.rq`` file or SPARQL on a remote SPARQL ``endpoint``.

        Raises:
            RemoteError: the server cannot be reached, refused the query, or capped the answer.
        """
        from kg.query import resolve
        from kg.remote import Client, query

        label, text = resolve(sparql, self.project.queries_dir)
        return query(endpoint, text, bindings=bindings, base=self.project.base, graph=graph,
                     client=Client(user, password), label=label)

    def push(self, endpoint: str, graph: str, *, user: str | None = None,
             password: str | None = None, chunk: int = 250_000, ontology: bool = True):
        """Replace ``graph`` on a Graph Store endpoint with the built graph (and the ontology).

        Returns:
            a ``kg.remote.PushResult``.

        Raises:
            RemoteError: the server cannot be reached or refused a request.
        """
        from kg.remote import Client, push

        data = self.export("ntriples", ontology=ontology)
        return push(data, endpoint, graph, client=Client(user, password), chunk_triples=chunk)
