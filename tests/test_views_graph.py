"""The interactive graph view (kg/views/graph/): content, safety, determinism, and a real browser.

Browser tests run Debian's /usr/bin/chromium through tests/browser.py with every non-file request
blocked and recorded; they are skipped (with the reason) only when chromium or playwright is
missing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.errors import UsageError
from kg.views.graph import (
    LANGS,
    PHYSICS_MAX_NODES,
    VIS_SHA256,
    ViewSummary,
    render_html,
    write_html,
)
from tests.browser import artifacts_dir, canvas_drawn, open_view, skip_reason

ROOT = Path(__file__).resolve().parents[1]
KGO = Namespace("https://w3id.org/kg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
BASE = "https://w3id.org/kg/resource/"
KGR = Namespace(BASE)
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_NNI = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")

HOSTILE = {
    "img": "<img src=x onerror=alert(1)>",
    "script": "</script><script>alert(2)</script>",
    "js": "javascript:alert(3)",
    "svg": "<svg onload=alert(4)>",
    "iframe": "<iframe src=javascript:alert(5)></iframe>",
    "quote": "</script><script>alert(6)</script><img src=x onerror=alert(7)>",
    "title": "</title><script>alert(8)</script>",
    "rel": "<b onmouseover=alert(9)>rel</b>",
    "amp": "&amp; &lt;x&gt; \u2028 \u2029 end",
}

SOURCE_TEXT = ("商湯董事會執行主席兼首席執行官徐立發佈十週年內部信。"
               "商湯2018年經營虧損34億元,同比擴大21%。光錐智能報導了此事。")


# ---------------------------------------------------------------------------------------------
# A small graph per docs/model.md


def _labels(g: Graph, node, hant=None, hans=None, en=None, pref=True) -> None:
    for lang, text in (("zh-Hant", hant), ("zh-Hans", hans), ("en", en)):
        if text is not None:
            g.add((node, RDFS.label, Literal(text, lang=lang)))
            if pref:
                g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))


def _statement(g: Graph, ident: str, s, p, o, quote: str, source, *, claimed_by=None,
               text: str = SOURCE_TEXT, start: int | None = None) -> None:
    st = KGR[f"statement/{ident}"]
    ev, tgt = URIRef(f"{st}/evidence"), URIRef(f"{st}/target")
    q, pos = URIRef(f"{st}/quote"), URIRef(f"{st}/position")
    if start is None:
        start = text.index(quote) if quote in text else 0
    end = start + len(quote)
    g.add((s, p, o))
    g.add((st, RDF.type, KGO.Statement))
    g.add((st, KGO.statementSubject, s))
    g.add((st, KGO.statementRelation, p))
    g.add((st, KGO.statementObject, o))
    g.add((st, KGO.hasEvidence, ev))
    g.add((st, PROV.wasDerivedFrom, source))
    if claimed_by is not None:
        g.add((st, KGO.claimedBy, claimed_by))
    g.add((ev, RDF.type, OA.Annotation))
    g.add((ev, OA.motivatedBy, OA.describing))
    g.add((ev, OA.hasBody, st))
    g.add((ev, OA.hasTarget, tgt))
    g.add((tgt, RDF.type, OA.SpecificResource))
    g.add((tgt, OA.hasSource, source))
    g.add((tgt, OA.hasSelector, q))
    g.add((tgt, OA.hasSelector, pos))
    g.add((q, RDF.type, OA.TextQuoteSelector))
    g.add((q, OA.exact, Literal(quote)))
    g.add((q, OA.prefix, Literal(text[max(0, start - 6):start])))
    g.add((q, OA.suffix, Literal(text[end:end + 6])))
    g.add((pos, RDF.type, OA.TextPositionSelector))
    g.add((pos, OA.start, Literal(start, datatype=XSD_NNI)))
    g.add((pos, OA.end, Literal(end, datatype=XSD_NNI)))


def make_graph(hostile: bool = False) -> Graph:
    """徐立 / 商湯 and friends: labels in three languages, statements with evidence, a figure,
    and a few ontology triples (class and relation labels)."""
    g = Graph()
    g.bind("kgo", KGO)
    g.bind("kgr", KGR)
    # ontology bits the view reads: class and relation labels, a subclass link
    _labels(g, KGO.Person, "人物", "人物", "Person", pref=False)
    _labels(g, KGO.Company, "公司", "公司", "Company", pref=False)
    _labels(g, KGO.holdsPost, "擔任職位", "担任职位", "holds post", pref=False)
    _labels(g, KGO.postIn, "職位所屬組織", "职位所属组织", "post in", pref=False)
    g.add((KGO.MediaOutlet, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")))
    # source
    src = KGR["source/sensetime-layoffs-2024"]
    g.add((src, RDF.type, KGO.Source))
    g.add((src, DCTERMS.title, Literal("陣痛中轉型,商湯裁員背後的AI真相")))
    g.add((src, KGO.charCount, Literal(len(SOURCE_TEXT))))

    def entity(ident, cls, hant=None, hans=None, en=None):
        node = KGR[f"entity/{ident}"]
        g.add((node, RDF.type, KGO[cls]))
        _labels(g, node, hant, hans, en)
        return node

    xu = entity("xu-li", "Person", "徐立", "徐立", "Xu Li")
    st = entity("sensetime", "Company", "商湯", "商汤", "SenseTime")
    for lang, alias in (("zh-Hant", "商湯集團"), ("zh-Hans", "商汤集团"), ("en", "SenseTime Group")):
        g.add((st, SKOS.altLabel, Literal(alias, lang=lang)))
    g.add((st, RDFS.comment, Literal("An AI company in Hong Kong.", lang="en")))
    layoff = entity("layoff-2024", "Layoff", "本次裁員", "本次裁员", "the 2024 layoff")
    g.add((layoff, KGO.startDate, Literal("2024-10-22T00:00:00", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#dateTime"))))
    g.add((layoff, KGO.dateText, Literal("10月22日")))
    _labels(g, KGO.startDate, "開始日期", "开始日期", "start date", pref=False)
    ceo = entity("post-ceo", "Post", "首席執行官", "首席执行官", "CEO")
    lc = entity("light-cone", "MediaOutlet", "光錐智能", "光锥智能", "Light Cone")
    loss = entity("operating-loss", "Metric", "經營虧損", "经营亏损", "operating loss")
    only_en = entity("only-english", "Company", en="OnlyEnglish Ltd")
    _statement(g, "xu-li-holds-ceo", xu, KGO.holdsPost, ceo, "首席執行官徐立", src)
    _statement(g, "ceo-post-in-sensetime", ceo, KGO.postIn, st, "商湯董事會執行主席", src)
    _statement(g, "sensetime-reported-by", st, KGO.reportedBy, lc, "光錐智能報導了此事", src,
               claimed_by=lc)
    _statement(g, "only-english-competes", only_en, KGO.competesWith, st, "商湯", src, start=0)
    _statement(g, "layoff-affects-sensetime", layoff, KGO.affects, st, "商湯", src, start=25)
    # a figure: 商湯 2018 operating loss 34億元, up 21% year on year, flagged
    fig = KGR["figure/operating-loss-2018"]
    _statement(g, "operating-loss-2018", st, KGO.hasFigure, fig, "2018年經營虧損34億元", src)
    g.add((fig, RDF.type, KGO.Figure))
    g.add((fig, KGO.figureOf, st))
    g.add((fig, KGO.metric, loss))
    _labels(g, fig, "商湯 經營虧損 2018: 34億元", "商汤 经营亏损 2018: 34亿元",
            "SenseTime operating loss 2018: 3.4 billion yuan", pref=False)
    g.add((fig, KGO.value, Literal("34.0", datatype=XSD_DECIMAL)))
    g.add((fig, KGO.multiplier, Literal("100000000", datatype=XSD_DECIMAL)))
    g.add((fig, KGO.multiplierText, Literal("億")))
    g.add((fig, KGO.normalizedValue, Literal("3400000000", datatype=XSD_DECIMAL)))
    g.add((fig, KGO.unit, KGO.CNY))
    g.add((KGO.CNY, RDF.type, KGO.Unit))
    g.add((KGO.CNY, KGO.unitSymbol, Literal("元")))
    period = KGR["period/2018"]
    g.add((fig, KGO.period, period))
    g.add((period, RDF.type, KGO.Period))
    _labels(g, period, "2018年", "2018年", "2018", pref=False)
    change = KGR["figure/operating-loss-2018/change"]
    g.add((fig, KGO.change, change))
    g.add((change, RDF.type, KGO.Change))
    g.add((change, KGO.value, Literal("21", datatype=XSD_DECIMAL)))
    g.add((change, KGO.unit, KGO.Percent))
    g.add((KGO.Percent, KGO.unitSymbol, Literal("%")))
    g.add((change, KGO.direction, KGO.Increase))
    _labels(g, KGO.Increase, "增加", "增加", "increase", pref=False)
    g.add((change, KGO.basis, KGO.YearOnYear))
    _labels(g, KGO.YearOnYear, "同比", "同比", "year on year", pref=False)
    g.add((fig, KGO.flag, Literal("currency-inconsistent")))
    if hostile:
        evil_src = KGR["source/evil"]
        g.add((evil_src, RDF.type, KGO.Source))
        g.add((evil_src, DCTERMS.title, Literal(HOSTILE["js"])))
        evil = entity("evil", "Person", HOSTILE["img"], HOSTILE["script"], HOSTILE["js"])
        g.add((evil, SKOS.altLabel, Literal(HOSTILE["svg"], lang="en")))
        g.add((evil, RDFS.comment, Literal(HOSTILE["iframe"], lang="en")))
        g.add((evil, RDFS.label, Literal(HOSTILE["amp"], lang="fr")))
        _labels(g, KGO.evilRel, HOSTILE["rel"], HOSTILE["rel"], HOSTILE["rel"], pref=False)
        _statement(g, "evil-rel", evil, KGO.evilRel, xu, HOSTILE["quote"], evil_src,
                   claimed_by=evil, text=HOSTILE["amp"] + HOSTILE["quote"] + HOSTILE["amp"])
    return g


SMALL_ENTITIES = {"xu-li", "sensetime", "post-ceo", "light-cone", "operating-loss", "only-english",
                  "layoff-2024"}
SMALL_EDGES = {("xu-li", "holdsPost", "post-ceo"), ("post-ceo", "postIn", "sensetime"),
               ("sensetime", "reportedBy", "light-cone"),
               ("only-english", "competesWith", "sensetime"),
               ("layoff-2024", "affects", "sensetime")}


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def expected_view(graph: Graph) -> tuple[set, set]:
    """Entities and edges of a graph per docs/model.md, computed independently of kg.views.graph:
    entity = an IRI under {base}entity/ typed with a kgo: class; edge = a kgo: triple between
    two entities."""
    kgo = str(KGO)
    entities = {s for s, _p, o in graph.triples((None, RDF.type, None))
                if "/entity/" in str(s) and str(o).startswith(kgo)}
    edges = {(s, p, o) for s, p, o in graph if str(p).startswith(kgo)
             and s in entities and o in entities}
    return entities, edges


@pytest.fixture(scope="module")
def small() -> Graph:
    return make_graph()


@pytest.fixture(scope="module")
def small_page(small) -> str:
    return render_html(small)


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    from kg.graph.build import build_graph

    return build_graph(ROOT)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_viz", ROOT / "benchmarks" / "bench_viz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def mid_graph() -> Graph:
    """Synthetic, above the physics threshold: laid out in Python."""
    return _bench().synthetic_graph(PHYSICS_MAX_NODES + 100, seed=3)


# ---------------------------------------------------------------------------------------------
# Python-level checks


def test_page_is_one_self_contained_document(small_page):
    assert small_page.startswith("<!DOCTYPE html>")
    # nothing is loaded from anywhere: no external scripts, styles, images, frames, imports
    for pattern in (r"<script[^>]*\ssrc\s*=", r"<link\b", r"<img\b", r"<iframe\b", r"@import",
                    r"sourceMappingURL"):
        assert not re.search(pattern, small_page, re.I), pattern
    assert len(re.findall(r"<script\b", small_page)) == 3   # data, vis-network, the page's own
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', small_page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "vis-network" in small_page and "10.1.5" in small_page


def test_nodes_are_entities_and_edges_are_kgo_triples_between_them(small, small_page):
    data = page_data(small_page)
    assert {n["k"] for n in data["nodes"]} == SMALL_ENTITIES
    keys = [n["k"] for n in data["nodes"]]
    rels = [r["k"] for r in data["rels"]]
    edges = {(keys[e["f"]], rels[e["r"]], keys[e["t"]]) for e in data["edges"]}
    assert edges == SMALL_EDGES          # no rdf:type, labels, hasFigure or evidence plumbing
    entities, graph_edges = expected_view(small)
    assert len(data["nodes"]) == len(entities) and len(data["edges"]) == len(graph_edges)
    classes = {data["classes"][n["c"]]["k"] for n in data["nodes"]}
    assert classes == {"Person", "Company", "Post", "MediaOutlet", "Metric", "Layoff"}
    # every class has a distinct (colour, shape) for the legend
    styles = [(c["col"], c["sh"]) for c in data["classes"]]
    assert len(set(styles)) == len(styles)


def test_edges_carry_their_evidence(small_page):
    data = page_data(small_page)
    keys = [n["k"] for n in data["nodes"]]
    rels = [r["k"] for r in data["rels"]]
    by_triple = {(keys[e["f"]], rels[e["r"]], keys[e["t"]]): e for e in data["edges"]}
    holds = by_triple[("xu-li", "holdsPost", "post-ceo")]["st"][0]
    assert holds["k"] == "xu-li-holds-ceo"
    (ev,) = holds["ev"]
    assert ev["q"] == "首席執行官徐立"
    assert SOURCE_TEXT[ev["s"]:ev["e"]] == ev["q"]
    assert data["sources"][ev["src"]]["t"] == "陣痛中轉型,商湯裁員背後的AI真相"
    assert ev["pre"] and ev["suf"]
    reported = by_triple[("sensetime", "reportedBy", "light-cone")]["st"][0]
    assert reported["by"] == [{"n": keys.index("light-cone")}]


def test_relation_and_class_labels_come_from_the_ontology(small_page):
    data = page_data(small_page)
    rels = {r["k"]: r["l"] for r in data["rels"]}
    assert rels["holdsPost"]["zh-Hant"] == "擔任職位" and rels["holdsPost"]["en"] == "holds post"
    assert rels["reportedBy"] == {"_": "reportedBy"}       # no label: the local name
    classes = {c["k"]: c["l"] for c in data["classes"]}
    assert classes["Person"]["zh-Hant"] == "人物"


def test_figures_go_to_the_entity_detail(small_page):
    data = page_data(small_page)
    keys = [n["k"] for n in data["nodes"]]
    sensetime = data["nodes"][keys.index("sensetime")]
    (fig_no,) = sensetime["f"]
    fig = data["figs"][fig_no]
    assert fig["o"] == keys.index("sensetime")
    assert fig["m"] == {"n": keys.index("operating-loss")}
    assert fig["v"] == 34 and fig["mt"] == "億" and fig["u"] == "元"
    assert fig["p"]["zh-Hant"] == "2018年"
    assert fig["c"]["v"] == 21 and fig["c"]["u"] == "%"
    assert fig["c"]["d"]["zh-Hant"] == "增加" and fig["c"]["b"]["en"] == "year on year"
    assert fig["fl"] == ["currency-inconsistent"]
    assert fig["st"][0]["ev"][0]["q"] == "2018年經營虧損34億元"
    # figures are not entity nodes
    assert "operating-loss-2018" not in keys


def test_labels_and_aliases_in_every_language(small_page):
    data = page_data(small_page)
    nodes = {n["k"]: n for n in data["nodes"]}
    assert nodes["xu-li"]["l"] == {"zh-Hant": "徐立", "zh-Hans": "徐立", "en": "Xu Li", "_": "xu-li"}
    assert ["zh-Hans", "商汤集团"] in nodes["sensetime"]["a"]
    assert nodes["only-english"]["l"] == {"en": "OnlyEnglish Ltd", "_": "only-english"}


def test_search_folding_table_maps_traditional_to_simplified(small_page):
    fold = page_data(small_page)["fold"]
    assert fold["湯"] == "汤"            # 商汤 finds 商湯
    assert fold["錐"] == "锥"
    assert "商" not in fold and "徐" not in fold


def test_hostile_text_is_escaped_in_the_document():
    page = render_html(make_graph(hostile=True), title=HOSTILE["title"])
    head, _, rest = page.partition('<script type="application/json" id="kg-data">')
    data_text = rest.split("</script>", 1)[0]
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in data_text
    assert "<img src=x" not in page and "<svg onload" not in page and "<iframe src" not in page
    assert "alert(2)</script>" not in page and "alert(6)</script>" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt;</title>" in head
    data = page_data(page)
    evil = next(n for n in data["nodes"] if n["k"] == "evil")
    assert evil["l"]["zh-Hant"] == HOSTILE["img"] and evil["l"]["zh-Hans"] == HOSTILE["script"]
    assert evil["ol"] == [["fr", HOSTILE["amp"]]]
    quotes = [ev["q"] for e in data["edges"] for st in e.get("st", []) for ev in st["ev"]]
    assert HOSTILE["quote"] in quotes


def test_output_is_deterministic(small):
    first = render_html(small)
    assert render_html(small) == first
    shuffled = Graph()
    for triple in sorted(small, key=lambda t: tuple(str(x) for x in t), reverse=True):
        shuffled.add(triple)
    assert render_html(shuffled) == first


def test_focus_keeps_the_neighbourhood(small):
    page = render_html(small, focus="xu-li", hops=1)
    data = page_data(page)
    assert {n["k"] for n in data["nodes"]} == {"xu-li", "post-ceo"}
    assert data["nodes"][data["focus"]]["k"] == "xu-li"
    two = page_data(render_html(small, focus=BASE + "entity/xu-li", hops=2))
    assert {n["k"] for n in two["nodes"]} == {"xu-li", "post-ceo", "sensetime"}
    zero = page_data(render_html(small, focus="xu-li", hops=0))
    assert [n["k"] for n in zero["nodes"]] == ["xu-li"]


@pytest.mark.parametrize("kwargs, fragment", [
    ({"lang": "fr"}, "unknown language"),
    ({"lang": ""}, "unknown language"),
    ({"focus": "nobody"}, "unknown entity 'nobody'"),
    ({"focus": "Xu Li"}, "unknown entity"),
    ({"hops": -1}, "hops"),
    ({"max_nodes": 0}, "max_nodes"),
])
def test_bad_arguments_are_usage_errors(small, kwargs, fragment):
    with pytest.raises(UsageError, match=re.escape(fragment)):
        render_html(small, **kwargs)


def test_lang_is_case_insensitive_and_sets_the_page_language(small):
    data = page_data(render_html(small, lang="EN"))
    assert data["lang"] == "en"
    assert data["langs"] == list(LANGS)


def test_max_nodes_keeps_the_highest_pagerank(small, tmp_path):
    summary = write_html(small, tmp_path / "g.html", max_nodes=3)
    assert summary.nodes == 3 and summary.omitted_nodes == 4
    assert "4 of 7 entities left out" in summary.message
    data = page_data((tmp_path / "g.html").read_text(encoding="utf-8"))
    assert data["omitted"] == 4 and data["total"] == 7 and data["maxNodes"] == 3
    assert "sensetime" in {n["k"] for n in data["nodes"]}     # the hub stays
    # statements to entities left out are still listed for the nodes kept
    assert data["outer"]
    focused = page_data(render_html(small, focus="light-cone", hops=3, max_nodes=2))
    assert "light-cone" in {n["k"] for n in focused["nodes"]}


def test_write_html_is_atomic_and_returns_a_summary(small, tmp_path):
    target = tmp_path / "out" / "graph.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    summary = write_html(small, target, lang="en", title="SenseTime")
    assert isinstance(summary, ViewSummary)
    assert (summary.nodes, summary.edges, summary.omitted_nodes) == (7, 5, 0)
    assert summary.message == "7 entities, 5 relations"
    assert target.read_text(encoding="utf-8") == render_html(small, lang="en", title="SenseTime")
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]


def test_large_graphs_are_laid_out_in_python(mid_graph):
    page = render_html(mid_graph)
    data = page_data(page)
    assert data["physics"] is False
    points = [(n["x"], n["y"]) for n in data["nodes"]]
    assert len(points) == PHYSICS_MAX_NODES + 100
    assert len(set(points)) == len(points)
    assert render_html(mid_graph) == page
    small_data = page_data(render_html(make_graph()))
    # small graphs are laid out in Python too, with room for labels (layout.readable_layout)
    assert small_data["layout"] == "readable" and "x" in small_data["nodes"][0]
    assert data["layout"] == "balloon"


def test_vendored_vis_network_is_pinned_and_licensed():
    vendor = ROOT / "kg" / "static" / "vendor"
    raw = (vendor / "vis-network.min.js").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == VIS_SHA256
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    assert "vis-network" in readme and "10.1.5" in readme and "MIT" in readme
    assert (vendor / "LICENSE-MIT").is_file() and (vendor / "LICENSE-APACHE-2.0").is_file()


def test_importing_kg_viz_stays_light():
    code = ("import sys, kg.views.graph; heavy = [m for m in ('rdflib', 'networkx', 'numpy', 'scipy')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert out.stdout.strip() == "[]"


def test_seed_graph_view_matches_the_graph(seed_graph):
    page = render_html(seed_graph)
    data = page_data(page)
    entities, edges = expected_view(seed_graph)
    assert len(data["nodes"]) == len(entities) > 10
    assert len(data["edges"]) == len(edges) > 10
    keys = {n["k"] for n in data["nodes"]}
    assert {"xu-li", "sensetime"} <= keys
    with_evidence = [e for e in data["edges"] if e.get("st") and e["st"][0]["ev"][0].get("q")]
    assert len(with_evidence) == len(data["edges"])     # every relation is backed by a quote
    assert data["figs"], "the seed has figures"
    assert render_html(seed_graph) == page


# ---------------------------------------------------------------------------------------------
# In the browser

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


def node_index(session, key: str) -> int:
    return session.page.evaluate("key => kg.data.nodes.findIndex(n => n.k === key)", key)


def search_and_enter(session, text: str) -> None:
    page = session.page
    page.fill("#kg-search", "")
    page.fill("#kg-search", text)
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(450)   # focus animation


def edge_point(session, edge_id: int, t: float = 0.35) -> tuple[float, float]:
    """Page coordinates of the point at fraction t along a (straight) drawn edge."""
    return tuple(session.page.evaluate("""([j, t]) => {
        const e = kg.data.edges[j];
        const p = kg.network.getPositions([e.f, e.t]);
        const c = {x: p[e.f].x + (p[e.t].x - p[e.f].x) * t, y: p[e.f].y + (p[e.t].y - p[e.f].y) * t};
        const d = kg.network.canvasToDOM(c);
        const r = document.getElementById('kg-graph').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y];
    }""", [edge_id, t]))


@needs_browser
def test_browser_small_graph(browser, small_page, tmp_path):
    path = tmp_path / "small.html"
    path.write_text(small_page, encoding="utf-8")
    session = open_view(browser, path)
    page = session.page
    assert canvas_drawn(session.page)
    assert page.evaluate("kg.counts()") == {"nodes": len(SMALL_ENTITIES), "edges": len(SMALL_EDGES)}
    assert page.evaluate("kg.network.body.nodeIndices.length") == len(SMALL_ENTITIES)
    assert page.evaluate("kg.network.body.edgeIndices.length") == len(SMALL_EDGES)

    xu, sensetime = node_index(session, "xu-li"), node_index(session, "sensetime")
    for query, expected in (("徐立", xu), ("Xu Li", xu), ("xu li", xu), ("商汤", sensetime),
                            ("商湯集團", sensetime), ("商汤集团", sensetime)):
        search_and_enter(session, query)
        assert page.evaluate("kg.network.getSelectedNodes()") == [expected], query
        assert page.text_content("#kg-panel h3") == page.evaluate(
            "i => kg.nodes.get(i).label", expected)
        view = page.evaluate("kg.network.getViewPosition()")
        pos = page.evaluate("i => kg.network.getPositions([i])[i]", expected)
        assert abs(view["x"] - pos["x"]) < 5 and abs(view["y"] - pos["y"]) < 5, query

    # the node panel: labels in all languages, class, statements with evidence, figures
    search_and_enter(session, "SenseTime")
    panel = page.text_content("#kg-panel")
    for text in ("商湯", "商汤", "SenseTime", "公司", "商湯董事會執行主席", "光錐智能報導了此事",
                 "2018年經營虧損34億元", "億", "元", "2018年", "currency-inconsistent", "增加"):
        assert text in panel, text

    search_and_enter(session, "本次裁员")
    panel = page.text_content("#kg-panel")
    assert "開始日期" in panel and "2024-10-22" in panel and "10月22日" in panel

    # a real click on an edge shows its evidence in the panel; hovering shows it in a tooltip
    keys = page.evaluate("kg.data.nodes.map(n => n.k)")
    holds = next(j for j, e in enumerate(page_data(small_page)["edges"])
                 if keys[e["f"]] == "xu-li" and keys[e["t"]] == "post-ceo")
    page.click("#kg-panel-close")
    page.evaluate("kg.network.fit()")
    x, y = edge_point(session, holds)
    page.mouse.move(x, y)
    page.wait_for_selector("#kg-tip:not([hidden])", timeout=5000)
    assert "首席執行官徐立" in page.text_content("#kg-tip")
    page.mouse.click(x, y)
    assert page.evaluate("kg.network.getSelectedEdges()") == [holds]
    panel = page.text_content("#kg-panel")
    assert "首席執行官徐立" in panel and "陣痛中轉型,商湯裁員背後的AI真相" in panel
    start = SOURCE_TEXT.index("首席執行官徐立")
    assert f"{start}–{start + 7}" in panel

    # switching language changes node labels, edge labels and the page's own text
    def labels():
        return page.evaluate("""() => [kg.nodes.get(%d).label, kg.edges.get(%d).label,
                                       document.getElementById('kg-classes-title').textContent]"""
                             % (sensetime, holds))

    assert labels() == ["商湯", "擔任職位", "類別"]
    page.select_option("#kg-lang", "en")
    assert labels() == ["SenseTime", "holds post", "Classes"]
    page.select_option("#kg-lang", "zh-Hans")
    assert labels() == ["商汤", "担任职位", "类别"]
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    only_en = node_index(session, "only-english")   # no Chinese label: falls back to English
    assert page.evaluate("i => kg.nodes.get(i).label", only_en) == "OnlyEnglish Ltd"

    # filters, neighbourhood focus, figures as nodes
    page.uncheck('input[data-class="Company"]')
    assert page.evaluate("kg.counts()") == {"nodes": 5, "edges": 1}
    page.check('input[data-class="Company"]')
    page.uncheck('input[data-rel="holdsPost"]')
    assert page.evaluate("kg.counts()")["edges"] == len(SMALL_EDGES) - 1
    page.check('input[data-rel="holdsPost"]')
    page.evaluate("kg.setFocus('xu-li', 1)")
    assert page.evaluate("kg.counts()") == {"nodes": 2, "edges": 1}
    page.click("#kg-showall")
    assert page.evaluate("kg.counts()")["nodes"] == len(SMALL_ENTITIES)
    search_and_enter(session, "徐立")                 # the same through the controls
    page.fill("#kg-hops", "2")
    page.click("#kg-focus-btn")
    assert page.evaluate("kg.counts()") == {"nodes": 3, "edges": 2}
    assert "2" in page.text_content("#kg-focus-state")
    page.click("#kg-showall")
    assert page.evaluate("kg.counts()")["nodes"] == len(SMALL_ENTITIES)
    page.check("#kg-figures")
    assert page.evaluate("kg.counts()") == {"nodes": 8, "edges": 7}
    page.uncheck("#kg-figures")
    session.assert_clean()


@needs_browser
def test_browser_hostile_text_stays_text(browser, tmp_path):
    path = tmp_path / "hostile.html"
    write_html(make_graph(hostile=True), path, title=HOSTILE["title"])
    session = open_view(browser, path)
    page = session.page
    evil = node_index(session, "evil")
    assert evil >= 0
    assert page.title() == HOSTILE["title"]
    assert page.text_content("#kg-title") == HOSTILE["title"]
    # open every panel, tooltip source, search result and language
    for lang in ("zh-Hant", "zh-Hans", "en"):
        page.select_option("#kg-lang", lang)
        page.evaluate("""() => {
            kg.data.nodes.forEach((n, i) => kg.focusNode(i));
            kg.data.edges.forEach((e, j) => kg.selectEdge(j));
            kg.setFigures(true);
        }""")
        page.fill("#kg-search", "<")
        page.wait_for_timeout(100)
    page.evaluate("kg.focusNode('evil')")
    panel = page.text_content("#kg-panel")
    # line and paragraph separators are shown as markers, as every invisible character is
    amp = HOSTILE["amp"].replace("\u2028", "<U+2028>").replace("\u2029", "<U+2029>")
    for text in (HOSTILE["img"], HOSTILE["script"], HOSTILE["js"], HOSTILE["svg"],
                 HOSTILE["iframe"], HOSTILE["quote"], HOSTILE["rel"], amp):
        assert text in panel, text
    results = page.text_content("#kg-results")
    assert HOSTILE["img"] in results or HOSTILE["js"] in results
    x, y = edge_point(session, next(j for j, e in enumerate(page.evaluate("kg.data.edges"))
                                    if e["f"] == evil))
    page.evaluate("kg.network.fit()")
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.wait_for_timeout(500)   # give any injected handler the chance to fire
    assert session.dialogs == []
    injected = page.evaluate("""() => {
        const bad = [];
        for (const el of document.querySelectorAll('*')) {
            if (['IMG', 'IFRAME', 'OBJECT', 'EMBED', 'A'].includes(el.tagName)) bad.push(el.tagName);
            for (const a of el.attributes) if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
        }
        return [bad, document.scripts.length];
    }""")
    assert injected == [[], 3]
    session.assert_clean()


@needs_browser
def test_browser_seed_graph(browser, seed_graph, tmp_path):
    path = tmp_path / "graph.html"
    summary = write_html(seed_graph, path)
    entities, edges = expected_view(seed_graph)
    assert (summary.nodes, summary.edges) == (len(entities), len(edges))
    session = open_view(browser, path, viewport=(1600, 1000))
    page = session.page
    assert canvas_drawn(session.page)
    assert page.evaluate("kg.counts()") == {"nodes": len(entities), "edges": len(edges)}
    # (less the one group node standing for the entities without relations)
    assert page.evaluate("[kg.nodes.length - (kg.nodes.get('group') ? 1 : 0)]")[0] \
        == len(entities) + len(page.evaluate("kg.data.figs"))
    page.screenshot(path=str(artifacts_dir() / "graph.png"))

    xu = node_index(session, "xu-li")
    for query in ("徐立", page.evaluate("i => kg.data.nodes[i].l.en", xu)):
        search_and_enter(session, query)
        assert page.evaluate("kg.network.getSelectedNodes()") == [xu], query
        assert page.text_content("#kg-panel h3") == "徐立"
    panel = page.text_content("#kg-panel")
    assert "徐立" in panel and "Xu Li" in panel

    data = page_data(path.read_text(encoding="utf-8"))
    rels = [r["k"] for r in data["rels"]]
    holds = next(j for j, e in enumerate(data["edges"])
                 if e["f"] == xu and rels[e["r"]] == "holdsPost")
    quote = data["edges"][holds]["st"][0]["ev"][0]["q"]
    page.evaluate("j => kg.selectEdge(j)", holds)
    assert quote in page.text_content("#kg-panel")
    x, y = edge_point(session, holds, 0.5)
    page.mouse.click(x, y)
    selected = page.evaluate("kg.network.getSelectedEdges()")
    if selected == [holds]:    # a real click where the edge is not under a node or another edge
        assert quote in page.text_content("#kg-panel")

    # graph.html#id opens with that entity focused
    deep = browser.new_session()
    deep.goto(path.as_uri() + "#xu-li")
    deep.page.wait_for_function("() => kg.network.getSelectedNodes().length === 1", timeout=30_000)
    assert deep.page.evaluate("kg.network.getSelectedNodes()") == [xu]
    assert deep.page.text_content("#kg-panel h3") == "徐立"
    deep.assert_clean()
    # ... and so does graph.html#focus=id, the form the report links with
    report_link = browser.new_session()
    report_link.goto(path.as_uri() + "#focus=xu-li")
    report_link.page.wait_for_function("() => kg.network.getSelectedNodes().length === 1",
                                       timeout=30_000)
    assert report_link.page.evaluate("kg.network.getSelectedNodes()") == [xu]
    report_link.assert_clean()

    before = page.evaluate("i => kg.nodes.get(i).label", node_index(session, "sensetime"))
    page.select_option("#kg-lang", "en")
    after = page.evaluate("i => kg.nodes.get(i).label", node_index(session, "sensetime"))
    assert (before, after) == ("商湯", "SenseTime")
    session.assert_clean()


@needs_browser
def test_browser_python_layout_without_physics(browser, mid_graph, tmp_path):
    path = tmp_path / "mid.html"
    summary = write_html(mid_graph, path, max_nodes=PHYSICS_MAX_NODES + 50)
    session = open_view(browser, path)
    page = session.page
    assert canvas_drawn(session.page)
    assert page.evaluate("kg.counts()") == {"nodes": summary.nodes, "edges": summary.edges}
    assert page.evaluate("kg.network.physics.physicsEnabled") is False
    message = page.text_content("#kg-message")
    assert "50" in message and str(PHYSICS_MAX_NODES + 100) in message
    assert page.is_visible("#kg-message")
    first = page.evaluate("kg.network.getPositions([0])[0]")
    node = page.evaluate("kg.data.nodes[0]")
    assert abs(first["x"] - node["x"]) <= 1 and abs(first["y"] - node["y"]) <= 1   # not moved
    session.assert_clean()


@needs_browser
def test_browser_big_graph_labels_lazily(browser, tmp_path):
    """Above 1,500 nodes labels are set only for what is on screen once zoomed in."""
    graph = _bench().synthetic_graph(1600, seed=5, evidence=False)
    path = tmp_path / "big.html"
    summary = write_html(graph, path)
    session = open_view(browser, path)
    page = session.page
    assert page.evaluate("kg.counts()") == {"nodes": 1600, "edges": summary.edges}
    assert page.evaluate("kg.nodes.get(7).label") is None
    page.evaluate("kg.focusNode('n00007')")
    page.wait_for_function("() => kg.nodes.get(7).label !== undefined", timeout=5000)
    assert page.evaluate("kg.nodes.get(7).label") == page.evaluate("kg.data.nodes[7].l['zh-Hant']")
    labelled = page.evaluate("kg.nodes.get().filter(n => n.label !== undefined).length")
    assert 0 < labelled < 1600
    page.select_option("#kg-lang", "en")
    assert page.evaluate("kg.nodes.get(7).label") == "Entity 7"
    assert page.text_content("#kg-panel h3") == "Entity 7"
    session.assert_clean()


def test_empty_graph_renders(tmp_path):
    summary = write_html(Graph(), tmp_path / "empty.html")
    assert (summary.nodes, summary.edges, summary.omitted_nodes) == (0, 0, 0)
    data = page_data((tmp_path / "empty.html").read_text(encoding="utf-8"))
    assert data["nodes"] == [] and data["edges"] == []


@needs_browser
def test_browser_empty_graph(browser, tmp_path):
    path = tmp_path / "empty.html"
    write_html(Graph(), path)
    session = open_view(browser, path)
    assert session.page.evaluate("kg.counts()") == {"nodes": 0, "edges": 0}
    session.page.fill("#kg-search", "x")
    assert "No match" in session.page.text_content("#kg-results") or \
        "沒有" in session.page.text_content("#kg-results")
    session.assert_clean()


@needs_browser
def test_browser_blocks_and_records_external_requests(browser, tmp_path):
    """The helper itself: a page that tries the network is caught."""
    path = tmp_path / "leaky.html"
    path.write_text('<!DOCTYPE html><html><body><img src="https://example.invalid/x.png">'
                    '<script>fetch("http://example.invalid/y").catch(() => {});</script>'
                    '</body></html>', encoding="utf-8")
    session = browser.new_session()
    session.goto(path)
    session.page.wait_for_timeout(300)
    assert sorted(session.external_requests) == ["http://example.invalid/y",
                                                 "https://example.invalid/x.png"]
    with pytest.raises(AssertionError):
        session.assert_clean()
