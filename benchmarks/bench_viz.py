"""Benchmark of the interactive view (kg/views/graph/) on synthetic graphs.

For each size (default 1,000 / 5,000 / 20,000 entities) it builds a deterministic synthetic graph
shaped like kg's (docs/model.md: entities with labels in three languages, plain kgo: triples,
each reified as a kgo:Statement with quote and offsets), then measures

* ``render``: in Python, through the pyvis Network (``build_network``: PageRank, layout, the
  Network; ``render_network``: the Network to the page's data and HTML);
* ``previous``: the same with kg's views as they were before the Network (``--baseline``, by
  default the parent of the commit that added ``kg/views/graph/network.py``, taken out of git into a
  temporary directory and run in a subprocess), so the ratio is of one run on one machine;
* ``first draw``: in headless Debian Chromium, ``window.__kgDrawn`` (``performance.now()`` at the
  first vis-network ``afterDrawing``, i.e. from navigation start);
* ``responsive``: after the first draw, a search for a label, a zoom and a language switch; then
  how long a trivial ``page.evaluate`` takes to come back (the tab "hangs" when it doesn't within
  ``--hang-seconds``).

and the cold start of ``kg query`` (a canned query on a built copy of the seed, median of
``--runs`` fresh processes) with pyvis importable and with it made unimportable.

Targets (issue 3): 5,000 nodes drawn within 3 s; 20,000 opens without hanging.  Issue 16: first
draw through the Network no slower than before (ratio <= 1.10, noise allowed), ``kg query`` not
importing pyvis.

    python benchmarks/bench_viz.py                   # 1000 5000 20000
    python benchmarks/bench_viz.py --sizes 1000 5000 --no-browser
    python benchmarks/bench_viz.py --no-baseline     # only the Network path
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
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


def baseline_tree(rev: str | None, into: Path) -> tuple[str, Path]:
    """kg's package at ``rev`` (default: before the pyvis Network) extracted into ``into``."""
    if rev is None:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--",
                                "kg/views/graph/network.py"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.split()
        if not added:
            raise SystemExit("no commit adds kg/views/graph/network.py: give --baseline REV")
        rev = added[-1] + "^"
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", sha, "kg"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return sha, into


_BASELINE_RENDER = """
import importlib.util, json, sys, time
spec = importlib.util.spec_from_file_location("bench_viz", sys.argv[1])
bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)
from kg.views.graph import render_html
graph = bench.synthetic_graph(int(sys.argv[2]), seed=int(sys.argv[3]))
t0 = time.perf_counter()
text = render_html(graph, title="synthetic " + sys.argv[2])
seconds = time.perf_counter() - t0
open(sys.argv[4], "w", encoding="utf-8").write(text)
print(json.dumps({"render_s": seconds, "pyvis": "pyvis" in sys.modules}))
"""


def render_baseline(tree: Path, n: int, seed: int, path: Path) -> dict:
    """``render_html`` of kg at the baseline revision (a subprocess on ``tree``)."""
    out = subprocess.run([sys.executable, "-c", _BASELINE_RENDER, __file__, str(n), str(seed),
                          str(path)], capture_output=True, text=True, check=True, cwd=tree,
                         env={**os.environ, "PYTHONPATH": str(tree)})
    return json.loads(out.stdout.strip().splitlines()[-1])


_QUERY = """
import sys, time
if sys.argv[1] == "blocked":
    class _NoPyvis:
        def find_spec(self, name, path=None, target=None):
            if name == "pyvis" or name.startswith("pyvis."):
                raise ImportError("pyvis made unimportable by bench_viz")
    sys.meta_path.insert(0, _NoPyvis())
from kg.cli import main
sys.argv = ["kg", "query", "competitors", "-p", sys.argv[2]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
print("PYVIS", "pyvis" in sys.modules, file=sys.stderr)
"""


