"""The interactive graph view: one self-contained, offline HTML page.

``render_html(graph)`` turns a built knowledge graph (see docs/model.md) into a single HTML file
that needs nothing outside itself: vis-network (vendored and pinned under ``kg/static/vendor``),
the page's script and style are inlined, and the graph data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped.  The
page builds every element with ``createElement``/``textContent``; no string from the data is ever
parsed as HTML.  A Content-Security-Policy allows only the page's own two scripts (by hash) and
no network access at all.

What is drawn:

* nodes: entities, i.e. resources outside the ``kgo:`` namespace typed with a ``kgo:`` class that
  is not part of the evidence/figure plumbing (Statement, Figure, Source, Sentence, Period, ...);
* edges: the plain triples ``s kgo:p o`` between two entities, each carrying the evidence found
  through the ``kgo:Statement`` resources that reify it (quote, offsets, source, claimant);
* figures (``kgo:Figure`` via ``kgo:hasFigure``): a table in the entity's detail panel, and
  optional observation nodes (hidden until the page's "figures as nodes" toggle is switched on).

Node size follows PageRank (networkx) on the undirected entity graph.  Every position is
computed here, in pure Python (``layout``), and the page draws with physics off, so the same
graph gives the same x/y.  Graphs of up to ``PHYSICS_MAX_NODES`` entities get a layout with room
for every label (``readable_layout``: stress majorization, then label boxes pushed apart; each
component on its own, so an unrelated entity moves nothing else; entities without any relation
in a grid under the graph, folded in the page into one group node); larger ones a balloon tree
per connected component, components packed in rows.  Edges are coloured by relation family
(``style.relation_family``).  Pages of more than 1,500 nodes set labels lazily (only on
screen, once zoomed in).
``max_nodes`` keeps the entities with the highest PageRank and the page says how many were left
out.  Output is deterministic: the same graph gives byte-identical HTML (sorted data, fixed
seeds, no timestamps).

The steps: ``rdf`` reads the graph (one index of every triple), ``content`` collects what the
page shows, ``style`` gives classes and relation families their colours and shapes, ``layout`` places
nodes,
``network`` puts it all on a ``pyvis.network.Network`` (the view's model, :func:`build_network`;
pyvis is imported only then), ``page`` renders any such Network through kg's own template
(:func:`render_network`, :func:`write_network`).

Search folds Traditional/Simplified Chinese, width and case with kg's one fold
(``kg.text.fold``), shipped to the page as a character table (``kg.text.fold_table``).
"""


from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kg.views.graph.network import PHYSICS_MAX_NODES, build_network
from kg.views.graph.page import VIS_SHA256, ViewSummary, render_network
from kg.vocab import DEFAULT_LANG, LANGS

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["LANGS", "PHYSICS_MAX_NODES", "VIS_SHA256", "ViewSummary", "build_network",
           "render_html", "render_network", "write_html", "write_network"]


def render_html(graph, *, lang: str = DEFAULT_LANG, focus: str | None = None, hops: int = 1,
                max_nodes: int | None = None, title: str = "kg") -> str:
    """The interactive view of ``graph`` as one self-contained HTML document: the page of
    :func:`build_network`'s pyvis Network.

    Args:
        graph: an rdflib Graph built per docs/model.md (the ontology triples may be included;
            their rdfs:labels then name classes and relations).
        lang: ``zh-Hant`` (default), ``zh-Hans`` or ``en``: the language labels are drawn in
            (switchable in the page; missing labels fall back zh-Hant, en, zh-Hans, id).
        focus: an entity id (slug, e.g. ``xu-li``) or IRI: keep only its neighbourhood.
        hops: the neighbourhood's radius, in edges (undirected), with ``focus``.
        max_nodes: keep at most this many entities, those with the highest PageRank.
        title: the page title.

    Raises:
        UsageError: unknown ``lang``, unknown ``focus``, negative ``hops``, ``max_nodes`` < 1.
    """
    return render_network(build_network(graph, lang=lang, focus=focus, hops=hops,
                                        max_nodes=max_nodes, title=title))[0]


def write_html(graph, path: str | os.PathLike, **kwargs) -> ViewSummary:
    """Render ``graph`` (see :func:`render_html` for ``kwargs``) and write it to ``path``
    atomically (``kg.rdfio.files.write_atomic``)."""
    return write_network(build_network(graph, **kwargs), path)


def write_network(net: "Network", path: str | os.PathLike) -> ViewSummary:
    """Write the pyvis Network ``net`` (from :func:`build_network`, changed the pyvis way or
    built from scratch) to ``path`` as kg's self-contained offline page, atomically
    (``kg.rdfio.files.write_atomic``).  Never pyvis's templates: see ``page``.

    Raises:
        UsageError: a node without an id or with another's id, an edge naming no node.
    """
    from kg.rdfio.files import write_atomic

    text, summary = render_network(net)
    write_atomic(path, text.encode("utf-8"))
    return summary
