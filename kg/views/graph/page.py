"""The page: a pyvis Network (``network``) turned into the data of kg's own template, filled in
with the vendored vis-network and the page's own script and style, under a
Content-Security-Policy that allows exactly those two scripts.

Any pyvis Network renders, also one a user changed the pyvis way (``add_node``, ``add_edge``,
``set_options``) or built from scratch: nodes without a kg class are grouped by their pyvis
``group`` (else "other") and keep their own ``color`` and ``shape``; a ``title`` is shown as a
note and other plain fields as properties, all as text; edges without a kg relation are
grouped by their ``label``.  pyvis's own templates, ``show()`` and ``write_html()`` are never
used: they load vis-network from a CDN or a folder beside the file, set no CSP and write
``heading`` and HTML titles unescaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.text import fold_table
from kg.views.graph.content import place_figures
from kg.views.graph.layout import layout
from kg.views.graph.rdf import norm_lang, pick, slug
from kg.views.graph.style import FIGURE_STYLE, families_json
from kg.views.html import json_for_script
from kg.vocab import DEFAULT_LANG, LANGS


def _script_safe(js: str) -> str:
    """Inline JavaScript can't contain ``</script`` or ``<!--``; ours and vis-network's don't,
    and this makes sure."""
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "<\\!--")


STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
VIS_PATH = STATIC_DIR / "vendor" / "vis-network.min.js"
#: sha256 of the vendored vis-network 10.1.5 standalone UMD build (see static/vendor/README.md).
VIS_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"

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


def assemble(data: dict, title: str, lang: str) -> str:
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


# ---------------------------------------------------------------------- Network -> page data

@dataclass(frozen=True)
class ViewSummary:
    """What a rendered view contains."""

    nodes: int            #: entity nodes in the page
    edges: int            #: entity-to-entity edges in the page
    omitted_nodes: int    #: entities left out (``max_nodes``); 0 when none
    message: str          #: one line for a user, e.g. the CLI

    def __str__(self) -> str:
        return self.message


#: vis-network node options a page draws its own way or not at all (not shown as properties).
_VIS_NODE_FIELDS = frozenset({
    "borderWidth", "borderWidthSelected", "brokenImage", "chosen", "ctxRenderer", "fixed", "font",
    "group", "heightConstraint", "hidden", "icon", "image", "imagePadding", "labelHighlightBold",
    "level", "margin", "mass", "opacity", "physics", "scaling", "shadow", "shapeProperties",
    "value", "widthConstraint", "title", "color", "shape", "size", "x", "y", "id", "label"})
#: kg's own node fields (see ``content.nodes_of``).
_KG_NODE_FIELDS = frozenset({"class", "iri", "labels", "rank", "otherLabels", "aliases", "notes",
                             "figures", "properties", "search"})
_OTHER = {"_": "other", "en": "other", "zh-Hant": "其他", "zh-Hans": "其他"}
_UNSAFE_KEYS = frozenset({"__proto__", "constructor", "prototype"})
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_PYVIS_COLOUR = "#97c2fc"   # what pyvis's add_node gives a node without a colour


def _number(value) -> float | int | None:
    """A finite real number for JSON, else None (NaN, text, ...)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)   # numpy numbers and the like
        except (TypeError, ValueError):
            return None
    return value if math.isfinite(value) else None


def _colour(value):
    """A node or edge colour for the page: ``#RRGGBB``, a CSS colour name, or a vis colour
    object of strings; None for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {str(k): _colour(v) for k, v in value.items()
                if k not in _UNSAFE_KEYS and _colour(v) is not None} or None
    return None


def _plain(value):
    """``value`` as JSON data: dicts (minus keys a script could misuse), lists, strings, finite
    numbers, booleans, None; anything else as its text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if str(k) not in _UNSAFE_KEYS}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    number = _number(value)
    return number if number is not None else str(value)


def _prune(options: dict, defaults: dict) -> dict:
    """``options`` minus the entries equal to ``defaults``."""
    out = {}
    for key, value in options.items():
        if key not in defaults:
            out[key] = value
        elif isinstance(value, dict) and isinstance(defaults[key], dict):
            rest = _prune(value, defaults[key])
            if rest:
                out[key] = rest
        elif value != defaults[key]:
            out[key] = value
    return out


def network_options(net) -> dict:
    """The vis-network options of ``net`` as plain data: a dict (as ``set_options`` leaves it)
    as it is, pyvis's ``Options`` object minus pyvis's defaults (the page has its own)."""
    options = net.options
    if isinstance(options, dict):
        return _plain(options)
    from pyvis.options import Options

    defaults = Options(layout=hasattr(options, "layout"))
    return _plain(_prune(json.loads(options.to_json()), json.loads(defaults.to_json())))


