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

Node size follows PageRank (networkx) on the undirected entity graph.  Graphs of up to
``PHYSICS_MAX_NODES`` entities are laid out by vis-network's physics (seeded, stabilised, then
frozen; entities without any relation are lined up under the graph); larger ones are laid out
here, in Python, and drawn with physics off: per connected component PivotMDS (numpy, scipy when
available) refined by a grid-accelerated force pass, components packed in rows; without numpy a
balloon tree.  Pages of more than 1,500 nodes set labels lazily (only on screen, once zoomed in).
``max_nodes`` keeps the entities with the highest PageRank and the page says how many were left
out.  Output is deterministic: the same graph gives byte-identical HTML (sorted data, fixed
seeds, no timestamps).

Search folds Traditional/Simplified Chinese, width and case with kg's one fold
(``kg.text.fold``), shipped to the page as a character table (``kg.text.fold_table``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import tempfile
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.text import fold_table

__all__ = ["LANGS", "PHYSICS_MAX_NODES", "ViewSummary", "render_html", "write_html"]

#: Languages a view can be drawn in (``--lang``).
LANGS = ("zh-Hant", "zh-Hans", "en")
#: Label fallback after the chosen language (applied in the page, kg/static/app.js), then the id.
FALLBACK = ("zh-Hant", "en", "zh-Hans")
#: Above this many entity nodes the layout is computed in Python and physics is off.
PHYSICS_MAX_NODES = 300

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
VIS_PATH = STATIC_DIR / "vendor" / "vis-network.min.js"
#: sha256 of the vendored vis-network 10.1.5 standalone UMD build (see static/vendor/README.md).
VIS_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"

_KGO = "https://w3id.org/kg/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OA = "http://www.w3.org/ns/oa#"
_DCT = "http://purl.org/dc/terms/"

_TYPE = _RDF + "type"
_LABEL = _RDFS + "label"
_PREF = _SKOS + "prefLabel"
_ALT = _SKOS + "altLabel"
_COMMENT = _RDFS + "comment"
_SUBCLASS = _RDFS + "subClassOf"

#: kgo: classes whose instances are plumbing, not entities.
NON_ENTITY_CLASSES = frozenset({
    "Statement", "Figure", "Source", "Sentence", "Period", "Change", "Unit", "Qualifier",
    "Direction", "Basis", "Evidence", "Annotation", "Observation", "Mention",
})
#: kgo: predicates never drawn as edges between entities.
NON_EDGE_PREDICATES = frozenset({
    "hasFigure", "figureOf", "metric", "hasEvidence", "claimedBy", "inSentence", "sentenceOf",
    "period", "change", "unit", "qualifier", "direction", "basis", "comparedTo", "mentionOf",
})

# Colour by family of classes (found through rdfs:subClassOf, so the ontology's own hierarchy
# decides), shape by class within a family.  Okabe-Ito colours: distinguishable for colour-blind
# readers, and the shapes carry the distinction too.
_FAMILIES = (  # (colour, local names of the class or any ancestor)
    ("#0072B2", {"Person", "Agent"}),
    ("#E69F00", {"Organization", "FormalOrganization", "OrganizationalUnit", "Corporation",
                 "NewsMediaOrganization", "Company", "Organisation"}),
    ("#CC79A7", {"Event", "Activity"}),
    ("#56B4E9", {"Product", "CreativeWork", "SoftwareApplication"}),
    ("#009E73", {"Post", "Role", "Position"}),
    ("#7F7F7F", {"Metric", "Concept"}),
    ("#D55E00", {"Place", "Location"}),
    ("#8C6D31", {"Intangible", "Strategy"}),
)
_PALETTE = ("#6A3D9A", "#B8A400", "#17BECF", "#E377C2", "#1B9E77", "#A6761D")
_SHAPES = ("dot", "square", "diamond", "triangle", "star", "triangleDown", "hexagon")
_PREFERRED_SHAPE = {"Person": "dot", "Company": "square", "Post": "triangle", "Product": "diamond",
                    "Metric": "triangleDown", "Event": "star"}
_FIGURE_STYLE = ("#9E9E9E", "box")

_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ViewSummary:
    """What a rendered view contains."""

    nodes: int            #: entity nodes in the page
    edges: int            #: entity-to-entity edges in the page
    omitted_nodes: int    #: entities left out (``max_nodes``); 0 when none
    message: str          #: one line for a user, e.g. the CLI

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------------------------
# Public API


def render_html(graph, *, lang: str = "zh-Hant", focus: str | None = None, hops: int = 1,
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
    atomically (a temporary file in the same directory, then ``os.replace``)."""
    text, summary = _render(graph, **kwargs)
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return summary


# ---------------------------------------------------------------------------------------------
# Reading the graph


class _Index:
    """All triples of a graph as predicate -> subject -> [objects] (one pass)."""

    def __init__(self, graph) -> None:
        from rdflib import URIRef

        self.by_pred: dict[str, dict] = defaultdict(lambda: defaultdict(list))
        self.kgo_links: list[tuple] = []  # (s, local predicate name, o) with URIRef s and o
        for s, p, o in graph.triples((None, None, None)):
            ps = str(p)
            self.by_pred[ps][s].append(o)
            if (ps.startswith(_KGO) and isinstance(o, URIRef) and isinstance(s, URIRef)):
                self.kgo_links.append((s, ps[len(_KGO):], o))

    def objs(self, s, p: str) -> list:
        table = self.by_pred.get(p)
        if table is None:
            return []
        return sorted(table.get(s, ()), key=_term_key)

    def one(self, s, p: str):
        values = self.objs(s, p)
        return values[0] if values else None

    def subjects(self, p: str) -> list:
        return sorted(self.by_pred.get(p, {}).keys(), key=_term_key)


def _term_key(term) -> tuple:
    lang = getattr(term, "language", None) or ""
    return (type(term).__name__, str(term), lang)


def _local(iri) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            tail = text.rsplit(sep, 1)[1]
            if tail:
                return tail
    return text


def _slug(iri) -> str:
    text = str(iri)
    if "/entity/" in text:
        return text.rsplit("/entity/", 1)[1]
    return _local(text)


def _norm_lang(tag: str | None) -> str:
    if not tag:
        return ""
    low = tag.lower()
    for known in LANGS:
        if known.lower() == low:
            return known
    return tag


def _lit(value) -> str | None:
    return None if value is None else str(value)


def _num(value):
    """A literal number for JSON: an int when integral ("1000.0" -> 1000), else its plain decimal
    text ("3.5"); non-numbers keep their lexical form."""
    if value is None:
        return None
    from decimal import Decimal, InvalidOperation

    text = str(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if number == number.to_integral_value():
        return int(number)
    return format(number.normalize(), "f")


class _Reader:
    """Everything the page needs, read out of an rdflib graph."""

    def __init__(self, graph) -> None:
        self.ix = _Index(graph)
        ix = self.ix
        # labels by subject: {lang: text}; rdfs:label first, skos:prefLabel fills gaps;
        # "_" holds an untagged label
        self.labels: dict = defaultdict(dict)
        self.other_labels: dict = defaultdict(list)   # [lang, text] in other languages
        for pred in (_LABEL, _PREF):
            for subj, values in ix.by_pred.get(pred, {}).items():
                chosen = self.labels[subj]
                for lit in sorted(values, key=_term_key):
                    lang = _norm_lang(getattr(lit, "language", None))
                    key = lang if lang in LANGS else ("_" if not lang else None)
                    if key is not None:
                        chosen.setdefault(key, str(lit))
                    elif [lang, str(lit)] not in self.other_labels[subj]:
                        self.other_labels[subj].append([lang, str(lit)])
        # kgo: types
        self.kgo_types: dict = defaultdict(set)
        for subj, values in ix.by_pred.get(_TYPE, {}).items():
            for cls in values:
                text = str(cls)
                if text.startswith(_KGO):
                    self.kgo_types[subj].add(text[len(_KGO):])
        # class hierarchy by kgo: local name (kgo: superclasses) and by full IRI (all)
        self.superclasses = defaultdict(set)
        self.super_iris = defaultdict(set)
        for subj, values in ix.by_pred.get(_SUBCLASS, {}).items():
            for sup in values:
                self.super_iris[str(subj)].add(str(sup))
                if str(subj).startswith(_KGO) and str(sup).startswith(_KGO):
                    self.superclasses[str(subj)[len(_KGO):]].add(str(sup)[len(_KGO):])

    def label_dict(self, term, fallback: str) -> dict:
        out = dict(self.labels.get(term) or {})
        out.setdefault("_", fallback)
        return out

    def term_labels(self, name: str) -> dict:
        """Labels of a kgo: term (class, relation, individual); fallback: its local name."""
        from rdflib import URIRef

        return self.label_dict(URIRef(_KGO + name), name)

    def _ancestors(self, cls: str) -> set:
        seen, todo = set(), [cls]
        while todo:
            cur = todo.pop()
            for sup in self.superclasses.get(cur, ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    def ancestors(self, cls: str) -> list[str]:
        """Local names of a kgo: class and all its superclasses (any namespace), nearest first."""
        seen, order, queue = set(), [], deque([_KGO + cls])
        while queue:
            cur = queue.popleft()
            if cur in seen:
                continue
            seen.add(cur)
            order.append(_local(cur))
            queue.extend(sorted(self.super_iris.get(cur, ())))
        return order

    def entity_class(self, subj) -> str | None:
        from rdflib import URIRef

        if not isinstance(subj, URIRef) or str(subj).startswith(_KGO):
            return None
        types = self.kgo_types.get(subj)
        if not types or types & {"Statement", "Figure", "Source", "Sentence"}:
            return None
        types = {t for t in types if t not in NON_ENTITY_CLASSES}
        if not types:
            return None
        specific = {t for t in types if not any(t in self._ancestors(u) for u in types if u != t)}
        return sorted(specific or types)[0]


def _figure_info(reader: _Reader, fig, node_index: dict, evidence_of) -> dict:
    ix = reader.ix

    def ref(term):
        """An entity reference: node index when drawn, else its labels."""
        if term is None:
            return None
        if term in node_index:
            return {"n": node_index[term]}
        return {"l": reader.label_dict(term, _slug(term))}

    def kgo_term(term):
        if term is None:
            return None
        text = str(term)
        if text.startswith(_KGO):
            return reader.term_labels(text[len(_KGO):])
        return reader.label_dict(term, _local(term))

    def unit_symbol(term):
        if term is None:
            return None
        symbol = ix.one(term, _KGO + "unitSymbol")
        return str(symbol) if symbol is not None else _local(term)

    info = {
        "k": _local(fig),
        "l": reader.label_dict(fig, _local(fig)),
        "m": ref(ix.one(fig, _KGO + "metric")),
        "v": _num(ix.one(fig, _KGO + "value")),
        "vmin": _num(ix.one(fig, _KGO + "minValue")),
        "vmax": _num(ix.one(fig, _KGO + "maxValue")),
        "mt": _lit(ix.one(fig, _KGO + "multiplierText")),
        "u": unit_symbol(ix.one(fig, _KGO + "unit")),
        "q": kgo_term(ix.one(fig, _KGO + "qualifier")),
        "fl": sorted(str(f) for f in ix.objs(fig, _KGO + "flag")),
    }
    period = ix.one(fig, _KGO + "period")
    if period is not None:
        info["p"] = reader.label_dict(period, _local(period))
    change = ix.one(fig, _KGO + "change")
    if change is not None:
        compared = ix.one(change, _KGO + "comparedTo")
        info["c"] = {
            "v": _num(ix.one(change, _KGO + "value")),
            "u": unit_symbol(ix.one(change, _KGO + "unit")),
            "d": kgo_term(ix.one(change, _KGO + "direction")),
            "b": kgo_term(ix.one(change, _KGO + "basis")),
            "since": reader.label_dict(compared, _local(compared)) if compared is not None else None,
            "q": kgo_term(ix.one(change, _KGO + "qualifier")),
        }
    info["st"] = evidence_of(fig)
    return {k: v for k, v in info.items() if v not in (None, [], {})}


def _class_styles(class_names: list[str], ancestors) -> dict[str, tuple[str, str]]:
    """class -> (colour, vis shape): a colour per family, a distinct shape per class in it."""
    family_of: dict[str, int] = {}
    for name in class_names:
        lineage = ancestors(name)
        for depth_name in lineage:
            hit = next((k for k, (_c, names) in enumerate(_FAMILIES) if depth_name in names), None)
            if hit is not None:
                family_of[name] = hit
                break
    styles: dict[str, tuple[str, str]] = {}
    members: dict[int, list[str]] = defaultdict(list)
    for name in class_names:
        if name in family_of:
            members[family_of[name]].append(name)
    for family, names in sorted(members.items()):
        colour = _FAMILIES[family][0]
        used: set = set()
        for name in names:   # preferred shapes first
            shape = _PREFERRED_SHAPE.get(name)
            if shape and shape not in used:
                styles[name] = (colour, shape)
                used.add(shape)
        free = [s for s in _SHAPES if s not in used]
        k = 0
        for name in names:
            if name in styles:
                continue
            if k < len(free):
                styles[name] = (colour, free[k])
            else:   # more classes than shapes: vary the shade as well
                styles[name] = (_shade(colour, 0.35 if (k // len(_SHAPES)) % 2 else -0.3),
                                _SHAPES[k % len(_SHAPES)])
            k += 1
    rest = [name for name in class_names if name not in styles]
    taken = set(styles.values())
    combo = 0
    for name in rest:
        while name not in styles:
            style = (_PALETTE[combo % len(_PALETTE)], _SHAPES[combo % len(_SHAPES)])
            combo += 1
            if style not in taken or combo > len(_PALETTE) * len(_SHAPES):
                styles[name] = style
                taken.add(style)
    return styles


def _shade(hex_colour: str, amount: float) -> str:
    value = int(hex_colour[1:], 16)
    rgb = [(value >> 16) & 255, (value >> 8) & 255, value & 255]
    out = [round(c * (1 + amount)) if amount < 0 else round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{max(0, min(255, c)):02X}" for c in out)


# ---------------------------------------------------------------------------------------------
# Centrality and layout


def _pagerank(n: int, edges: list[tuple[int, int]]) -> list[float]:
    """PageRank of the undirected entity graph, by kg's own pure-Python power iteration (the
    same in every environment, so the page is byte-identical with or without scipy)."""
    if n == 0:
        return []
    from kg.query.analytics import pagerank

    pairs = sorted({(min(u, v), max(u, v)) for u, v in edges if u != v})
    ranks = pagerank(range(n), tol=1e-10, edges=[e for u, v in pairs for e in ((u, v), (v, u))])
    return [ranks[i] for i in range(n)]


_GOLDEN = math.pi * (3 - math.sqrt(5))


def _balloon(component: list[int], adjacency: list[list[int]], rank: list[float]) -> dict:
    """A balloon (radial) tree layout of one connected component, in units of node spacing:
    leaves on a sunflower disk around their parent, subtrees on a ring outside it."""
    order_key = {i: (-rank[i], i) for i in component}
    root = min(component, key=order_key.__getitem__)
    parent = {root: None}
    order = [root]
    queue = deque([root])
    children: dict[int, list[int]] = defaultdict(list)
    while queue:
        cur = queue.popleft()
        for nxt in sorted(adjacency[cur], key=order_key.__getitem__):
            if nxt not in parent:
                parent[nxt] = cur
                children[cur].append(nxt)
                order.append(nxt)
                queue.append(nxt)
    radius: dict[int, float] = {}
    disk: dict[int, float] = {}
    ring: dict[int, float] = {}
    for node in reversed(order):
        kids = children.get(node, [])
        leaves = [c for c in kids if not children.get(c)]
        inner = [c for c in kids if children.get(c)]
        d = 0.9 * math.sqrt(len(leaves) + 0.5) if leaves else 0.0
        disk[node] = d
        if inner:
            biggest = max(radius[c] for c in inner)
            span = sum(2 * radius[c] for c in inner) * 1.15 + 2 * biggest  # + a slot for parent
            r = max(d + biggest + 0.6, span / (2 * math.pi))
            ring[node] = r
            radius[node] = r + biggest
        else:
            ring[node] = 0.0
            radius[node] = max(0.5, d + 0.5)
    pos = {root: (0.0, 0.0)}
    away = {root: 0.0}
    for node in order:
        x0, y0 = pos[node]
        kids = children.get(node, [])
        leaves = [c for c in kids if not children.get(c)]
        inner = [c for c in kids if children.get(c)]
        base = away[node]
        for k, leaf in enumerate(leaves):
            rr = 0.9 * math.sqrt(k + 0.7)
            ang = base + math.pi + k * _GOLDEN if node != root else k * _GOLDEN
            pos[leaf] = (x0 + rr * math.cos(ang), y0 + rr * math.sin(ang))
            away[leaf] = ang
        if inner:
            weights = [radius[c] for c in inner]
            gap = max(weights) if node != root else 0.0   # keep the parent's direction free
            total = sum(weights) + gap
            # start just after the parent slot: parent lies at base + pi
            cursor = base + math.pi + (gap / total) * math.pi if node != root else 0.0
            for child, w in zip(inner, weights):
                ang = cursor + (w / total) * math.pi
                cursor += (w / total) * 2 * math.pi
                r = ring[node]
                pos[child] = (x0 + r * math.cos(ang), y0 + r * math.sin(ang))
                away[child] = ang
    return pos


def _pivot_mds(component: list[int], adjacency: list[list[int]], rank: list[float],
               pivots: int = 50) -> dict | None:
    """PivotMDS (Brandes & Pich 2006) of one connected component: graph distances from a few
    far-apart pivots, classical MDS on them; returns None without numpy."""
    try:
        import numpy as np
    except ImportError:
        return None
    n = len(component)
    where = {node: i for i, node in enumerate(component)}
    local_adj = [[where[m] for m in adjacency[node]] for node in component]
    k = min(pivots, n)
    dist = np.empty((k, n))
    csgraph = None
    try:
        import scipy.sparse as sparse
        from scipy.sparse import csgraph

        rows = [i for i, nbrs in enumerate(local_adj) for _ in nbrs]
        cols = [j for nbrs in local_adj for j in nbrs]
        matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    except ImportError:
        matrix = None
    first = min(range(n), key=lambda i: (-rank[component[i]], i))
    nearest = np.full(n, np.inf)
    pivot = first
    for row in range(k):
        if matrix is not None:
            d = csgraph.shortest_path(matrix, directed=False, unweighted=True, indices=pivot)
        else:
            d = np.full(n, np.inf)
            d[pivot] = 0
            queue = deque([pivot])
            while queue:
                cur = queue.popleft()
                for nxt in local_adj[cur]:
                    if d[nxt] == np.inf:
                        d[nxt] = d[cur] + 1
                        queue.append(nxt)
        dist[row] = d
        nearest = np.minimum(nearest, d)
        pivot = int(np.argmax(nearest))   # farthest from all pivots so far (first on ties)
    sq = dist.T ** 2                      # n x k
    centred = -0.5 * (sq - sq.mean(axis=0) - sq.mean(axis=1)[:, None] + sq.mean())
    _w, vectors = np.linalg.eigh(centred.T @ centred)
    coords = centred @ vectors[:, ::-1][:, :2]
    for axis in range(2):                 # a fixed orientation: largest |value| positive
        column = coords[:, axis]
        if column[int(np.argmax(np.abs(column)))] < 0:
            coords[:, axis] = -column
    return {node: (float(coords[i, 0]), float(coords[i, 1])) for i, node in enumerate(component)}


def _refine(pos: dict, edges: list[tuple[int, int]], iterations: int, seed: int) -> dict:
    """A force-directed pass (linear springs along edges, repulsion k^2/d cut off at 2k) whose
    repulsion only looks at neighbouring grid cells, so a step costs about O(nodes + edges);
    needs numpy, else returns ``pos`` as is."""
    try:
        import numpy as np
    except ImportError:
        return pos
    nodes = sorted(pos)
    if len(nodes) < 3 or iterations <= 0:
        return pos
    where = {node: i for i, node in enumerate(nodes)}
    P = np.array([pos[node] for node in nodes], dtype=float)
    rng = np.random.default_rng(seed)
    P += rng.uniform(-0.01, 0.01, P.shape)
    E = np.array([(where[u], where[v]) for u, v in edges if u in where and v in where and u != v],
                 dtype=np.int64).reshape(-1, 2)
    n = len(nodes)
    k = 1.0
    cutoff2 = (2.0 * k) ** 2
    # a cell and the four "forward" neighbours: each pair of cells is visited once
    offsets = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))
    for it in range(iterations):
        temp = 0.6 * k * (1 - it / iterations) + 0.03 * k
        disp = np.zeros_like(P)
        mn, mx = P.min(axis=0), P.max(axis=0)
        cell = max(2.0 * k, float((mx - mn).max()) / 1000.0)   # at most ~1000 x 1000 cells
        cx = ((P[:, 0] - mn[0]) // cell).astype(np.int64) + 1   # a border of empty cells
        cy = ((P[:, 1] - mn[1]) // cell).astype(np.int64) + 1
        height = int(cy.max()) + 2
        key = cx * height + cy
        size = (int(cx.max()) + 2) * height
        counts = np.bincount(key, minlength=size)
        starts = np.cumsum(counts) - counts
        order = np.argsort(key, kind="stable")
        for dx, dy in offsets:
            nkey = key + dx * height + dy
            count = counts[nkey]
            total = int(count.sum())
            if total == 0:
                continue
            i_idx = np.repeat(np.arange(n), count)
            first = np.cumsum(count) - count
            j_idx = order[np.arange(total) - np.repeat(first, count) + np.repeat(starts[nkey], count)]
            keep = (i_idx < j_idx) if (dx, dy) == (0, 0) else (i_idx != j_idx)
            i_idx, j_idx = i_idx[keep], j_idx[keep]
            delta = P[i_idx] - P[j_idx]
            dist2 = np.maximum((delta * delta).sum(axis=1), 1e-4)
            near = dist2 < cutoff2
            i_idx, j_idx, delta, dist2 = i_idx[near], j_idx[near], delta[near], dist2[near]
            force = (k * k / dist2)[:, None] * delta
            for axis in (0, 1):
                disp[:, axis] += np.bincount(i_idx, weights=force[:, axis], minlength=n)
                disp[:, axis] -= np.bincount(j_idx, weights=force[:, axis], minlength=n)
        if len(E):
            force = (P[E[:, 0]] - P[E[:, 1]]) / k   # linear springs: evener spacing than d^2/k
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(E[:, 0], weights=force[:, axis], minlength=n)
                disp[:, axis] += np.bincount(E[:, 1], weights=force[:, axis], minlength=n)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
        P += disp / length[:, None] * np.minimum(length, temp)[:, None]
    return {node: (float(P[i, 0]), float(P[i, 1])) for i, node in enumerate(nodes)}


def _spread(pos: dict, n: int) -> dict:
    """Scale a layout so that its nodes would cover about one unit of area each."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    rms = math.sqrt(sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in zip(xs, ys)) / len(xs)) or 1.0
    factor = 0.75 * math.sqrt(n) / rms
    return {node: ((x - cx) * factor, (y - cy) * factor) for node, (x, y) in pos.items()}


def _layout(n: int, edges: list[tuple[int, int]], rank: list[float], seed: int = 7,
            spacing: float = 90.0) -> list[tuple[float, float]]:
    """Positions for ``n`` nodes: each connected component by PivotMDS refined with a
    grid-accelerated Fruchterman-Reingold pass (a balloon tree without numpy), components packed
    in rows (largest first), isolated nodes in a grid at the end."""
    adjacency: list[set] = [set() for _ in range(n)]
    for u, v in edges:
        if u != v:
            adjacency[u].add(v)
            adjacency[v].add(u)
    seen = [False] * n
    components: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        comp, todo = [start], [start]
        while todo:
            cur = todo.pop()
            for nxt in adjacency[cur]:
                if not seen[nxt]:
                    seen[nxt] = True
                    comp.append(nxt)
                    todo.append(nxt)
        components.append(sorted(comp))
    components.sort(key=lambda c: (-len(c), c[0]))
    adjacency_lists = [sorted(a) for a in adjacency]
    boxes: list[tuple[dict, float, float, float, float]] = []
    isolated = [c[0] for c in components if len(c) == 1]
    for comp in components:
        if len(comp) == 1:
            continue
        pos = _pivot_mds(comp, adjacency_lists, rank) if len(comp) > 2 else None
        if pos is None:
            pos = _balloon(comp, adjacency_lists, rank)
        else:
            pos = _spread(pos, len(comp))
            comp_set = set(comp)
            comp_edges = [(u, v) for u in comp for v in adjacency_lists[u] if u < v and v in comp_set]
            pos = _refine(pos, comp_edges, 60 if len(comp) <= 5000 else 35, seed)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs), max(ys)))
    if isolated:
        side = math.ceil(math.sqrt(len(isolated)))
        pos = {node: (float(i % side), float(i // side)) for i, node in enumerate(isolated)}
        boxes.append((pos, 0.0, 0.0, float(min(side, len(isolated)) - 1),
                      float((len(isolated) - 1) // side)))
    margin = 1.5
    area = sum((b[3] - b[1] + margin) * (b[4] - b[2] + margin) for b in boxes)
    row_width = max([b[3] - b[1] + margin for b in boxes] + [math.sqrt(area) * 1.25])
    out: list[tuple[float, float]] = [(0.0, 0.0)] * n
    x = y = row_height = 0.0
    for pos, x0, y0, x1, y1 in boxes:
        width, height = x1 - x0 + margin, y1 - y0 + margin
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in pos.items():
            out[node] = ((px - x0 + x) * spacing, (py - y0 + y) * spacing)
        x += width
        row_height = max(row_height, height)
    # centre on the origin
    if n:
        cx = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
        cy = (min(p[1] for p in out) + max(p[1] for p in out)) / 2
        out = [(round(px - cx, 1), round(py - cy, 1)) for px, py in out]
    return out


# ---------------------------------------------------------------------------------------------
# Building the view


def _check_args(lang, hops, max_nodes) -> str:
    normal = _norm_lang(lang) if isinstance(lang, str) else None
    if normal not in LANGS:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise UsageError(f"hops must be a whole number >= 0, not {hops!r}")
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, int)
                                  or max_nodes < 1):
        raise UsageError(f"max_nodes must be a whole number >= 1, not {max_nodes!r}")
    return normal


def _resolve_focus(focus: str, entities: list) -> object:
    by_iri = {str(e): e for e in entities}
    if focus in by_iri:
        return by_iri[focus]
    matches = [e for e in entities if _slug(e) == focus]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(f"entity id {focus!r} is ambiguous: give its IRI")
    hint = "" if _ID_RE.match(focus) or "://" in focus else " (ids look like 'xu-li')"
    raise UsageError(f"unknown entity {focus!r}: no entity with that id or IRI{hint}")


def _render(graph, *, lang: str = "zh-Hant", focus: str | None = None, hops: int = 1,
            max_nodes: int | None = None, title: str = "kg") -> tuple[str, ViewSummary]:
    lang = _check_args(lang, hops, max_nodes)
    if title is None:
        title = "kg"
    reader = _Reader(graph)
    ix = reader.ix

    # -- entities and their edges ---------------------------------------------------------
    entity_cls = {}
    for subj in reader.kgo_types:
        cls = reader.entity_class(subj)
        if cls is not None:
            entity_cls[subj] = cls
    entities = sorted(entity_cls, key=lambda e: (_slug(e), str(e)))
    triples = sorted({(s, p, o) for s, p, o in ix.kgo_links
                      if p not in NON_EDGE_PREDICATES and s in entity_cls and o in entity_cls},
                     key=lambda t: (str(t[0]), t[1], str(t[2])))

    if focus is not None:
        if not isinstance(focus, str) or not focus:
            raise UsageError("focus must be an entity id or IRI")
        centre = _resolve_focus(focus, entities)
        neighbours = defaultdict(set)
        for s, _p, o in triples:
            neighbours[s].add(o)
            neighbours[o].add(s)
        keep = {centre}
        frontier = {centre}
        for _ in range(hops):
            frontier = {m for f in frontier for m in neighbours[f]} - keep
            keep |= frontier
        scope = [e for e in entities if e in keep]
    else:
        centre = None
        scope = entities
    scope_set = set(scope)
    scope_triples = [t for t in triples if t[0] in scope_set and t[2] in scope_set]
    scope_index = {e: i for i, e in enumerate(scope)}
    ranks = _pagerank(len(scope), [(scope_index[s], scope_index[o]) for s, _p, o in scope_triples])

    omitted = 0
    if max_nodes is not None and len(scope) > max_nodes:
        order = sorted(range(len(scope)), key=lambda i: (-ranks[i], _slug(scope[i]), str(scope[i])))
        chosen = set(order[:max_nodes])
        if centre is not None and scope_index[centre] not in chosen:
            chosen.discard(order[max_nodes - 1])
            chosen.add(scope_index[centre])
        omitted = len(scope) - len(chosen)
        kept = [scope[i] for i in sorted(chosen)]
        kept_ranks = [ranks[i] for i in sorted(chosen)]
    else:
        kept, kept_ranks = scope, ranks
    node_index = {e: i for i, e in enumerate(kept)}
    edges_in = [t for t in scope_triples if t[0] in node_index and t[2] in node_index]
    edges_out = [t for t in scope_triples if (t[0] in node_index) != (t[2] in node_index)]

    # -- evidence through the reified statements ------------------------------------------
    sources: dict = {}

    def source_ref(src):
        """Sources are numbered once all are known (see renumber below)."""
        sources[src] = None
        return src

    statements_by_triple: dict = defaultdict(list)
    for st in ix.subjects(_RDF + "subject"):
        s = ix.one(st, _RDF + "subject")
        p = ix.one(st, _RDF + "predicate")
        o = ix.one(st, _RDF + "object")
        if s is None or p is None or o is None:
            continue
        statements_by_triple[(s, str(p), o)].append(st)

    def describe_statement(st) -> dict:
        evidence = []
        for ev in ix.objs(st, _KGO + "hasEvidence"):
            targets = ix.objs(ev, _OA + "hasTarget") or [ev]
            for tgt in targets:
                item: dict = {}
                src = ix.one(tgt, _OA + "hasSource")
                if src is not None:
                    item["src"] = source_ref(src)
                for sel in ix.objs(tgt, _OA + "hasSelector"):
                    exact = ix.one(sel, _OA + "exact")
                    if exact is not None:
                        item["q"] = str(exact)
                        pre, suf = ix.one(sel, _OA + "prefix"), ix.one(sel, _OA + "suffix")
                        if pre is not None:
                            item["pre"] = str(pre)
                        if suf is not None:
                            item["suf"] = str(suf)
                    start = ix.one(sel, _OA + "start")
                    if start is not None:
                        item["s"] = _num(start)
                        item["e"] = _num(ix.one(sel, _OA + "end"))
                if item:
                    evidence.append(item)
        claimants = []
        for agent in ix.objs(st, _KGO + "claimedBy"):
            if agent in node_index:
                claimants.append({"n": node_index[agent]})
            else:
                claimants.append({"l": reader.label_dict(agent, _slug(agent))})
        if not evidence:
            src = ix.one(st, "http://www.w3.org/ns/prov#wasDerivedFrom")
            if src is not None:
                evidence.append({"src": source_ref(src)})
        out = {"k": _local(st), "ev": evidence}
        if claimants:
            out["by"] = claimants
        notes = [str(c) for c in ix.objs(st, _COMMENT)]
        if notes:
            out["note"] = notes[0]
        return out

    def statements_of(s, p: str, o) -> list:
        return [describe_statement(st) for st in statements_by_triple.get((s, _KGO + p, o), [])]

    # -- relations and classes ------------------------------------------------------------
    rel_names = sorted({p for _s, p, _o in edges_in} | {p for _s, p, _o in edges_out})
    rel_index = {p: i for i, p in enumerate(rel_names)}
    class_names = sorted({entity_cls[e] for e in kept})
    class_index = {c: i for i, c in enumerate(class_names)}
    class_counts = defaultdict(int)
    for e in kept:
        class_counts[entity_cls[e]] += 1
    rel_counts = defaultdict(int)
    for _s, p, _o in edges_in:
        rel_counts[p] += 1

    styles = _class_styles(class_names, reader.ancestors)

    classes_json = [{"k": c, "l": reader.term_labels(c), "col": styles[c][0], "sh": styles[c][1],
                     "n": class_counts[c]} for c in class_names]
    rels_json = [{"k": p, "l": reader.term_labels(p), "n": rel_counts[p]} for p in rel_names]

    # -- figures --------------------------------------------------------------------------
    figures_by_entity: dict = defaultdict(set)
    for fig, owners in ix.by_pred.get(_KGO + "figureOf", {}).items():
        for owner in owners:
            if owner in node_index:
                figures_by_entity[owner].add(fig)
    for owner, figs in ix.by_pred.get(_KGO + "hasFigure", {}).items():
        if owner in node_index:
            figures_by_entity[owner].update(figs)

    figure_statement_index: dict = defaultdict(list)
    for (s, p, o), sts in statements_by_triple.items():
        if p == _KGO + "hasFigure":
            figure_statement_index[o].extend(sts)

    def evidence_of_figure(fig) -> list:
        return [describe_statement(st) for st in sorted(figure_statement_index.get(fig, []),
                                                         key=_term_key)]

    figures_json = []
    figure_owner = []
    node_figures: dict = defaultdict(list)
    for owner in kept:
        for fig in sorted(figures_by_entity.get(owner, ()), key=_term_key):
            node_figures[node_index[owner]].append(len(figures_json))
            figure_owner.append(node_index[owner])
            info = _figure_info(reader, fig, node_index, evidence_of_figure)
            info["o"] = node_index[owner]
            figures_json.append(info)

    # -- literal kgo: properties of entities (event dates, ...) ---------------------------
    from rdflib import Literal

    entity_props: dict = defaultdict(list)
    for pred, table in ix.by_pred.items():
        if not pred.startswith(_KGO):
            continue
        for subj, values in table.items():
            if subj in node_index:
                for value in values:
                    if isinstance(value, Literal):
                        entity_props[subj].append((pred[len(_KGO):], str(value)))
    prop_names = sorted({name for pairs in entity_props.values() for name, _v in pairs})
    prop_index = {name: i for i, name in enumerate(prop_names)}
    props_json = [{"k": name, "l": reader.term_labels(name)} for name in prop_names]

    # -- nodes, sizes, layout -------------------------------------------------------------
    n = len(kept)
    edge_pairs = [(node_index[s], node_index[o]) for s, _p, o in edges_in]
    max_rank = max(kept_ranks) if kept_ranks else 1.0
    physics = n <= PHYSICS_MAX_NODES
    positions = None if physics else _layout(n, edge_pairs, kept_ranks)

    nodes_json = []
    for i, e in enumerate(kept):
        item = {
            "k": _slug(e),
            "i": str(e),
            "c": class_index[entity_cls[e]],
            "l": reader.label_dict(e, _slug(e)),
            "r": float(f"{kept_ranks[i]:.6g}"),
            "z": round(10 + 28 * math.sqrt(kept_ranks[i] / max_rank), 1) if max_rank else 14,
        }
        other = reader.other_labels.get(e)
        if other:
            item["ol"] = sorted(other)
        aliases = sorted({(_norm_lang(getattr(a, "language", None)), str(a))
                          for a in ix.objs(e, _ALT)})
        if aliases:
            item["a"] = [list(a) for a in aliases]
        notes = [str(c) for c in ix.objs(e, _COMMENT)]
        if notes:
            item["d"] = notes
        if node_figures.get(i):
            item["f"] = node_figures[i]
        if entity_props.get(e):
            item["p"] = sorted([prop_index[name], value] for name, value in entity_props[e])
        if positions is not None:
            item["x"], item["y"] = positions[i]
        nodes_json.append(item)

    if positions is not None:
        counter: dict = defaultdict(int)
        for fig in figures_json:
            owner = fig["o"]
            slot = counter[owner]
            counter[owner] += 1
            ang = -math.pi / 2 + slot * _GOLDEN
            x0, y0 = positions[owner]
            fig["x"] = round(x0 + 40 * math.cos(ang), 1)
            fig["y"] = round(y0 + 40 * math.sin(ang), 1)

    edges_json = []
    for s, p, o in edges_in:
        item = {"f": node_index[s], "t": node_index[o], "r": rel_index[p]}
        sts = statements_of(s, p, o)
        if sts:
            item["st"] = sts
        edges_json.append(item)
    outer_json = []
    for s, p, o in edges_out:
        inside, other, direction = (s, o, "out") if s in node_index else (o, s, "in")
        item = {"n": node_index[inside], "dir": direction, "r": rel_index[p],
                "l": reader.label_dict(other, _slug(other))}
        sts = statements_of(s, p, o)
        if sts:
            item["st"] = sts
        outer_json.append(item)

    # sources, in first-use order is not deterministic enough: sort by IRI and renumber
    source_list = sorted(sources, key=_term_key)
    source_no = {src: i for i, src in enumerate(source_list)}

    def renumber(obj):
        if isinstance(obj, dict):
            return {key: (source_no[val] if key == "src" else renumber(val))
                    for key, val in obj.items()}
        if isinstance(obj, list):
            return [renumber(v) for v in obj]
        return obj

    edges_json = renumber(edges_json)
    outer_json = renumber(outer_json)
    figures_json = renumber(figures_json)
    sources_json = []
    for src in source_list:
        titles = ix.objs(src, _DCT + "title")
        sources_json.append({"i": str(src), "t": str(titles[0]) if titles else _local(src)})

    # -- search folding: kg's one fold (kg.text), as a table for the page's script --------
    texts = [text for e in kept for text in reader.labels.get(e, {}).values()]
    texts += [str(a) for e in kept for a in ix.objs(e, _ALT)]
    fold = fold_table(texts)

    # -- summary --------------------------------------------------------------------------
    total = len(scope)
    parts = [f"{n} entities, {len(edges_json)} relations"]
    if centre is not None:
        parts.append(f"within {hops} hop{'s' if hops != 1 else ''} of {_slug(centre)}")
    if omitted:
        parts.append(f"{omitted} of {total} entities left out (max_nodes={max_nodes}, "
                     f"lowest PageRank first)")
    message = "; ".join(parts)

    data = {
        "v": 1,
        "title": str(title),
        "lang": lang,
        "langs": list(LANGS),
        "physics": physics,
        "classes": classes_json,
        "figureClass": {"col": _FIGURE_STYLE[0], "sh": _FIGURE_STYLE[1],
                        "l": reader.term_labels("Figure")},
        "rels": rels_json,
        "props": props_json,
        "hasFigureRel": reader.term_labels("hasFigure"),
        "metricRel": reader.term_labels("metric"),
        "sources": sources_json,
        "nodes": nodes_json,
        "edges": edges_json,
        "outer": outer_json,
        "figs": figures_json,
        "fold": fold,
        "focus": node_index[centre] if centre is not None else None,
        "hops": hops,
        "total": total,
        "omitted": omitted,
        "maxNodes": max_nodes,
        "msg": message,
    }
    page = _assemble(data, str(title), lang)
    return page, ViewSummary(nodes=n, edges=len(edges_json), omitted_nodes=omitted,
                             message=message)


# ---------------------------------------------------------------------------------------------
# The page


def json_for_script(data) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``: sorted keys,
    and ``<``, ``>``, ``&``, U+2028, U+2029 written as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _script_safe(js: str) -> str:
    """Inline JavaScript can't contain ``</script`` or ``<!--``; ours and vis-network's don't,
    and this makes sure."""
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "<\\!--")


_static_cache: dict[str, str] = {}


def _static(name: str) -> str:
    if name not in _static_cache:
        _static_cache[name] = (STATIC_DIR / name).read_text(encoding="utf-8")
    return _static_cache[name]


def _vis_js() -> str:
    if "vis" not in _static_cache:
        raw = VIS_PATH.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != VIS_SHA256:
            raise RuntimeError(f"{VIS_PATH} is not the pinned vis-network build "
                               f"(sha256 {digest}); restore it from the npm package")
        text = raw.decode("utf-8")
        text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
        _static_cache["vis"] = _script_safe(text)
    return _static_cache["vis"]


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _assemble(data: dict, title: str, lang: str) -> str:
    vis = _vis_js()
    app = _script_safe(_static("app.js"))
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis)} {_csp_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
           "connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
           "worker-src 'none'; base-uri 'none'; form-action 'none'")
    parts = {
        "LANG": html.escape(lang, quote=True),
        "CSP": html.escape(csp, quote=False).replace('"', "&quot;"),
        "TITLE": html.escape(title, quote=True),
        "CSS": _static("app.css").replace("</", "<\\/"),
        "DATA": json_for_script(data),
        "VIS": vis,
        "APP": app,
    }
    return re.sub(r"@@KG_([A-Z]+)@@", lambda m: parts[m.group(1)], _static("template.html"))
