"""kg: an evidence-backed RDF knowledge graph builder.

The library mirrors the command line::

    from kg import KG
    project = KG("path/to/project")
    result = project.build()              # build + write exports/
    rows = project.query("competitors")   # canned name, .rq file or SPARQL
    turtle = project.export("turtle")

Heavy modules (rdflib, networkx) are imported only when something needs them.
"""

from __future__ import annotations

from kg.version import __version__

__all__ = ["KG", "__version__"]


def __getattr__(name: str):
    if name == "KG":
        from kg.api import KG

        return KG
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