class _Sources:
    """Sources by IRI, numbered in the order of the Network's ``kg["sources"]``, then by IRI."""

    def __init__(self, known: list[dict], statements: list) -> None:
        used = {str(ev["src"]) for st in statements for ev in st.get("ev", ()) if "src" in ev}
        titles = {s["i"]: s["t"] for s in known}
        order = [s["i"] for s in known if s["i"] in used]
        order += sorted(s for s in used if s not in titles)
        self.number = {iri: i for i, iri in enumerate(order)}
        self.items = [{"i": iri, "t": str(titles.get(iri, iri))} for iri in order]


def _statements(container_lists) -> list:
    return [st for items in container_lists for item in items
            for st in (item.get("evidence") or item.get("st") or [])]


class _Refs:
    """Turns the Network's references (node ids, source IRIs) into the page's (indexes)."""

    def __init__(self, index: dict, sources: _Sources) -> None:
        self.index, self.sources = index, sources

    def ref(self, ref) -> dict:
        if isinstance(ref, dict) and "id" in ref:
            at = self.index.get(ref["id"])
            if at is not None:
                return {"n": at}
            return {"l": _plain(ref.get("l")) or {"_": str(ref["id"])}}
        if isinstance(ref, dict) and "l" in ref:
            return {"l": _plain(ref["l"])}
        return {"l": {"_": str(ref)}}

    def statement(self, st: dict) -> dict:
        out = _plain({k: v for k, v in st.items() if k not in ("ev", "by")})
        out["ev"] = [{k: (self.sources.number[str(v)] if k == "src" else _plain(v))
                      for k, v in ev.items()} for ev in st.get("ev", ())]
        if st.get("by"):
            out["by"] = [self.ref(r) for r in st["by"]]
        return out

    def statements(self, item: dict) -> list:
        return [self.statement(st) for st in item.get("evidence") or ()]


def _or(value, default):
    return default if value is None else value


def _node_index(nodes: list) -> dict:
    index: dict = {}
    for i, node in enumerate(nodes):
        if not isinstance(node, dict) or "id" not in node:
            raise UsageError(f"node {i} of the network has no id: add nodes with net.add_node(id)")
        if node["id"] in index:
            raise UsageError(f"node id {node['id']!r} appears twice in the network: "
                             "give each node its own id")
        index[node["id"]] = i
    return index


def _class_key(node: dict, known: dict) -> str:
    if node.get("class") in known:
        return node["class"]
    group = node.get("group")
    return "~" + str(group) if group not in (None, "") else "~"


def _classes(nodes: list, known: dict) -> tuple[list, dict]:
    """The page's classes (kg's, then one per pyvis group of nodes without a kg class), and
    the index of each."""
    styles: dict = {}
    counts: dict = {}
    for node in nodes:
        key = _class_key(node, known)
        counts[key] = counts.get(key, 0) + 1
        if key not in styles:
            if key in known:
                styles[key] = known[key]
            else:
                colour = node.get("color")
                styles[key] = {
                    "l": {"_": key[1:]} if key != "~" else dict(_OTHER),
                    "col": colour if isinstance(colour, str) and _HEX.fullmatch(colour)
                    else _PYVIS_COLOUR,
                    "sh": str(node.get("shape") or "dot")}
    names = sorted(counts)
    classes = [{"k": k, "l": _plain(styles[k]["l"]), "col": str(styles[k]["col"]),
                "sh": str(styles[k]["sh"]), "n": counts[k]} for k in names]
    return classes, {k: i for i, k in enumerate(names)}


def _user_properties(node: dict) -> list[list]:
    """A node's plain fields that neither vis-network nor kg knows, as ``[~name, text]``."""
    out = []
    for key, value in node.items():
        if key in _VIS_NODE_FIELDS or key in _KG_NODE_FIELDS or key in _UNSAFE_KEYS:
            continue
        if isinstance(value, (str, int, float, bool)) or _number(value) is not None:
            out.append(["~" + str(key), str(value)])
    return out


