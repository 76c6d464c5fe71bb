"""kg: an evidence-backed RDF knowledge graph builder.

The library mirrors the command line::

    import kg
    result = kg.build("path/to/project")          # build + write exports/
    rows = kg.query("competitors", "path/to/project")
    turtle = kg.export("turtle", "path/to/project")

Heavy modules (rdflib, networkx) are imported only when a function needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.query import Result

    from kg.build import BuildResult


def build(project: str | Path = ".", *, write: bool = True, html: bool = True) -> "BuildResult":
    """Build a project's graph and, unless ``write`` is false, write ``exports/``.

    Args:
        project: the project directory.
        write: write the exports (atomically) after a successful build.
        html: also write ``exports/graph.html``.

    Returns:
        The BuildResult with ``graph``, ``ontology`` and ``summary``.
    """
    from kg.build import build as _build
    from kg.export import write_exports
    from kg.project import Project

    result = _build(Project.open(project))
    if write:
        write_exports(result, html=html)
    return result


def graph(project: str | Path = ".") -> "Graph":
    """The built graph (data and ontology): read from ``exports/`` when up to date, else rebuilt."""
    from kg.export import load_built, write_exports
    from kg.project import Project

    proj = Project.open(project)
    built = load_built(proj)
    if built is None:
        from kg.build import build as _build

        result = _build(proj)
        write_exports(result)
        built = result.union()
    return built


def query(sparql: str, project: str | Path = ".", *, bindings: dict | None = None) -> "Result":
    """Run a canned query by name, a ``.rq`` file, or inline SPARQL on the built graph."""
    from kg.project import Project
    from kg.query import resolve, run

    proj = Project.open(project)
    label, text = resolve(sparql, proj.queries_dir)
    return run(graph(proj.root), text, label=label, bindings=bindings, base=proj.base)


def export(fmt: str = "turtle", project: str | Path = ".", *, ontology: bool = False) -> bytes:
    """The built graph serialised as ``fmt`` (turtle, ntriples, trig, jsonld, xml)."""
    from kg.build import build as _build
    from kg.export import serialize
    from kg.project import Project

    proj = Project.open(project)
    result = _build(proj)
    if fmt == "trig":
        graphs = {proj.base + f"graph/{proj.name}": result.graph}
        if ontology:
            graphs[proj.base + "graph/ontology"] = result.ontology
        return serialize(result.graph, fmt, graphs=graphs, base=proj.base)
    return serialize(result.union() if ontology else result.graph, fmt, base=proj.base)
