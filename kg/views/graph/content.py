"""What the page shows, collected from the graph in named steps: entities in scope, the
evidence of each edge and figure, classes and relations, figures, literal properties, nodes,
edges and sources. Each step returns plain data that ``json_for_script`` can write."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from kg.errors import UsageError
from kg.inputs.sources import ID_RE
from kg.views.graph.layout import GOLDEN
from kg.views.graph.rdf import (
    ALT,
    COMMENT,
    DCT,
    KGO,
    NON_EDGE_PREDICATES,
    OA,
    Reader,
    lit,
    local,
    norm_lang,
    num,
    pick,
    slug,
    term_key,
)
from kg.views.graph.style import FIGURE_STYLE, class_styles, relation_family


def entities_and_links(reader: Reader) -> tuple[dict, list, list]:
    """Every entity with its class, the entities sorted by id, and the plain kgo: triples
    between two entities (the edges), sorted."""
    entity_cls = {}
    for subj in reader.kgo_types:
        cls = reader.entity_class(subj)
        if cls is not None:
            entity_cls[subj] = cls
    entities = sorted(entity_cls, key=lambda e: (slug(e), str(e)))
    triples = sorted({(s, p, o) for s, p, o in reader.ix.kgo_links
                      if p not in NON_EDGE_PREDICATES and s in entity_cls and o in entity_cls},
                     key=lambda t: (str(t[0]), t[1], str(t[2])))
    return entity_cls, entities, triples


def resolve_focus(focus: str, entities: list) -> object:
    """The entity ``focus`` names: its IRI or its id (slug)."""
    by_iri = {str(e): e for e in entities}
    if focus in by_iri:
        return by_iri[focus]
    matches = [e for e in entities if slug(e) == focus]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(f"entity id {focus!r} is ambiguous: give its IRI")
    hint = "" if ID_RE.match(focus) or "://" in focus else " (ids look like 'xu-li')"
    raise UsageError(f"unknown entity {focus!r}: no entity with that id or IRI{hint}")


def scope_of(entities: list, triples: list, focus: str | None, hops: int) -> tuple:
    """(centre, entities in scope): all of them, or those within ``hops`` of ``focus``."""
    if focus is None:
        return None, entities
    if not isinstance(focus, str) or not focus:
        raise UsageError("focus must be an entity id or IRI")
    centre = resolve_focus(focus, entities)
    neighbours = defaultdict(set)
    for s, _p, o in triples:
        neighbours[s].add(o)
        neighbours[o].add(s)
    keep = {centre}
    frontier = {centre}
    for _ in range(hops):
        frontier = {m for f in frontier for m in neighbours[f]} - keep
        keep |= frontier
    return centre, [e for e in entities if e in keep]


def keep_top(scope: list, ranks: list[float], max_nodes: int | None, centre) -> tuple:
    """(kept entities, their ranks, how many were left out): at most ``max_nodes``, the
    highest PageRank first, the focus always kept."""
    if max_nodes is None or len(scope) <= max_nodes:
        return scope, ranks, 0
    scope_index = {e: i for i, e in enumerate(scope)}
    order = sorted(range(len(scope)), key=lambda i: (-ranks[i], slug(scope[i]), str(scope[i])))
    chosen = set(order[:max_nodes])
    if centre is not None and scope_index[centre] not in chosen:
        chosen.discard(order[max_nodes - 1])
        chosen.add(scope_index[centre])
    return ([scope[i] for i in sorted(chosen)], [ranks[i] for i in sorted(chosen)],
            len(scope) - len(chosen))


class Evidence:
    """The evidence of edges and figures, through the ``kgo:Statement`` resources that reify
    them.  ``ref(term)`` names an entity for the view (``{"id": node id}`` when drawn, else
    ``{"l": labels}``); sources are given by IRI and listed by :meth:`source_list`."""

    def __init__(self, reader: Reader, ref) -> None:
        self.reader, self.ix, self.ref = reader, reader.ix, ref
        self.sources: dict = {}
        ix = self.ix
        self.by_triple: dict = defaultdict(list)
        for st in ix.subjects(KGO + "statementSubject"):
            s = ix.one(st, KGO + "statementSubject")
            p = ix.one(st, KGO + "statementRelation")
            o = ix.one(st, KGO + "statementObject")
            if o is None:
                o = ix.one(st, KGO + "statementValue")
            if s is None or p is None or o is None:
                continue
            self.by_triple[(s, str(p), o)].append(st)
        self.by_figure: dict = defaultdict(list)
        for (_s, p, o), sts in self.by_triple.items():
            if p == KGO + "hasFigure":
                self.by_figure[o].extend(sts)

    def _source(self, src) -> str:
        self.sources[str(src)] = src
        return str(src)

    def _targets(self, st) -> list[dict]:
        ix, evidence = self.ix, []
        for ev in ix.objs(st, KGO + "hasEvidence"):
            for tgt in ix.objs(ev, OA + "hasTarget") or [ev]:
                item: dict = {}
                src = ix.one(tgt, OA + "hasSource")
                if src is not None:
                    item["src"] = self._source(src)
                for sel in ix.objs(tgt, OA + "hasSelector"):
                    exact = ix.one(sel, OA + "exact")
                    if exact is not None:
                        item["q"] = str(exact)
                        pre, suf = ix.one(sel, OA + "prefix"), ix.one(sel, OA + "suffix")
                        if pre is not None:
                            item["pre"] = str(pre)
                        if suf is not None:
                            item["suf"] = str(suf)
                    start = ix.one(sel, OA + "start")
                    if start is not None:
                        item["s"] = num(start)
                        item["e"] = num(ix.one(sel, OA + "end"))
                if item:
                    evidence.append(item)
        return evidence

    def describe(self, st) -> dict:
        """One statement: its quotes (with offsets and source IRI), claimants and note."""
        ix = self.ix
        evidence = self._targets(st)
        claimants = [self.ref(agent) for agent in ix.objs(st, KGO + "claimedBy")]
        if not evidence:
            src = ix.one(st, "http://www.w3.org/ns/prov#wasDerivedFrom")
            if src is not None:
                evidence.append({"src": self._source(src)})
        out = {"k": local(st), "ev": evidence}
        if claimants:
            out["by"] = claimants
        notes = [str(c) for c in ix.objs(st, COMMENT)]
        if notes:
            out["note"] = notes[0]
        return out

    def of_triple(self, s, p: str, o) -> list:
        return [self.describe(st) for st in self.by_triple.get((s, KGO + p, o), [])]

    def of_figure(self, fig) -> list:
        return [self.describe(st) for st in sorted(self.by_figure.get(fig, []), key=term_key)]

    def source_list(self) -> list[dict]:
        """Every source met so far, sorted by IRI (first use is not deterministic enough):
        ``{"i": IRI, "t": title}``."""
        out = []
        for src in sorted(self.sources.values(), key=term_key):
            titles = self.ix.objs(src, DCT + "title")
            out.append({"i": str(src), "t": str(titles[0]) if titles else local(src)})
        return out


def classes_and_relations(reader: Reader, kept: list, entity_cls: dict, edges_in: list,
                          edges_out: list) -> tuple[dict, dict]:
    """The classes drawn, ``{name: {"l": labels, "col": colour, "sh": vis shape}}``, and the
    relations, ``{name: labels}``."""
    rel_names = sorted({p for _s, p, _o in edges_in} | {p for _s, p, _o in edges_out})
    class_names = sorted({entity_cls[e] for e in kept})
    styles = class_styles(class_names, reader.ancestors)
    classes = {c: {"l": reader.term_labels(c), "col": styles[c][0], "sh": styles[c][1]}
               for c in class_names}
    return classes, {p: reader.term_labels(p) for p in rel_names}


def property_lineage(reader: Reader, name: str) -> list[str]:
    """Local names of a kgo: relation and its super-properties (rdfs:subPropertyOf), nearest
    first: what ``style.relation_family`` colours by."""
    table = reader.ix.by_pred.get("http://www.w3.org/2000/01/rdf-schema#subPropertyOf", {})
    from rdflib import URIRef

    order, seen, todo = [], set(), [URIRef(KGO + name)]
    while todo:
        cur = todo.pop(0)
        if cur in seen:
            continue
        seen.add(cur)
        order.append(local(cur))
        todo.extend(sorted(table.get(cur, ()), key=term_key))
    return order


def relation_styles(reader: Reader, rel_names) -> dict:
    """``{relation: [family, colour]}``: each relation's family (by its name or a
    super-property's, ``style.relation_family``) and the colour its edges are drawn in."""
    return {p: list(relation_family(property_lineage(reader, p))) for p in rel_names}



