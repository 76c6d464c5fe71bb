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
    RDF,
    Reader,
    lit,
    local,
    norm_lang,
    num,
    slug,
    term_key,
)
from kg.views.graph.style import FIGURE_STYLE, class_styles, families_json, relation_family


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
    them; sources are numbered once all are known (:meth:`renumber`)."""

    def __init__(self, reader: Reader, node_index: dict) -> None:
        self.reader, self.ix, self.node_index = reader, reader.ix, node_index
        self.sources: dict = {}
        ix = self.ix
        self.by_triple: dict = defaultdict(list)
        for st in ix.subjects(RDF + "subject"):
            s = ix.one(st, RDF + "subject")
            p = ix.one(st, RDF + "predicate")
            o = ix.one(st, RDF + "object")
            if s is None or p is None or o is None:
                continue
            self.by_triple[(s, str(p), o)].append(st)
        self.by_figure: dict = defaultdict(list)
        for (_s, p, o), sts in self.by_triple.items():
            if p == KGO + "hasFigure":
                self.by_figure[o].extend(sts)

    def _source(self, src):
        self.sources[src] = None
        return src

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
        """One statement: its quotes (with offsets and source), claimants and note."""
        ix = self.ix
        evidence = self._targets(st)
        claimants = []
        for agent in ix.objs(st, KGO + "claimedBy"):
            if agent in self.node_index:
                claimants.append({"n": self.node_index[agent]})
            else:
                claimants.append({"l": self.reader.label_dict(agent, slug(agent))})
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

    def renumber(self, *parts):
        """``parts`` with each source replaced by its number (sources sorted by IRI: first use
        is not deterministic enough), and the sources' list."""
        source_list = sorted(self.sources, key=term_key)
        source_no = {src: i for i, src in enumerate(source_list)}

        def renumber(obj):
            if isinstance(obj, dict):
                return {key: (source_no[val] if key == "src" else renumber(val))
                        for key, val in obj.items()}
            if isinstance(obj, list):
                return [renumber(v) for v in obj]
            return obj

        sources_json = []
        for src in source_list:
            titles = self.ix.objs(src, DCT + "title")
            sources_json.append({"i": str(src), "t": str(titles[0]) if titles else local(src)})
        return [renumber(part) for part in parts] + [sources_json]


def classes_and_relations(reader: Reader, kept: list, entity_cls: dict, edges_in: list,
                          edges_out: list) -> tuple[list, dict, list, dict]:
    """The classes drawn (with colour, shape, count) and the relations (with count), and the
    index of each."""
    rel_names = sorted({p for _s, p, _o in edges_in} | {p for _s, p, _o in edges_out})
    class_names = sorted({entity_cls[e] for e in kept})
    class_counts: dict = defaultdict(int)
    for e in kept:
        class_counts[entity_cls[e]] += 1
    rel_counts: dict = defaultdict(int)
    for _s, p, _o in edges_in:
        rel_counts[p] += 1
    styles = class_styles(class_names, reader.ancestors)
    classes_json = [{"k": c, "l": reader.term_labels(c), "col": styles[c][0], "sh": styles[c][1],
                     "n": class_counts[c]} for c in class_names]
    rels_json = []
    for p in rel_names:
        family, colour = relation_family(property_lineage(reader, p))
        rels_json.append({"k": p, "l": reader.term_labels(p), "n": rel_counts[p],
                          "fam": family, "col": colour})
    return (classes_json, {c: i for i, c in enumerate(class_names)}, rels_json,
            {p: i for i, p in enumerate(rel_names)})


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


def relation_families(rels_json: list) -> list[dict]:
    """The legend's relation families (key, colour), in order, those in the view."""
    return families_json({r["fam"] for r in rels_json})


def figure_info(reader: Reader, fig, node_index: dict, evidence_of) -> dict:
    ix = reader.ix

    def ref(term):
        """An entity reference: node index when drawn, else its labels."""
        if term is None:
            return None
        if term in node_index:
            return {"n": node_index[term]}
        return {"l": reader.label_dict(term, slug(term))}

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
        "m": ref(ix.one(fig, KGO + "metric")),
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