def query_cold_start(runs: int) -> dict:
    """Median wall time of ``kg query competitors`` in a fresh process on a built copy of the
    seed, with pyvis importable and blocked; and whether pyvis was imported."""
    from kg.api import KG

    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as tmp:
        for name in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / name, Path(tmp) / name)
        KG(tmp, notify=lambda message: None).build()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for mode in ("importable", "blocked"):
            times, imported = [], False
            for _ in range(runs):
                t0 = time.perf_counter()
                done = subprocess.run([sys.executable, "-c", _QUERY, mode, tmp], cwd=tmp,
                                      env=env, capture_output=True, text=True, check=True)
                times.append(time.perf_counter() - t0)
                imported = imported or "PYVIS True" in done.stderr
            out[mode] = {"median_s": statistics.median(times), "min_s": min(times),
                         "imported_pyvis": imported}
    return out


def _page_data(html: str) -> str:
    start = html.index('id="kg-data">') + len('id="kg-data">')
    return html[start:html.index("</script>", start)]


def render_network_path(graph, n: int) -> tuple[str, float, float]:
    """The page through the pyvis Network: (HTML, build_network s, render_network s)."""
    from kg.views.graph import build_network, render_network

    t0 = time.perf_counter()
    net = build_network(graph, title=f"synthetic {n}")
    net_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    text = render_network(net)[0]
    return text, net_s, time.perf_counter() - t0


def measure(n: int, args, workdir: Path, tree: Path | None, browser: bool) -> dict:
    """One size: the Network path (and the baseline's, when ``tree``), rendered and drawn."""
    t0 = time.perf_counter()
    graph = synthetic_graph(n, seed=args.seed)
    build_s = time.perf_counter() - t0
    text, net_s, page_s = render_network_path(graph, n)
    again = render_network_path(graph, n)[0] if n <= 5000 else None
    path = workdir / f"graph-{n}.html"
    path.write_text(text, encoding="utf-8")
    row = {"n": n, "triples": len(graph), "build_s": build_s, "network_s": net_s,
           "page_s": page_s, "render_s": net_s + page_s, "html_mb": len(text.encode()) / 1e6,
           "deterministic": (again == text) if again is not None else None}
    if tree is not None:
        old_path = workdir / f"graph-{n}-baseline.html"
        row["base"] = render_baseline(tree, n, args.seed, old_path)
        row["base"]["html_mb"] = old_path.stat().st_size / 1e6
        row["same_data"] = _page_data(old_path.read_text(encoding="utf-8")) == _page_data(text)
    if browser:
        draws, base_draws = [], []
        for _ in range(args.repeat):   # alternate, so a busy moment hits both alike
            run = _browser_run(path, args.hang_seconds, "Entity 1")
            draws.append(run["first_draw_s"])
            row.update(run)
            if tree is not None:
                base_run = _browser_run(old_path, args.hang_seconds, "Entity 1")
                base_draws.append(base_run["first_draw_s"])
                row["base"]["counts"] = base_run["counts"]
        row["first_draw_s"] = min(draws)
        if base_draws:
            row["base"]["first_draw_s"] = min(base_draws)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="time the rendering only")
    parser.add_argument("--hang-seconds", type=float, default=10.0,
                        help="a page.evaluate slower than this counts as a hung tab")
    parser.add_argument("--keep", type=Path, default=None,
                        help="directory to keep the generated HTML files in")
    parser.add_argument("--baseline", default=None, metavar="REV",
                        help="the kg to compare with (default: before the pyvis Network)")
    parser.add_argument("--no-baseline", action="store_true", help="only the Network path")
    parser.add_argument("--repeat", type=int, default=2,
                        help="browser draws per page and size (the fastest is reported)")
    parser.add_argument("--runs", type=int, default=7, help="kg query processes per mode")
    parser.add_argument("--no-query", action="store_true", help="skip the kg query cold start")
    args = parser.parse_args(argv)

    from tests.browser import skip_reason

    browser = not args.no_browser and skip_reason() is None
    if not args.no_browser and not browser:
        print(f"browser part skipped: {skip_reason()}")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    workdir.mkdir(parents=True, exist_ok=True)
    tree = None
    with tempfile.TemporaryDirectory(prefix="kg-bench-base-") as tmp:
        if not args.no_baseline:
            sha, tree = baseline_tree(args.baseline, Path(tmp))
            print(f"baseline: kg at {sha}")
        rows = []
        for n in args.sizes:
            rows.append(measure(n, args, workdir, tree, browser))
            print(_row_text(rows[-1], browser), flush=True)
    print()
    print(_table(rows, browser))
    ok = _verdict(rows, browser)
    if not args.no_query:
        cold = query_cold_start(args.runs)
        print("\nkg query competitors, cold start (median of "
              f"{args.runs} processes): " + "; ".join(
                  f"pyvis {mode}: {c['median_s']:.3f}s (min {c['min_s']:.3f}s, "
                  f"pyvis imported: {c['imported_pyvis']})" for mode, c in cold.items()))
        ratio = cold["importable"]["median_s"] / cold["blocked"]["median_s"]
        print(f"ratio importable/blocked: {ratio:.2f}")
        if cold["importable"]["imported_pyvis"]:
            ok = False
    print(f"\nHTML files in {workdir}")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