def figure_info(reader: Reader, fig, ref, evidence_of) -> dict:
    """One figure: label, metric (``ref``: an entity reference), value or range, unit,
    qualifier, flags, period, change, and its statements (``evidence_of``)."""
    ix = reader.ix

    def kgo_term(term):
        if term is None:
            return None
        text = str(term)
        if text.startswith(KGO):
            return reader.term_labels(text[len(KGO):])
        return reader.label_dict(term, local(term))

    def unit_symbol(term):
        if term is None:
            return None
        symbol = ix.one(term, KGO + "unitSymbol")
        return str(symbol) if symbol is not None else local(term)

    info = {
        "k": local(fig),
        "l": reader.label_dict(fig, local(fig)),
        "m": _ref_or_none(ref, ix.one(fig, KGO + "metric")),
        "v": num(ix.one(fig, KGO + "value")),
        "vmin": num(ix.one(fig, KGO + "minValue")),
        "vmax": num(ix.one(fig, KGO + "maxValue")),
        "mt": lit(ix.one(fig, KGO + "multiplierText")),
        "u": unit_symbol(ix.one(fig, KGO + "unit")),
        "q": kgo_term(ix.one(fig, KGO + "qualifier")),
        "fl": sorted(str(f) for f in ix.objs(fig, KGO + "flag")),
    }
    period = ix.one(fig, KGO + "period")
    if period is not None:
        info["p"] = reader.label_dict(period, local(period))
    change = ix.one(fig, KGO + "change")
    if change is not None:
        compared = ix.one(change, KGO + "comparedTo")
        info["c"] = {
            "v": num(ix.one(change, KGO + "value")),
            "u": unit_symbol(ix.one(change, KGO + "unit")),
            "d": kgo_term(ix.one(change, KGO + "direction")),
            "b": kgo_term(ix.one(change, KGO + "basis")),
            "since": reader.label_dict(compared, local(compared)) if compared is not None else None,
            "q": kgo_term(ix.one(change, KGO + "qualifier")),
        }
    info["st"] = evidence_of(fig)
    return {k: v for k, v in info.items() if v not in (None, [], {})}




