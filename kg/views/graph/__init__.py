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
per connected component, components packed in rows.  Pages of more than 1,500 nodes set labels
lazily (only on screen, once zoomed in).
``max_nodes`` keeps the entities with the highest PageRank and the page says how many were left
out.  Output is deterministic: the same graph gives byte-identical HTML (sorted data, fixed
seeds, no timestamps).

The steps: ``rdf`` reads the graph (one index of every triple), ``content`` collects what the
page shows, ``style`` gives classes their colours and shapes, ``layout`` places large graphs,
``page`` assembles the HTML.

Search folds Traditional/Simplified Chinese, width and case with kg's one fold
(``kg.text.fold``), shipped to the page as a character table (``kg.text.fold_table``).
"""


from __future__ import annotations

import math
import os
from dataclasses import dataclass

from kg.errors import UsageError
from kg.text import fold_table
from kg.views.graph import content
from kg.views.graph.layout import label_box, layout, ranks_of, readable_layout
from kg.views.graph.page import VIS_SHA256, assemble
from kg.views.graph.rdf import Reader, norm_lang, slug
from kg.views.graph.style import font_size
from kg.vocab import DEFAULT_LANG, LANGS

__all__ = ["LANGS", "PHYSICS_MAX_NODES", "VIS_SHA256", "ViewSummary", "render_html",
           "write_html"]



#: Above this many entity nodes the layout is a balloon tree per component (fast), not the
#: label-aware ``readable_layout``.  (The name is older than the Python layout of small graphs.)
PHYSICS_MAX_NODES = 300


@dataclass(frozen=True)
class ViewSummary:
    """What a rendered view contains."""

    nodes: int            #: entity nodes in the page
    edges: int            #: entity-to-entity edges in the page
    omitted_nodes: int    #: entities left out (``max_nodes``); 0 when none
    message: str          #: one line for a user, e.g. the CLI

    def __str__(self) -> str:
        return self.message


def render_html(graph, *, lang: str = DEFAULT_LANG, focus: str | None = None, hops: int = 1,
                max_nodes: int | None = None, title: str = "kg") -> str:
    """The interactive view of ``graph`` as one self-contained HTML document.

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
    return _render(graph, lang=lang, focus=focus, hops=hops, max_nodes=max_nodes, title=title)[0]


def write_html(graph, path: str | os.PathLike, **kwargs) -> ViewSummary:
    """Render ``graph`` (see :func:`render_html` for ``kwargs``) and write it to ``path``
    atomically (``kg.rdfio.files.write_atomic``)."""
    from kg.rdfio.files import write_atomic

    text, summary = _render(graph, **kwargs)
    write_atomic(path, text.encode("utf-8"))
    return summary


def _check_args(lang, hops, max_nodes) -> str:
    normal = norm_lang(lang) if isinstance(lang, str) else None
    if normal not in LANGS:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise UsageError(f"hops must be a whole number >= 0, not {hops!r}")
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise UsageError(f"max_nodes must be a whole number >= 1, not {max_nodes!r}")
    return normal


def _summary(n: int, n_edges: int, centre, hops: int, omitted: int, total: int,
             max_nodes: int | None) -> str:
    parts = [f"{n} entities, {n_edges} relations"]
    if centre is not None:
        parts.append(f"within {hops} hop{'s' if hops != 1 else ''} of {slug(centre)}")
    if omitted:
        parts.append(f"{omitted} of {total} entities left out (max_nodes={max_nodes}, "
                     f"lowest PageRank first)")
    return "; ".join(parts)