def _verdict(rows: list[dict], browser: bool) -> bool:
    ok = True
    for row in rows:
        if browser and row["n"] == 5000 and row["first_draw_s"] > 3.0:
            ok = False
        if browser and not row.get("responsive", True):
            ok = False
        base = row.get("base", {})
        if browser and base.get("first_draw_s") and row["first_draw_s"] > 1.10 * base["first_draw_s"]:
            ok = False
    return ok


def _ratio(new: float, old: float | None) -> str:
    return "-" if not old else f"{new / old:.2f}"


def _row_text(row: dict, browser: bool) -> str:
    base = row.get("base", {})
    parts = [f"n={row['n']}", f"render {row['render_s']:.2f}s (network {row['network_s']:.2f}s "
             f"+ page {row['page_s']:.2f}s)", f"{row['html_mb']:.1f} MB"]
    if base:
        parts.append(f"previous render {base['render_s']:.2f}s")
    if browser:
        parts += [f"first draw {row['first_draw_s']:.2f}s", f"responsive={row['responsive']}"]
        if base.get("first_draw_s"):
            parts.append(f"previous first draw {base['first_draw_s']:.2f}s "
                         f"(ratio {_ratio(row['first_draw_s'], base['first_draw_s'])})")
    return "  ".join(parts)


def _table(rows: list[dict], browser: bool) -> str:
    head = ["nodes", "triples", "graph build s", "render s (network + page)", "previous render s",
            "ratio", "HTML MB", "same bytes", "data as previous"]
    if browser:
        head += ["first draw s", "previous first draw s", "ratio", "drawn nodes/edges",
                 "search s", "lang switch s", "ping s", "responsive", "problems"]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        base = r.get("base", {})
        cells = [f"{r['n']:,}", f"{r['triples']:,}", f"{r['build_s']:.1f}",
                 f"{r['render_s']:.2f} ({r['network_s']:.2f} + {r['page_s']:.2f})",
                 f"{base['render_s']:.2f}" if base else "-",
                 _ratio(r["render_s"], base.get("render_s")), f"{r['html_mb']:.1f}",
                 {True: "yes", False: "NO", None: "-"}[r["deterministic"]],
                 {True: "yes", False: "NO", None: "-"}[r.get("same_data")]]
        if browser:
            c = r["counts"]
            cells += [f"{r['first_draw_s']:.2f}",
                      f"{base['first_draw_s']:.2f}" if base.get("first_draw_s") else "-",
                      _ratio(r["first_draw_s"], base.get("first_draw_s")),
                      f"{c['nodes']:,}/{c['edges']:,}",
                      f"{r['search_s']:.2f}", f"{r['lang_switch_s']:.2f}",
                      "-" if r["ping_s"] is None else f"{r['ping_s']:.2f}",
                      "yes" if r["responsive"] else "NO (hung)", str(len(r["problems"]))]
        lines.append(" | ".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