def _ref_or_none(ref, term):
    return None if term is None else ref(term)


def figures_of(reader: Reader, kept: list, ref, evidence: Evidence) -> dict:
    """Every figure of a kept entity (``kgo:figureOf`` / ``kgo:hasFigure``), per entity, in
    the order of the figures' IRIs."""
    ix = reader.ix
    kept_set = set(kept)
    by_entity: dict = defaultdict(set)
    for fig, owners in ix.by_pred.get(KGO + "figureOf", {}).items():
        for owner in owners:
            if owner in kept_set:
                by_entity[owner].add(fig)
    for owner, figs in ix.by_pred.get(KGO + "hasFigure", {}).items():
        if owner in kept_set:
            by_entity[owner].update(figs)
    return {owner: [figure_info(reader, fig, ref, evidence.of_figure)
                    for fig in sorted(by_entity[owner], key=term_key)]
            for owner in kept if by_entity.get(owner)}


def literal_properties(reader: Reader, kept: list) -> tuple[dict, dict]:
    """Literal kgo: properties of kept entities (event dates, ...): per entity the sorted
    ``[name, text]`` pairs, and each property's labels."""
    from rdflib import Literal

    kept_set = set(kept)
    entity_props: dict = defaultdict(list)
    for pred, table in reader.ix.by_pred.items():
        if not pred.startswith(KGO):
            continue
        for subj, values in table.items():
            if subj in kept_set:
                for value in values:
                    if isinstance(value, Literal):
                        entity_props[subj].append([pred[len(KGO):], str(value)])
    names = sorted({name for pairs in entity_props.values() for name, _v in pairs})
    return ({e: sorted(pairs) for e, pairs in entity_props.items()},
            {name: reader.term_labels(name) for name in names})