def _readable_positions(reader, kept: list, entity_cls: dict, links: list,
                        ranks: list[float]) -> list[tuple[float, float]]:
    """Positions of a graph small enough to read: room for each node's longest label."""
    max_rank = max(ranks) if ranks else 1.0
    boxes = []
    for i, e in enumerate(kept):
        # the node's size exactly as content.nodes_of gives it (``z``): app.js sizes the
        # label font from it as style.font_size does
        size = round(10 + 28 * math.sqrt(ranks[i] / max_rank), 1) if max_rank else 14
        texts = list(reader.label_dict(e, slug(e)).values())
        width, height = label_box(texts, font_size(size), size)
        boxes.append((width, height, size))
    order = [(entity_cls[e], slug(e)) for e in kept]
    return readable_layout(len(kept), links, ranks, boxes, order)


def _render(graph, *, lang: str = DEFAULT_LANG, focus: str | None = None, hops: int = 1,
            max_nodes: int | None = None, title: str = "kg") -> tuple[str, ViewSummary]:
    """The page and its summary: the steps of ``content`` in order, then ``page``."""
    lang = _check_args(lang, hops, max_nodes)
    title = "kg" if title is None else title
    reader = Reader(graph)
    entity_cls, entities, triples = content.entities_and_links(reader)
    centre, scope = content.scope_of(entities, triples, focus, hops)
    scope_set = set(scope)
    scope_triples = [t for t in triples if t[0] in scope_set and t[2] in scope_set]
    scope_index = {e: i for i, e in enumerate(scope)}
    ranks = ranks_of(len(scope), [(scope_index[s], scope_index[o]) for s, _p, o in scope_triples])
    kept, kept_ranks, omitted = content.keep_top(scope, ranks, max_nodes, centre)
    node_index = {e: i for i, e in enumerate(kept)}
    edges_in = [t for t in scope_triples if t[0] in node_index and t[2] in node_index]
    edges_out = [t for t in scope_triples if (t[0] in node_index) != (t[2] in node_index)]

    evidence = content.Evidence(reader, node_index)
    classes_json, class_index, rels_json, rel_index = content.classes_and_relations(
        reader, kept, entity_cls, edges_in, edges_out)
    figures_json, node_figures = content.figures_of(reader, kept, node_index, evidence)
    entity_props, prop_index, props_json = content.literal_properties(reader, node_index)

    n = len(kept)
    readable = n <= PHYSICS_MAX_NODES
    links = [(node_index[s], node_index[o]) for s, _p, o in edges_in]
    positions = (_readable_positions(reader, kept, entity_cls, links, kept_ranks) if readable
                 else layout(n, links, kept_ranks))
    nodes_json = content.nodes_of(reader, kept, content.NodeFacts(
        entity_cls, class_index, kept_ranks, node_figures, entity_props, prop_index, positions))
    content.place_figures(figures_json, positions)
    edges_json, outer_json = content.edges_of(reader, node_index, rel_index, evidence,
                                              edges_in, edges_out)
    edges_json, outer_json, figures_json, sources_json = evidence.renumber(
        edges_json, outer_json, figures_json)
    message = _summary(n, len(edges_json), centre, hops, omitted, len(scope), max_nodes)
    data = {
        "v": 1, "title": str(title), "lang": lang, "langs": list(LANGS), "physics": False,
        "layout": "readable" if readable else "balloon",
        "classes": classes_json, "figureClass": content.figure_class(reader), "rels": rels_json,
        "relFamilies": content.relation_families(rels_json),
        "props": props_json, "hasFigureRel": reader.term_labels("hasFigure"),
        "metricRel": reader.term_labels("metric"), "sources": sources_json,
        "nodes": nodes_json, "edges": edges_json, "outer": outer_json, "figs": figures_json,
        # kg's one fold (kg.text), as a table for the page's script
        "fold": fold_table(content.search_texts(reader, kept)),
        "focus": node_index[centre] if centre is not None else None, "hops": hops,
        "total": len(scope), "omitted": omitted, "maxNodes": max_nodes, "msg": message,
    }
    page = assemble(data, str(title), lang)
    return page, ViewSummary(nodes=n, edges=len(edges_json), omitted_nodes=omitted,
                             message=message)
