"""How things connect and what matters most: explained paths and the graph's structure.

The *entity graph* is read from the built RDF graph through SPARQL: one node per entity
(``{base}entity/{id}``) and one directed edge per ``kgo:Statement`` whose subject and object are
both entities, carrying the statement id, the relation and its evidence quote. Figures
(``kgo:hasFigure``) are not nodes; they are counted per entity.

``find_paths`` answers "how are A and B connected?" with the shortest paths, every hop explained
by its relation label and the quote it rests on. ``summarize_structure`` measures the shape:
entities and statements per class and relation, degree and PageRank top lists, connected
components, Louvain communities (fixed seed, so the answer is reproducible) and the entities that
no statement mentions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from kg.errors import CheckFailed, UsageError
from kg.text import name_key, printable
from kg.vocab import LANGS, label_order

__all__ = ["Hop", "Path", "PathResult", "EntityGraph", "entity_graph", "to_networkx",
           "resolve_entity", "find_paths", "summarize_structure", "format_structure", "pagerank"]

#: Seed of the Louvain community detection: the same graph always gives the same communities.
LOUVAIN_SEED = 7

@dataclass
class Hop:
    """One step of a path: ``source`` to ``target`` along ``relation``.

    ``forward`` is false when the statement runs the other way (``target relation source``).
    """

    source: str
    target: str
    statement: str
    relation: str
    relation_label: str
    forward: bool
    quote: str
    claimed_by: str | None = None

    def as_dict(self, eg: "EntityGraph", lang: str) -> dict:
        return {"from": self.source, "from_label": eg.label(self.source, lang),
                "to": self.target, "to_label": eg.label(self.target, lang),
                "relation": self.relation, "relation_label": self.relation_label,
                "direction": "forward" if self.forward else "inverse",
                "statement": self.statement, "quote": self.quote,
                "claimed_by": self.claimed_by,
                "claimed_by_label": eg.label(self.claimed_by, lang) if self.claimed_by else None}


@dataclass
class Path:
    """A chain of hops from one entity to another."""

    hops: list[Hop]


@dataclass
class PathResult:
    """The shortest explained paths between two entities."""

    source: str
    target: str
    lang: str
    paths: list[Path]
    hops: int
    truncated: bool
    graph: "EntityGraph"

    def as_dict(self) -> dict:
        eg = self.graph
        return {"from": self.source, "from_label": eg.label(self.source, self.lang),
                "to": self.target, "to_label": eg.label(self.target, self.lang),
                "lang": self.lang, "hops": self.hops, "truncated": self.truncated,
                "paths": [[hop.as_dict(eg, self.lang) for hop in path.hops]
                          for path in self.paths]}

    def summary(self) -> str:
        """How many shortest paths, of how many hops: the header of every rendering."""
        count = len(self.paths)
        return (f"{count}{'+' if self.truncated else ''} shortest path{'s' if count != 1 else ''}"
                f" of {self.hops} hop{'s' if self.hops != 1 else ''}")

    def format_text(self) -> str:
        """The paths as a person reads them, one hop per line with its quote beneath."""
        eg, lang = self.graph, self.lang

        def name(ident: str) -> str:
            return f"{eg.label(ident, lang)} ({ident})"

        lines = [f"{name(self.source)} → {name(self.target)}: {self.summary()}"]
        for n, path in enumerate(self.paths, 1):
            lines.append(f"path {n}:")
            for hop in path.hops:
                relation = f"{hop.relation_label} [{hop.relation}]"
                arrow = f"—{relation}→" if hop.forward else f"←{relation}—"
                lines.append(f"  {name(hop.source)} {arrow} {name(hop.target)}")
                claim = f" — claimed by {eg.label(hop.claimed_by, lang)}" if hop.claimed_by \
                    else ""
                lines.append(f"      「{hop.quote}」 (kgs:{hop.statement}){claim}")
        return printable("\n".join(lines) + "\n", keep="\n")

    def _repr_html_(self) -> str:
        from kg.query.notebook import path_html

        return path_html(self)

    def __repr__(self) -> str:
        return (f"<kg PathResult {self.source} → {self.target}: {len(self.paths)}"
                f"{'+' if self.truncated else ''} path(s) of {self.hops} hop(s)>")


@dataclass
class EntityGraph:
    """Entities and the statements between them, as a networkx MultiDiGraph keyed by id."""

    graph: object  # networkx.MultiDiGraph: node = entity id, key = statement id
    classes: dict[str, str]
    labels: dict[str, dict[str, str]]
    aliases: dict[str, list[str]]
    relation_labels: dict[str, dict[str, str]]
    statements_per_relation: dict[str, int]
    figures_per_entity: dict[str, int]
    mentioned: set[str]
    uses: dict[str, set[str]] = field(default_factory=dict)

    def label(self, ident: str, lang: str) -> str:
        """The entity's label in ``lang``, else in ``kg.vocab.label_order``, else any; its id
        when it has none."""
        labels = self.labels.get(ident, {})
        for tag in label_order(lang):
            if labels.get(tag):
                return labels[tag]
        return next(iter(labels.values()), ident)

    def relation_label(self, relation: str, lang: str) -> str:
        labels = self.relation_labels.get(relation, {})
        for tag in (lang, "en"):
            if labels.get(tag):
                return labels[tag]
        return relation


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_graph(graph, base: str) -> EntityGraph:
    """Read the entity graph out of a built graph (data and ontology).

    Walks the triples directly: the same answers as SPARQL, several times faster in rdflib.

    Args:
        graph: the built rdflib graph (``KG.graph()`` or ``BuildResult.union()``).
        base: the project's instance base IRI.
    """
    import networkx as nx
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

    from kg.vocab import KGO, OA

    ns, kgo = base + "entity/", str(KGO)
    classes: dict[str, str] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if str(node).startswith(ns) and str(cls).startswith(kgo):
            ident = graph.value(node, DCTERMS.identifier)
            if ident is not None and _local(str(cls)) not in ("Statement", "Figure"):
                cls = _local(str(cls))
                classes[str(ident)] = min(classes.get(str(ident), cls), cls)
    labels: dict[str, dict[str, str]] = {}
    relation_labels: dict[str, dict[str, str]] = {}
    aliases: dict[str, list[str]] = {}
    for predicate, kind in ((RDFS.label, "label"), (SKOS.altLabel, "alias")):
        for node, label in graph.subject_objects(predicate):
            iri, text, lang = str(node), str(label), getattr(label, "language", None) or ""
            if iri.startswith(ns):
                ident = iri[len(ns):]
                if kind == "label":
                    labels.setdefault(ident, {})[lang] = text
                aliases.setdefault(ident, []).append(text)
            elif iri.startswith(kgo) and kind == "label":
                relation_labels.setdefault(_local(iri), {})[lang] = text
    rows = []
    for st in graph.subjects(RDF.type, KGO.Statement):
        ident = graph.value(st, DCTERMS.identifier)
        s, p = graph.value(st, KGO.statementSubject), graph.value(st, KGO.statementRelation)
        o = graph.value(st, KGO.statementObject) or graph.value(st, KGO.statementValue)
        if ident is None or s is None or p is None or o is None:
            continue
        target = graph.value(graph.value(st, KGO.hasEvidence), OA.hasTarget)
        rows.append((str(ident), str(s), str(p), str(o), _evidence(graph, target),
                     graph.value(st, KGO.claimedBy)))
    multi = nx.MultiDiGraph()
    multi.add_nodes_from(sorted(classes))
    per_relation: dict[str, int] = {}
    figures: dict[str, int] = {}
    mentioned: set[str] = set()
    edges = []
    for ident, subject, predicate, obj, evidence, claimed_by in rows:
        relation = _local(predicate)
        per_relation[relation] = per_relation.get(relation, 0) + 1
        if subject.startswith(ns):
            mentioned.add(subject[len(ns):])
        if obj.startswith(ns):
            mentioned.add(obj[len(ns):])
        if subject.startswith(ns) and not obj.startswith(ns):
            figures[subject[len(ns):]] = figures.get(subject[len(ns):], 0) + 1
        if subject.startswith(ns) and obj.startswith(ns):
            claimed = str(claimed_by) if claimed_by is not None else None
            source = evidence["source"]
            if source and source.startswith(base + "source/"):
                source = source[len(base + "source/"):]
            edges.append((subject[len(ns):], obj[len(ns):], ident,
                          {"relation": relation, "statement": ident, **evidence,
                           "source": source,
                           "claimed_by": claimed[len(ns):] if claimed and
                           claimed.startswith(ns) else None}))
    for s, o, key, data in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        multi.add_node(s)
        multi.add_node(o)
        multi.add_edge(s, o, key=key, **data)
    uses: dict[str, set[str]] = {}
    for predicate, use in ((KGO.metric, "metric"), (KGO.claimedBy, "claimant"),
                           (DCTERMS.publisher, "publisher")):
        for node in graph.objects(None, predicate):
            if str(node).startswith(ns):
                uses.setdefault(str(node)[len(ns):], set()).add(use)
    eg = EntityGraph(graph=multi, classes=classes, labels=labels, aliases=aliases,
                     relation_labels=relation_labels,
                     statements_per_relation=dict(sorted(per_relation.items())),
                     figures_per_entity=dict(sorted(figures.items())), mentioned=mentioned,
                     uses=uses)
    for ident, attrs in multi.nodes(data=True):
        attrs["class"] = classes.get(ident)
        for lang in LANGS:
            attrs[f"label_{lang}"] = eg.label(ident, lang)
    return eg


def _evidence(graph, target) -> dict:
    """The quote, the source IRI and the offsets (code points, end exclusive) of a statement's
    evidence target; None for what it lacks."""
    from kg.vocab import OA

    found: dict = {"quote": "", "source": None, "start": None, "end": None}
    if target is None:
        return found
    source = graph.value(target, OA.hasSource)
    found["source"] = str(source) if source is not None else None
    for selector in graph.objects(target, OA.hasSelector):
        exact = graph.value(selector, OA.exact)
        if exact is not None and not found["quote"]:
            found["quote"] = str(exact)
        start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        if start is not None and end is not None:
            found["start"], found["end"] = int(start), int(end)
    return found


def to_networkx(graph, base: str, *, entities: EntityGraph | None = None):
    """The entity graph as a networkx ``MultiDiGraph``, for a notebook (``KG.networkx``).

    Nodes are entity ids, with ``class`` (the kgo class's local name, None when it has none),
    ``label_zh-Hant``, ``label_zh-Hans`` and ``label_en`` (each with kg's label fallback,
    ``kg.vocab.label_order``) and ``pagerank`` (:func:`pagerank`). Edges run subject to object,
    keyed by statement id, with ``relation`` (the kgo property's local name), ``statement``,
    ``quote``, ``source`` (the source id), ``start`` and ``end`` (code points in the source,
    end exclusive) and ``claimed_by`` (an entity id or None).

    Args:
        graph: the built rdflib graph (data and ontology).
        base: the project's instance base IRI.
        entities: an entity graph already read from ``graph``.
    """
    import networkx as nx

    eg = entities or entity_graph(graph, base)
    multi = eg.graph
    nx.set_node_attributes(multi, pagerank(multi), "pagerank")
    multi.graph["base"] = base
    return multi


def resolve_entity(eg: EntityGraph, text: str, base: str | None = None) -> str:
    """The id of the entity named by ``text``: an id, an IRI, ``kge:id``, or any label or alias
    in any script (Traditional and Simplified Chinese are folded together, case is ignored).

    Raises:
        UsageError: no entity, or more than one, goes by that name.
    """
    text = text.strip()
    nodes = set(eg.classes) | set(eg.graph.nodes)
    if text in nodes:
        return text
    for prefix in ("kge:", (base or "\0") + "entity/", "<" + (base or "\0") + "entity/"):
        if text.startswith(prefix) and text[len(prefix):].rstrip(">") in nodes:
            return text[len(prefix):].rstrip(">")
    key = name_key(text)
    if not key:
        raise UsageError("give an entity: its id, or a label or alias in any language")
    matches = sorted(ident for ident in nodes
                     if any(name_key(name) == key for name in eg.aliases.get(ident, [])))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"'{text}' names {len(matches)} entities: {', '.join(matches)}; "
                         "give an id instead")
    near = sorted(ident for ident in nodes if key in name_key(ident) or
                  any(key in name_key(name) for name in eg.aliases.get(ident, [])))
    hint = f"; did you mean {', '.join(near[:5])}?" if near else \
        "; list entities with: kg query 'SELECT ?e WHERE { ?e a kgo:Company }'"
    raise UsageError(f"no entity is called '{text}'{hint}")


def find_paths(graph, source: str, target: str, *, base: str, max_hops: int = 4,
               lang: str = "zh-Hant", limit: int = 10,
               entities: EntityGraph | None = None) -> PathResult:
    """The shortest paths between two entities, each hop explained by its statement.

    Statements are followed in either direction (a hop against the statement's direction is
    marked ``inverse``). When several statements join the same two entities, each gives its own
    path; at most ``limit`` paths are returned, in a stable order.

    Args:
        graph: the built rdflib graph.
        source: the first entity: id, IRI or any label or alias (any script).
        target: the second entity, likewise.
        base: the project's instance base IRI.
        max_hops: the longest path to look for.
        lang: the language of labels (``zh-Hant``, ``zh-Hans``, ``en``).
        limit: the most paths to return.
        entities: an entity graph already read from ``graph`` (to save reading it again).

    Raises:
        UsageError: an unknown or ambiguous entity, a bad ``lang``, ``max_hops`` < 1.
        CheckFailed: no path of at most ``max_hops`` hops joins the two.
    """
    import networkx as nx

    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}'; use one of {', '.join(LANGS)}")
    if max_hops < 1 or limit < 1:
        raise UsageError("--max-hops and --limit must be at least 1")
    eg = entities or entity_graph(graph, base)
    a, b = resolve_entity(eg, source, base), resolve_entity(eg, target, base)
    if a == b:
        raise UsageError(f"'{source}' and '{target}' are the same entity ({a})")
    undirected = nx.Graph()
    undirected.add_nodes_from(eg.graph.nodes)
    undirected.add_edges_from((s, o) for s, o in eg.graph.edges())
    if a not in undirected or b not in undirected:
        raise CheckFailed(f"no path: {a if a not in undirected else b} takes part in no "
                          "statement")
    try:
        distance = nx.shortest_path_length(undirected, a, b)
    except nx.NetworkXNoPath:
        raise CheckFailed(f"no path joins {a} and {b}: they are in different components") \
            from None
    if distance > max_hops:
        raise CheckFailed(f"no path of at most {max_hops} hops joins {a} and {b} (the shortest "
                          f"has {distance}); raise --max-hops")
    paths: list[Path] = []
    truncated = False
    for nodes in sorted(nx.all_shortest_paths(undirected, a, b)):
        choices = [_hops_between(eg, u, v, lang) for u, v in zip(nodes, nodes[1:])]
        for combo in itertools.product(*choices):
            if len(paths) == limit:
                truncated = True
                break
            paths.append(Path(list(combo)))
        if truncated:
            break
    return PathResult(source=a, target=b, lang=lang, paths=paths, hops=distance,
                      truncated=truncated, graph=eg)


def _hops_between(eg: EntityGraph, u: str, v: str, lang: str) -> list[Hop]:
    hops = []
    for s, o, forward in ((u, v, True), (v, u, False)):
        for key, data in sorted((eg.graph.get_edge_data(s, o) or {}).items()):
            hops.append(Hop(source=u, target=v, statement=key, relation=data["relation"],
                            relation_label=eg.relation_label(data["relation"], lang),
                            forward=forward, quote=data["quote"],
                            claimed_by=data["claimed_by"]))
    return hops


def pagerank(digraph, alpha: float = 0.85, tol: float = 1e-12, max_iter: int = 200, *,
             edges=None) -> dict:
    """PageRank by power iteration (edge weight = number of statements; dangling nodes spread
    their rank evenly), in pure Python so no numerical library is needed.

    Args:
        digraph: a networkx (Multi)DiGraph, or with ``edges`` an iterable of its nodes.
        edges: the directed edges as (source, target) pairs, repeated for weight; by default
            ``digraph.edges()``.
    """
    nodes = sorted(digraph.nodes if edges is None else digraph)
    n = len(nodes)
    if not n:
        return {}
    out_weight = {u: 0 for u in nodes}
    links: dict = {u: {} for u in nodes}
    for s, o in (digraph.edges() if edges is None else edges):
        links[s][o] = links[s].get(o, 0) + 1
        out_weight[s] += 1
    rank = {u: 1.0 / n for u in nodes}
    for _ in range(max_iter):
        dangling = sum(rank[u] for u in nodes if not out_weight[u])
        new = {u: (1 - alpha) / n + alpha * dangling / n for u in nodes}
        for s in nodes:
            if out_weight[s]:
                share = alpha * rank[s] / out_weight[s]
                for o, w in links[s].items():
                    new[o] += share * w
        error = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if error < n * tol:
            break
    return rank


def summarize_structure(graph, base: str, *, lang: str = "en", top: int = 10,
                        entities: EntityGraph | None = None) -> dict:
    """The structural summary of a built graph.

    Returns a dict with ``entities_per_class``, ``statements_per_relation``,
    ``figures_per_entity``, ``degree_top`` and ``pagerank_top`` (``top`` entries each),
    ``components`` (weakly connected, over entities that take part in a relation),
    ``communities`` (Louvain, seed ``LOUVAIN_SEED``, with their modularity) and
    ``without_statements`` (entities no statement mentions, with what else uses them).

    Args:
        graph: the built rdflib graph.
        base: the project's instance base IRI.
        lang: the language of the labels in the answer.
        top: how many entities the degree and PageRank lists keep.
    """
    import networkx as nx

    if lang not in LANGS:
        raise UsageError(f"unknown language '{lang}'; use one of {', '.join(LANGS)}")
    eg = entities or entity_graph(graph, base)
    multi = eg.graph
    connected = sorted(u for u in multi.nodes if multi.degree(u))

    def entry(ident: str, **extra) -> dict:
        return {"id": ident, "label": eg.label(ident, lang), "class": eg.classes.get(ident),
                **extra}

    per_class: dict[str, int] = {}
    for cls in eg.classes.values():
        per_class[cls] = per_class.get(cls, 0) + 1
    by_degree = sorted(connected, key=lambda u: (-multi.degree(u), u))[:top]
    ranks = pagerank(multi)
    by_rank = sorted(connected, key=lambda u: (-ranks[u], u))[:top]
    sub = multi.subgraph(connected)
    components = sorted((sorted(c) for c in nx.weakly_connected_components(sub)),
                        key=lambda c: (-len(c), c))
    simple = nx.Graph()
    simple.add_nodes_from(connected)
    for s, o in multi.edges():
        if s != o:
            weight = simple.get_edge_data(s, o, {"weight": 0})["weight"]
            simple.add_edge(s, o, weight=weight + 1)
    if simple.number_of_edges():
        found = nx.community.louvain_communities(simple, weight="weight", seed=LOUVAIN_SEED)
        modularity = nx.community.modularity(simple, found, weight="weight")
    else:
        found, modularity = [], 0.0
    communities = []
    for members in sorted((sorted(c) for c in found), key=lambda c: (-len(c), c)):
        hub = min(members, key=lambda u: (-multi.degree(u), -ranks[u], u))
        communities.append({"size": len(members), "hub": entry(hub),
                            "members": [entry(u) for u in members]})
    without = [entry(u, uses=sorted(eg.uses.get(u, ()))) for u in sorted(eg.classes)
               if u not in eg.mentioned]
    return {
        "entities_per_class": dict(sorted(per_class.items())),
        "statements_per_relation": eg.statements_per_relation,
        "figures_per_entity": eg.figures_per_entity,
        "degree_top": [entry(u, degree=multi.degree(u), in_degree=multi.in_degree(u),
                             out_degree=multi.out_degree(u)) for u in by_degree],
        "pagerank_top": [entry(u, pagerank=round(ranks[u], 6)) for u in by_rank],
        "components": {"count": len(components), "sizes": [len(c) for c in components],
                       "minor": [[entry(u) for u in c] for c in components[1:]]},
        "communities": {"algorithm": "louvain", "seed": LOUVAIN_SEED,
                        "modularity": round(modularity, 4), "count": len(communities),
                        "groups": communities},
        "without_statements": without,
    }


def format_structure(structure: dict) -> str:
    """The structural summary as text for a terminal."""
    lines = ["statements per relation:"]
    lines += [f"  {rel:<24} {n}" for rel, n in structure["statements_per_relation"].items()]
    lines.append("most connected (degree = statements in and out):")
    lines += [f"  {e['degree']:>4}  {e['label']} ({e['id']}, {e['class']})"
              for e in structure["degree_top"]]
    lines.append("most central (PageRank):")
    lines += [f"  {e['pagerank']:.4f}  {e['label']} ({e['id']}, {e['class']})"
              for e in structure["pagerank_top"]]
    comp = structure["components"]
    lines.append(f"connected components: {comp['count']} (sizes {comp['sizes']})")
    for minor in comp["minor"]:
        lines.append("  apart: " + ", ".join(f"{e['label']} ({e['id']})" for e in minor))
    com = structure["communities"]
    lines.append(f"communities (Louvain, seed {com['seed']}): {com['count']}, modularity "
                 f"{com['modularity']}")
    for group in com["groups"]:
        names = ", ".join(e["label"] for e in group["members"][:8])
        more = f" … (+{group['size'] - 8})" if group["size"] > 8 else ""
        lines.append(f"  {group['size']:>3}  around {group['hub']['label']}: {names}{more}")
    without = structure["without_statements"]
    lines.append(f"entities with no statements: {len(without)}")
    for e in without:
        used = f" — used as {', '.join(e['uses'])}" if e["uses"] else ""
        lines.append(f"  {e['label']} ({e['id']}, {e['class']}){used}")
    return printable("\n".join(lines), keep="\n")