def figures_of(reader: Reader, kept: list, node_index: dict, evidence: Evidence) -> tuple:
    """Every figure of a kept entity (``kgo:figureOf`` / ``kgo:hasFigure``), and per node the
    indexes of its figures."""
    ix = reader.ix
    by_entity: dict = defaultdict(set)
    for fig, owners in ix.by_pred.get(KGO + "figureOf", {}).items():
        for owner in owners:
            if owner in node_index:
                by_entity[owner].add(fig)
    for owner, figs in ix.by_pred.get(KGO + "hasFigure", {}).items():
        if owner in node_index:
            by_entity[owner].update(figs)
    figures_json: list = []
    node_figures: dict = defaultdict(list)
    for owner in kept:
        for fig in sorted(by_entity.get(owner, ()), key=term_key):
            node_figures[node_index[owner]].append(len(figures_json))
            info = figure_info(reader, fig, node_index, evidence.of_figure)
            info["o"] = node_index[owner]
            figures_json.append(info)
    return figures_json, node_figures


def literal_properties(reader: Reader, node_index: dict) -> tuple[dict, dict, list]:
    """Literal kgo: properties of kept entities (event dates, ...): per entity [(name, text)],
    the index of each property name, and the properties' labels."""
    from rdflib import Literal

    entity_props: dict = defaultdict(list)
    for pred, table in reader.ix.by_pred.items():
        if not pred.startswith(KGO):
            continue
        for subj, values in table.items():
            if subj in node_index:
                for value in values:
                    if isinstance(value, Literal):
                        entity_props[subj].append((pred[len(KGO):], str(value)))
    prop_names = sorted({name for pairs in entity_props.values() for name, _v in pairs})
    props_json = [{"k": name, "l": reader.term_labels(name)} for name in prop_names]
    return entity_props, {name: i for i, name in enumerate(prop_names)}, props_json


@dataclass
class NodeFacts:
    """What :func:`nodes_of` needs besides the reader and the kept entities."""

    entity_cls: dict
    class_index: dict
    ranks: list[float]
    node_figures: dict
    entity_props: dict
    prop_index: dict
    positions: list | None


def nodes_of(reader: Reader, kept: list, facts: NodeFacts) -> list[dict]:
    """One item per kept entity: id, IRI, class, labels, PageRank and size, other-language
    labels, aliases, notes, figures, literal properties and (physics off) position."""
    ix, ranks = reader.ix, facts.ranks
    max_rank = max(ranks) if ranks else 1.0
    nodes_json = []
    for i, e in enumerate(kept):
        item = {
            "k": slug(e),
            "i": str(e),
            "c": facts.class_index[facts.entity_cls[e]],
            "l": reader.label_dict(e, slug(e)),
            "r": float(f"{ranks[i]:.6g}"),
            "z": round(10 + 28 * math.sqrt(ranks[i] / max_rank), 1) if max_rank else 14,
        }
        other = reader.other_labels.get(e)
        if other:
            item["ol"] = sorted(other)
        aliases = sorted({(norm_lang(getattr(a, "language", None)), str(a))
                          for a in ix.objs(e, ALT)})
        if aliases:
            item["a"] = [list(a) for a in aliases]
        notes = [str(c) for c in ix.objs(e, COMMENT)]
        if notes:
            item["d"] = notes
        if facts.node_figures.get(i):
            item["f"] = facts.node_figures[i]
        if facts.entity_props.get(e):
            item["p"] = sorted([facts.prop_index[name], value]
                               for name, value in facts.entity_props[e])
        if facts.positions is not None:
            item["x"], item["y"] = facts.positions[i]
        nodes_json.append(item)
    return nodes_json


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


def edges_of(reader: Reader, node_index: dict, rel_index: dict, evidence: Evidence,
             edges_in: list, edges_out: list) -> tuple[list, list]:
    """Edges between two drawn entities, and edges to an entity left out (``outer``)."""
    edges_json = []
    for s, p, o in edges_in:
        item = {"f": node_index[s], "t": node_index[o], "r": rel_index[p]}
        sts = evidence.of_triple(s, p, o)
        if sts:
            item["st"] = sts
        edges_json.append(item)
    outer_json = []
    for s, p, o in edges_out:
        inside, other, direction = (s, o, "out") if s in node_index else (o, s, "in")
        item = {"n": node_index[inside], "dir": direction, "r": rel_index[p],
                "l": reader.label_dict(other, slug(other))}
        sts = evidence.of_triple(s, p, o)
        if sts:
            item["st"] = sts
        outer_json.append(item)
    return edges_json, outer_json


def search_texts(reader: Reader, kept: list) -> list[str]:
    """Every label and alias of the kept entities: what the page's search table folds."""
    texts = [text for e in kept for text in reader.labels.get(e, {}).values()]
    return texts + [str(a) for e in kept for a in reader.ix.objs(e, ALT)]


def figure_class(reader: Reader) -> dict:
    return {"col": FIGURE_STYLE[0], "sh": FIGURE_STYLE[1], "l": reader.term_labels("Figure")}