def _node_record(node: dict, lang: str, cls: dict, c: int, prop_index: dict) -> dict:
    """One node as the page's script reads it (``k``, ``i``, ``c``, ``l``, ``r``, ``z``, ...)."""
    iri = node.get("iri")
    labels = _plain(node.get("labels")) if isinstance(node.get("labels"), dict) else {}
    label = node.get("label")
    label = str(node["id"]) if label is None else str(label)
    if label != pick(labels, lang):
        labels[lang if labels else "_"] = label
    size = _number(node.get("size"))
    rec = {"k": slug(iri) if iri else str(node["id"]), "i": str(iri or node["id"]), "c": c,
           "l": labels, "r": _or(_number(node.get("rank")), 0), "z": 14 if size is None else size}
    colour, shape = _colour(node.get("color")), node.get("shape")
    if colour is not None and colour != cls["col"]:
        rec["col"] = colour
    if isinstance(shape, str) and shape != cls["sh"]:
        rec["sh"] = shape
    for key, field in (("ol", "otherLabels"), ("a", "aliases"), ("d", "notes")):
        if node.get(field):
            rec[key] = _plain(node[field])
    if isinstance(node.get("title"), str) and node["title"]:
        rec["d"] = rec.get("d", []) + [node["title"]]
    props = [[str(n), str(v)] for n, v in node.get("properties") or ()] + _user_properties(node)
    if props:
        rec["p"] = sorted([prop_index[n], v] for n, v in props)
    x, y = _number(node.get("x")), _number(node.get("y"))
    if x is not None and y is not None:
        rec["x"], rec["y"] = x, y
    return rec


def _relation_key(edge: dict, known: dict) -> str:
    if edge.get("relation") in known:
        return edge["relation"]
    return "~" + str(edge.get("label") or "")


def _edges(net, index: dict, known: dict, refs: _Refs, outer: list,
           styles: dict) -> tuple[list, list, list]:
    """The page's edges, relations (kg's, then one per label of edges without a kg relation;
    with their family and colour from ``styles``) and edges to entities left out."""
    keys = []
    for k, edge in enumerate(net.edges):
        for end in ("from", "to"):
            if edge.get(end) not in index:
                raise UsageError(f"edge {k} ({edge.get('from')!r} -> {edge.get('to')!r}) of the "
                                 f"network names no node {edge.get(end)!r}: add the node first "
                                 "(net.add_node) or remove the edge")
        keys.append(_relation_key(edge, known))
    outer_kept = [o for o in outer if o.get("id") in index]
    names = sorted(set(keys) | {_relation_key(o, known) for o in outer_kept})
    rel_index = {r: i for i, r in enumerate(names)}
    counts = _count(keys)
    rels = [{"k": r, "l": _plain(known[r]) if r in known else {"_": r[1:] or "—"},
             "n": counts.get(r, 0)} for r in names]
    for rel in rels:
        style = styles.get(rel["k"])
        if isinstance(style, (list, tuple)) and len(style) == 2:
            rel["fam"], rel["col"] = str(style[0]), str(style[1])
    edges = []
    for edge, key in zip(net.edges, keys):
        item = {"f": index[edge["from"]], "t": index[edge["to"]], "r": rel_index[key]}
        sts = refs.statements(edge)
        if sts:
            item["st"] = sts
        colour = _colour(edge.get("color"))
        if colour is not None:
            item["col"] = colour
        edges.append(item)
    outer_json = []
    for o in outer_kept:
        item = {"n": index[o["id"]], "dir": o["dir"], "r": rel_index[_relation_key(o, known)],
                "l": _plain(o["l"])}
        sts = refs.statements(o)
        if sts:
            item["st"] = sts
        outer_json.append(item)
    return edges, rels, outer_json


def _count(keys: list) -> dict:
    counts: dict = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


def _figures(nodes: list, records: list, refs: _Refs, physics: bool) -> list:
    """Every node's figures in one list (``o``: the owner's index; the owner's ``f``: theirs)."""
    figs = []
    for i, node in enumerate(nodes):
        for fig in node.get("figures") or ():
            info = _plain({k: v for k, v in fig.items() if k not in ("m", "st")})
            if isinstance(fig.get("m"), dict):
                info["m"] = refs.ref(fig["m"])
            sts = [refs.statement(st) for st in fig.get("st") or ()]
            if sts:
                info["st"] = sts
            info["o"] = i
            records[i].setdefault("f", []).append(len(figs))
            figs.append(info)
    if not physics:
        place_figures(figs, [(r.get("x", 0), r.get("y", 0)) for r in records])
    return figs


def _summary(n: int, n_edges: int, centre: str | None, hops: int, omitted: int, total: int,
             max_nodes: int | None) -> str:
    parts = [f"{n} entities, {n_edges} relations"]
    if centre is not None:
        parts.append(f"within {hops} hop{'s' if hops != 1 else ''} of {centre}")
    if omitted:
        parts.append(f"{omitted} of {total} entities left out (max_nodes={max_nodes}, "
                     f"lowest PageRank first)")
    return "; ".join(parts)