@dataclass
class NodeFacts:
    """What :func:`nodes_of` needs besides the reader and the kept entities."""

    ids: dict             #: entity -> node id
    lang: str             #: the language of the nodes' ``label``
    entity_cls: dict
    classes: dict         #: class -> {"l", "col", "sh"} (:func:`classes_and_relations`)
    ranks: list[float]
    figures: dict         #: entity -> [figure] (:func:`figures_of`)
    entity_props: dict    #: entity -> [[name, text]] (:func:`literal_properties`)
    positions: list | None


def nodes_of(reader: Reader, kept: list, facts: NodeFacts) -> list[dict]:
    """One pyvis node (vis-network node options) per kept entity: ``id``, ``label`` (in
    ``facts.lang``), ``shape``, ``color``, ``size`` (PageRank), ``x``/``y`` (physics off), and
    kg's own fields: ``class``, ``iri``, ``labels`` (every language), ``rank``, ``otherLabels``,
    ``aliases``, ``notes``, ``figures`` (with their evidence), ``properties`` and ``search``
    (the texts the page's search finds it by)."""
    ix, ranks = reader.ix, facts.ranks
    max_rank = max(ranks) if ranks else 1.0
    nodes = []
    for i, e in enumerate(kept):
        labels = reader.label_dict(e, slug(e))
        cls = facts.entity_cls[e]
        style = facts.classes[cls]
        node = {
            "id": facts.ids[e], "label": pick(labels, facts.lang), "shape": style["sh"],
            "color": style["col"],
            "size": round(10 + 28 * math.sqrt(ranks[i] / max_rank), 1) if max_rank else 14,
            "class": cls, "iri": str(e), "labels": labels, "rank": float(f"{ranks[i]:.6g}"),
        }
        if facts.positions is not None:
            node["x"], node["y"] = facts.positions[i]
        other = reader.other_labels.get(e)
        if other:
            node["otherLabels"] = sorted(other)
        alt = ix.objs(e, ALT)
        aliases = sorted({(norm_lang(getattr(a, "language", None)), str(a)) for a in alt})
        if aliases:
            node["aliases"] = [list(a) for a in aliases]
        notes = [str(c) for c in ix.objs(e, COMMENT)]
        if notes:
            node["notes"] = notes
        if facts.figures.get(e):
            node["figures"] = facts.figures[e]
        if facts.entity_props.get(e):
            node["properties"] = facts.entity_props[e]
        node["search"] = list(reader.labels.get(e, {}).values()) + [str(a) for a in alt]
        nodes.append(node)
    return nodes


def place_figures(figures_json: list, positions: list) -> None:
    """With physics off, each figure node on a sunflower around its owner."""
    counter: dict = defaultdict(int)
    for fig in figures_json:
        owner = fig["o"]
        slot = counter[owner]
        counter[owner] += 1
        ang = -math.pi / 2 + slot * GOLDEN
        x0, y0 = positions[owner]
        fig["x"] = round(x0 + 40 * math.cos(ang), 1)
        fig["y"] = round(y0 + 40 * math.sin(ang), 1)


def edges_of(reader: Reader, ids: dict, rels: dict, lang: str, evidence: Evidence,
             edges_in: list) -> list[dict]:
    """One pyvis edge per triple between two drawn entities: ``from``, ``to``, ``arrows``,
    ``label`` (the relation's, in ``lang``), ``relation`` (its kgo: name) and ``evidence`` (the
    statements that reify it)."""
    edges = []
    for s, p, o in edges_in:
        item = {"from": ids[s], "to": ids[o], "arrows": "to", "label": pick(rels[p], lang),
                "relation": p}
        sts = evidence.of_triple(s, p, o)
        if sts:
            item["evidence"] = sts
        edges.append(item)
    return edges


def outer_of(reader: Reader, ids: dict, evidence: Evidence, edges_out: list) -> list[dict]:
    """Relations of a drawn entity (``id``) to one left out of the view (``l``: its labels)."""
    outer = []
    for s, p, o in edges_out:
        inside, other, direction = (s, o, "out") if s in ids else (o, s, "in")
        item = {"id": ids[inside], "dir": direction, "relation": p,
                "l": reader.label_dict(other, slug(other))}
        sts = evidence.of_triple(s, p, o)
        if sts:
            item["evidence"] = sts
        outer.append(item)
    return outer


def figure_class(reader: Reader) -> dict:
    return {"col": FIGURE_STYLE[0], "sh": FIGURE_STYLE[1], "l": reader.term_labels("Figure")}
