"""Benchmark of the interactive view (kg/views/graph/) on synthetic graphs.

For each size (default 1,000 / 5,000 / 20,000 entities) it builds a deterministic synthetic graph
shaped like kg's (docs/model.md: entities with labels in three languages, plain kgo: triples,
each reified as a kgo:Statement with quote and offsets), then measures

* ``render``: ``kg.views.graph.render_html`` in Python (PageRank, layout, JSON, page assembly);
* ``first draw``: in headless Debian Chromium, ``window.__kgDrawn`` (``performance.now()`` at the
  first vis-network ``afterDrawing``, i.e. from navigation start);
* ``responsive``: after the first draw, a search for a label, a zoom and a language switch; then
  how long a trivial ``page.evaluate`` takes to come back (the tab "hangs" when it doesn't within
  ``--hang-seconds``).

Targets (issue 3): 5,000 nodes drawn within 3 s; 20,000 opens without hanging.

    python benchmarks/bench_viz.py                   # 1000 5000 20000
    python benchmarks/bench_viz.py --sizes 1000 5000 --no-browser
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BASE = "https://w3id.org/kg/resource/"
KGO = "https://w3id.org/kg/ontology#"
OA = "http://www.w3.org/ns/oa#"

# Traditional characters with their Simplified forms (so labels exercise the search folding).
_TRAD = "商湯徐立華為雲騰訊東車網龍鳳國際開發數據智慧醫療長城銀門語聲電視書畫"
_SIMP = "商汤徐立华为云腾讯东车网龙凤国际开发数据智慧医疗长城银门语声电视书画"
_CLASSES = ("Person", "Company", "Department", "Product", "Post", "Event", "Metric")
_CLASS_WEIGHTS = (30, 20, 15, 15, 8, 8, 4)
_RELATIONS = ("worksFor", "holdsPost", "hasUnit", "offers", "competesWith", "affects",
              "memberOf", "partnerOf")


def synthetic_graph(n_nodes: int, *, seed: int = 1, extra_edge_ratio: float = 0.5,
                    evidence: bool = True):
    """A deterministic kg-shaped rdflib Graph with ``n_nodes`` entities.

    Edges: a preferential-attachment tree (scale-free, like news knowledge graphs: a few hubs)
    plus ``extra_edge_ratio * n_nodes`` extra edges (mostly to siblings and grandparents, so
    there are communities; some to hubs anywhere); every edge reified with evidence.
    """
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

    kgo = Namespace(KGO)
    oa = Namespace(OA)
    rng = random.Random(seed)
    graph = Graph()
    add = graph.add
    for name in _CLASSES:
        add((kgo[name], RDFS.label, Literal(name, lang="en")))
    source = URIRef(BASE + "source/synthetic")
    add((source, RDF.type, kgo.Source))
    add((source, DCTERMS.title, Literal("合成來源", lang="zh-Hant")))

    entities = []
    for i in range(n_nodes):
        iri = URIRef(f"{BASE}entity/n{i:05d}")
        entities.append(iri)
        cls = rng.choices(_CLASSES, weights=_CLASS_WEIGHTS)[0]
        add((iri, RDF.type, kgo[cls]))
        picks = [rng.randrange(len(_TRAD)) for _ in range(rng.randint(2, 4))]
        add((iri, RDFS.label, Literal("".join(_TRAD[p] for p in picks) + str(i), lang="zh-Hant")))
        add((iri, RDFS.label, Literal("".join(_SIMP[p] for p in picks) + str(i), lang="zh-Hans")))
        add((iri, RDFS.label, Literal(f"Entity {i}", lang="en")))

    targets: list[int] = []   # node repeated by degree, for preferential attachment
    parent = [0] * n_nodes
    children: list[list[int]] = [[] for _ in range(n_nodes)]
    pairs = set()
    for i in range(1, n_nodes):
        j = rng.choice(targets) if targets and rng.random() < 0.8 else rng.randrange(i)
        parent[i] = j
        children[j].append(i)
        pairs.add((i, j))
        targets.extend((i, j))
    for _ in range(int(extra_edge_ratio * n_nodes)):
        a = rng.randrange(1, n_nodes) if n_nodes > 1 else 0
        roll = rng.random()
        if roll < 0.45:        # a sibling: communities, as in real graphs
            b = rng.choice(children[parent[a]])
        elif roll < 0.7:       # the grandparent
            b = parent[parent[a]]
        else:                  # anywhere, biased to hubs
            b = rng.choice(targets) if targets else 0
        if a != b:
            pairs.add((a, b))

    for k, (a, b) in enumerate(sorted(pairs)):
        s, o = entities[a], entities[b]
        rel = kgo[_RELATIONS[(a * 7 + b) % len(_RELATIONS)]]
        add((s, rel, o))
        if not evidence:
            continue
        st = URIRef(f"{BASE}statement/s{k}")
        ev, tgt = URIRef(f"{st}/evidence"), URIRef(f"{st}/target")
        quote, pos = URIRef(f"{st}/quote"), URIRef(f"{st}/position")
        add((st, RDF.type, kgo.Statement))
        add((st, kgo.statementSubject, s))
        add((st, kgo.statementRelation, rel))
        add((st, kgo.statementObject, o))
        add((st, kgo.hasEvidence, ev))
        add((ev, RDF.type, oa.Annotation))
        add((ev, oa.hasTarget, tgt))
        add((tgt, oa.hasSource, source))
        add((tgt, oa.hasSelector, quote))
        add((tgt, oa.hasSelector, pos))
        add((quote, RDF.type, oa.TextQuoteSelector))
        add((quote, oa.exact, Literal(f"第{k}句引文")))
        add((pos, RDF.type, oa.TextPositionSelector))
        add((pos, oa.start, Literal(k * 10, datatype=XSD.nonNegativeInteger)))
        add((pos, oa.end, Literal(k * 10 + 6, datatype=XSD.nonNegativeInteger)))
    return graph


def _browser_run(path: Path, hang_seconds: float, node_key: str) -> dict:
    from tests.browser import Browser

    out: dict = {}
    with Browser() as browser:
        session = browser.new_session(viewport=(1400, 900))
        page = session.page
        start = time.perf_counter()
        session.goto(path, wait_until="load", timeout_ms=180_000)
        page.wait_for_function("() => window.__kgDrawn !== undefined", timeout=180_000, polling=50)
        out["wall_to_draw_s"] = time.perf_counter() - start
        out["first_draw_s"] = page.evaluate("window.__kgDrawn") / 1000.0
        out["counts"] = page.evaluate("kg.counts()")

        # interact, then see whether the tab answers
        t0 = time.perf_counter()
        page.evaluate(f"kg.search({node_key!r}).length")
        out["search_s"] = time.perf_counter() - t0
        box = page.locator("#kg-graph").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -400)
        t0 = time.perf_counter()
        page.evaluate("kg.setLang('en')")
        out["lang_switch_s"] = time.perf_counter() - t0

        answered = threading.Event()
        result: dict = {}

        def ping():
            t = time.perf_counter()
            try:
                page.wait_for_function("() => true", timeout=hang_seconds * 1000)
                result["ping_s"] = time.perf_counter() - t
                answered.set()
            except Exception as exc:  # noqa: BLE001 - a timeout means "hung"
                result["error"] = str(exc).splitlines()[0]

        ping()
        out["responsive"] = answered.is_set()
        out["ping_s"] = result.get("ping_s")
        out["problems"] = session.problems
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="time render_html only")
    parser.add_argument("--hang-seconds", type=float, default=10.0,
                        help="a page.evaluate slower than this counts as a hung tab")
    parser.add_argument("--keep", type=Path, default=None,
                        help="directory to keep the generated HTML files in")
    args = parser.parse_args(argv)

    from kg.views.graph import render_html
    from tests.browser import skip_reason

    browser = not args.no_browser and skip_reason() is None
    if not args.no_browser and not browser:
        print(f"browser part skipped: {skip_reason()}")
    rows = []
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        t0 = time.perf_counter()
        graph = synthetic_graph(n, seed=args.seed)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        text = render_html(graph, title=f"synthetic {n}")
        render_s = time.perf_counter() - t0
        again = render_html(graph, title=f"synthetic {n}") if n <= 5000 else None
        path = workdir / f"graph-{n}.html"
        path.write_text(text, encoding="utf-8")
        row = {"n": n, "triples": len(graph), "build_s": build_s, "render_s": render_s,
               "html_mb": len(text.encode()) / 1e6,
               "deterministic": (again == text) if again is not None else None}
        if browser:
            row.update(_browser_run(path, args.hang_seconds, "Entity 1"))
        rows.append(row)
        print(_row_text(row, browser), flush=True)

    print()
    print(_table(rows, browser))
    print(f"\nHTML files in {workdir}")
    ok = True
    for row in rows:
        if browser and row["n"] == 5000 and row["first_draw_s"] > 3.0:
            ok = False
        if browser and not row.get("responsive", True):
            ok = False
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


def _row_text(row: dict, browser: bool) -> str:
    parts = [f"n={row['n']}", f"render {row['render_s']:.2f}s", f"{row['html_mb']:.1f} MB"]
    if browser:
        parts += [f"first draw {row['first_draw_s']:.2f}s", f"responsive={row['responsive']}"]
    return "  ".join(parts)


def _table(rows: list[dict], browser: bool) -> str:
    head = ["nodes", "triples", "graph build s", "render_html s", "HTML MB", "same bytes"]
    if browser:
        head += ["first draw s", "drawn nodes/edges", "search s", "lang switch s", "ping s",
                 "responsive", "problems"]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        cells = [f"{r['n']:,}", f"{r['triples']:,}", f"{r['build_s']:.1f}", f"{r['render_s']:.2f}",
                 f"{r['html_mb']:.1f}", {True: "yes", False: "NO", None: "-"}[r["deterministic"]]]
        if browser:
            c = r["counts"]
            cells += [f"{r['first_draw_s']:.2f}", f"{c['nodes']:,}/{c['edges']:,}",
                      f"{r['search_s']:.2f}", f"{r['lang_switch_s']:.2f}",
                      "-" if r["ping_s"] is None else f"{r['ping_s']:.2f}",
                      "yes" if r["responsive"] else "NO (hung)", str(len(r["problems"]))]
        lines.append(" | ".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