def _place_unplaced(records: list, edges: list) -> None:
    """Give every node a position (the page draws with physics off): a Network with none is
    laid out here (``layout``); nodes a user added to a placed Network go in a row under it."""
    missing = [i for i, r in enumerate(records) if "x" not in r]
    if not missing:
        return
    if len(missing) == len(records):
        ranks = [r["r"] for r in records]
        for r, (x, y) in zip(records, layout(len(records), [(e["f"], e["t"]) for e in edges],
                                             ranks)):
            r["x"], r["y"] = x, y
        return
    left = min(r["x"] for r in records if "x" in r)
    below = max(r["y"] for r in records if "y" in r) + 120
    for k, i in enumerate(missing):
        records[i]["x"], records[i]["y"] = left + 110 * (k % 12), below + 90 * (k // 12)


def _physics(options: dict) -> bool:
    """Whether physics is on (``options["physics"]["enabled"]``, default on), taken out of
    ``options``: the page's script decides how physics runs."""
    value = options.get("physics")
    if isinstance(value, bool):
        del options["physics"]
        return value
    if isinstance(value, dict) and "enabled" in value:
        enabled = bool(value.pop("enabled"))
        if not value:
            del options["physics"]
        return enabled
    return True


def page_data(net) -> tuple[dict, ViewSummary]:
    """The data of the page's script for the pyvis Network ``net`` (made by
    ``network.build_network`` or anyone), and its summary.

    Raises:
        UsageError: a node without an id or with another node's id; an edge naming no node.
    """
    extra = getattr(net, "kg", None) or {}
    lang = norm_lang(extra["lang"]) if isinstance(extra.get("lang"), str) else DEFAULT_LANG
    lang = lang if lang in LANGS else DEFAULT_LANG
    options = network_options(net)
    _physics(options)  # the page draws with physics off: every node is placed here
    if not getattr(net, "directed", True):
        options.setdefault("edges", {}).setdefault("arrows", {"to": {"enabled": False}})
    nodes = list(net.nodes)
    index = _node_index(nodes)
    classes, class_index = _classes(nodes, extra.get("classes") or {})
    outer = extra.get("outer") or []
    statements = _statements([net.edges, outer, [f for n in nodes for f in n.get("figures") or ()]])
    refs = _Refs(index, _Sources(extra.get("sources") or [], statements))
    known_props = extra.get("props") or {}
    prop_names = sorted({str(name) for n in nodes for name, _v in n.get("properties") or ()}
                        | {name for n in nodes for name, _v in _user_properties(n)})
    prop_index = {name: i for i, name in enumerate(prop_names)}
    known_classes = extra.get("classes") or {}
    records = []
    for node in nodes:
        c = class_index[_class_key(node, known_classes)]
        records.append(_node_record(node, lang, classes[c], c, prop_index))
    edges, rels, outer_json = _edges(net, index, extra.get("rels") or {}, refs, outer,
                                     extra.get("relStyles") or {})
    _place_unplaced(records, edges)
    figs = _figures(nodes, records, refs, False)
    texts = [str(t) for n in nodes for t in [*(n.get("search") or ()), n.get("label") or ""]]
    focus = index.get(extra.get("focus")) if extra.get("focus") is not None else None
    hops = extra.get("hops", 1)
    omitted = int(extra.get("omitted") or 0)
    message = _summary(len(nodes), len(edges), records[focus]["k"] if focus is not None else None,
                       hops, omitted, omitted + len(nodes), extra.get("maxNodes"))
    title = str(net.heading) if getattr(net, "heading", "") else "kg"
    data = {
        "v": 1, "title": title, "lang": lang, "langs": list(LANGS), "physics": False,
        "layout": "readable" if extra.get("layout") == "readable" else "balloon",
        "classes": classes, "figureClass": _plain(extra.get("figureClass") or {
            "col": FIGURE_STYLE[0], "sh": FIGURE_STYLE[1], "l": {"_": "Figure"}}),
        "rels": rels, "relFamilies": families_json({r["fam"] for r in rels if "fam" in r}),
        "props": [{"k": p, "l": _plain(known_props[p]) if p in known_props
                                 else {"_": p[1:]}} for p in prop_names],
        "hasFigureRel": _plain(extra.get("hasFigureRel") or {"_": "hasFigure"}),
        "metricRel": _plain(extra.get("metricRel") or {"_": "metric"}),
        "sources": refs.sources.items, "nodes": records, "edges": edges, "outer": outer_json,
        "figs": figs, "fold": fold_table(texts),   # kg's one fold (kg.text), as a table
        "focus": focus, "hops": hops, "total": omitted + len(nodes), "omitted": omitted,
        "maxNodes": extra.get("maxNodes"), "msg": message,
    }
    if options:
        data["options"] = options
    return data, ViewSummary(nodes=len(nodes), edges=len(edges), omitted_nodes=omitted,
                             message=message)


def render_network(net) -> tuple[str, ViewSummary]:
    """The page of the pyvis Network ``net`` (see :func:`page_data`) and its summary."""
    data, summary = page_data(net)
    return assemble(data, data["title"], data["lang"]), summary
