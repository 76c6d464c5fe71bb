"""The view's model: the built graph as a ``pyvis.network.Network``.

:func:`build_network` collects what the view shows (``content``), styles it (``style``), places
large graphs (``layout``) and puts it all on one pyvis Network:

* ``net.nodes``: one vis-network node per entity (see :func:`content.nodes_of`): ``id`` (the
  entity's id, e.g. ``xu-li``; its IRI when two drawn entities share an id), ``label``,
  ``shape``, ``color``, ``size``, ``x``/``y`` when laid out here, and kg's fields ``class``,
  ``iri``, ``labels``, ``rank``, ``aliases``, ``notes``, ``figures`` (with evidence),
  ``properties`` and ``search``;
* ``net.edges``: one per relation between two drawn entities: ``from``, ``to``, ``arrows``,
  ``label``, ``relation`` and ``evidence`` (the statements with their quotes and sources);
* ``net.options``: pyvis's options, with what kg decides here (physics off: every position is
  computed here); the page takes what differs from pyvis's defaults over its own;
* ``net.heading``: the page title;
* ``net.kg``: what the page needs besides (class and relation labels and styles, sources by
  IRI, relations to entities left out, the focus, counts, the language).

The page (``page.render_network``) is rendered from these, never through pyvis's templates.
pyvis is imported here, when a Network is built: ``import kg.views.graph`` does not load it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kg.errors import UsageError
from kg.views.graph import content
from kg.views.graph.layout import label_box, layout, ranks_of, readable_layout
from kg.views.graph.rdf import Reader, norm_lang, slug
from kg.views.graph.style import font_size
from kg.vocab import DEFAULT_LANG, LANGS

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["PHYSICS_MAX_NODES", "build_network"]

#: Above this many entity nodes the layout is a balloon tree per component (fast), not the
#: label-aware ``readable_layout``.  (The name is older than the Python layout of small graphs:
#: every position is computed here and physics is always off.)
PHYSICS_MAX_NODES = 300


def check_args(lang, hops, max_nodes) -> str:
    """``lang`` in its canonical spelling; UsageError for a bad ``lang``, ``hops``, ``max_nodes``."""
    normal = norm_lang(lang) if isinstance(lang, str) else None
    if normal not in LANGS:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise UsageError(f"hops must be a whole number >= 0, not {hops!r}")
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise UsageError(f"max_nodes must be a whole number >= 1, not {max_nodes!r}")
    return normal


def node_ids(kept: list) -> dict:
    """entity -> node id: its id (slug), or its IRI where two kept entities share the id."""
    count: dict = {}
    for e in kept:
        count[slug(e)] = count.get(slug(e), 0) + 1
    return {e: slug(e) if count[slug(e)] == 1 else str(e) for e in kept}


def new_network(heading: str) -> "Network":
    """An empty directed pyvis Network (pyvis imported here, lazily)."""
    from pyvis.network import Network

    return Network(directed=True, heading=heading)


def fill_network(net: "Network", nodes: list[dict], edges: list[dict]) -> None:
    """Put ``nodes`` and ``edges`` (unique ids, edges between them) on ``net`` as its
    ``add_node``/``add_edge`` would, without their linear scans per call (20,000 nodes would take
    minutes)."""
    for node in nodes:
        net.nodes.append(node)
        net.node_ids.append(node["id"])
        net.node_map[node["id"]] = node
    net.edges.extend(edges)


def readable_positions(reader: Reader, kept: list, entity_cls: dict, links: list,
                       ranks: list[float]) -> list[tuple[float, float]]:
    """Positions of a graph small enough to read: room for each node's longest label."""
    max_rank = max(ranks) if ranks else 1.0
    boxes = []
    for i, e in enumerate(kept):
        # the node's size exactly as content.nodes_of gives it: app.js sizes the label font
        # from it as style.font_size does
        size = round(10 + 28 * math.sqrt(ranks[i] / max_rank), 1) if max_rank else 14
        texts = list(reader.label_dict(e, slug(e)).values())
        width, height = label_box(texts, font_size(size), size)
        boxes.append((width, height, size))
    order = [(entity_cls[e], slug(e)) for e in kept]
    return readable_layout(len(kept), links, ranks, boxes, order)


def build_network(graph, *, lang: str = DEFAULT_LANG, focus: str | None = None, hops: int = 1,
                  max_nodes: int | None = None, title: str = "kg") -> "Network":
    """The graph view of ``graph`` as a ``pyvis.network.Network`` (see the module's doc).

    Args:
        graph: an rdflib Graph built per docs/model.md (with the ontology, its rdfs:labels name
            classes and relations).
        lang: ``zh-Hant`` (default), ``zh-Hans`` or ``en``: the language of the labels.
        focus: an entity id (e.g. ``xu-li``) or IRI: keep only its neighbourhood.
        hops: the neighbourhood's radius, in edges (undirected), with ``focus``.
        max_nodes: keep at most this many entities, those with the highest PageRank.
        title: the page title (``net.heading``).

    Raises:
        UsageError: unknown ``lang`` or ``focus``, negative ``hops``, ``max_nodes`` < 1.
    """
    lang = check_args(lang, hops, max_nodes)
    title = "kg" if title is None else str(title)
    reader = Reader(graph)
    entity_cls, entities, triples = content.entities_and_links(reader)
    centre, scope = content.scope_of(entities, triples, focus, hops)
    scope_set = set(scope)
    scope_triples = [t for t in triples if t[0] in scope_set and t[2] in scope_set]
    scope_index = {e: i for i, e in enumerate(scope)}
    ranks = ranks_of(len(scope), [(scope_index[s], scope_index[o]) for s, _p, o in scope_triples])
    kept, kept_ranks, omitted = content.keep_top(scope, ranks, max_nodes, centre)
    ids = node_ids(kept)
    edges_in = [t for t in scope_triples if t[0] in ids and t[2] in ids]
    edges_out = [t for t in scope_triples if (t[0] in ids) != (t[2] in ids)]

    def ref(term) -> dict:
        return {"id": ids[term]} if term in ids else {"l": reader.label_dict(term, slug(term))}

    evidence = content.Evidence(reader, ref)
    classes, rels = content.classes_and_relations(reader, kept, entity_cls, edges_in, edges_out)
    figures = content.figures_of(reader, kept, ref, evidence)
    entity_props, props = content.literal_properties(reader, kept)
    readable = len(kept) <= PHYSICS_MAX_NODES
    index = {e: i for i, e in enumerate(kept)}
    links = [(index[s], index[o]) for s, _p, o in edges_in]
    positions = (readable_positions(reader, kept, entity_cls, links, kept_ranks) if readable
                 else layout(len(kept), links, kept_ranks))
    nodes = content.nodes_of(reader, kept, content.NodeFacts(
        ids, lang, entity_cls, classes, kept_ranks, figures, entity_props, positions))
    edges = content.edges_of(reader, ids, rels, lang, evidence, edges_in)
    outer = content.outer_of(reader, ids, evidence, edges_out)

    net = new_network(title)
    fill_network(net, nodes, edges)
    net.toggle_physics(False)
    net.kg = {
        "lang": lang, "classes": classes, "rels": rels, "props": props,
        "layout": "readable" if readable else "balloon",
        "relStyles": content.relation_styles(reader, rels),
        "sources": evidence.source_list(), "outer": outer,
        "figureClass": content.figure_class(reader), "hasFigureRel": reader.term_labels("hasFigure"),
        "metricRel": reader.term_labels("metric"),
        "focus": ids[centre] if centre is not None else None, "hops": hops,
        "omitted": omitted, "maxNodes": max_nodes,
    }
    return net
