"""Scale benchmark: kg (Oxigraph store, and the default memory store) against raw pyoxigraph and
raw rdflib, doing the same work on each side, on synthetic corpora (``benchmarks/synth.py``).

Each side runs in its own process (peak memory is its own, children included), with garbage
collection as users run it (on). Rows:

- build: kg: ``kg build --store oxigraph:PATH`` from nothing (inputs, SHACL per graph, the
  store, every export), and ``kg build`` into memory (the full build: graph, SHACL, report,
  view, query cache); raw pyoxigraph: the best pipeline for the same data (bulk load of the
  N-Triples into a store on disk + streamed Turtle to a file); rdflib: parse the N-Triples
  + write Turtle;
- add one article: kg: write one more synthetic article and ``kg build`` again; raw: bulk
  load of that article's triples + streamed Turtle again; rdflib: parse them + Turtle again;
- unchanged build: ``kg build`` with nothing changed (raw: nothing to do);
- validation: kg: the SHACL part of the cold build and of the incremental one (per graph);
  rdflib: plain pySHACL on the whole graph (``--plain-shacl-below``, it takes minutes);
- cold query: a new process that answers a canned query (``kg query NAME``; raw: import,
  open, query, print), best of 3;
- warm query: the same query again in a process that answered it, median of 5;
- entity page: the queries of ``/entity/ID`` (``kg.serve.tasks.entity_data``), median of 5
  entities, on each store;
- peak memory (max RSS, the process and its children).

It prints one table per size, then the fitted growth exponent b of each stage (time ~ n^b,
least squares on log-log over the sizes run). The memory store refuses a graph past its limit
(``kg.store.memory.MEMORY_LIMIT``, 300k triples): its column then says so; set
``KG_MEMORY_LIMIT`` to measure it past that.

Usage:
    python benchmarks/bench_scale.py [--sizes 100000,1000000] [--memory-above 0]
        [--rdflib-above 1000000] [--json out.json]
    python benchmarks/bench_scale.py --from-json out.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

STEP_TIMEOUT = 7200
QUERIES = ("competitors", "revenue-by-segment")
ENTITIES = ("sensetime", "co-000000", "co-000001", "person-000002", "xu-li")
BASE = "https://w3id.org/kg/resource/"


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, value


def _median(func, items) -> float:
    return statistics.median(_timed(func, item)[0] for item in items)


def _cold(command: list[str], env: dict | None = None) -> float:
    """Best of three runs of ``command`` in a new process (wall time)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times)


def _query_text(project: Path, name: str) -> str:
    from kg.inputs.queries import canned_queries

    return canned_queries(project / "queries")[name].text


# ------------------------------------------------------------------ kg


def worker_kg(project: Path, store_kind: str) -> dict:
    """kg's own path: ``kg build`` (cold, unchanged, one article more), queries, pages."""
    import synth

    from kg.api import KG
    from kg.serve.tasks import entity_data

    spec = f"oxigraph:{project / 'store'}" if store_kind == "oxigraph" else None
    validation: list[float] = []
    real_check = KG._check_lines

    def timed_check(self, lines, ontology, focus):
        took, report = _timed(real_check, self, lines, ontology, focus)
        validation.append(took)
        return report

    KG._check_lines = timed_check
    t_build, built = _timed(KG(project, store=spec).build)
    cold_validation = sum(validation)
    t_same, _ = _timed(lambda: KG(project, store=spec).up_to_date())
    articles = len(list((project / "data" / "sources").glob("synth-*.txt")))
    synth.add_article(project, articles)
    validation.clear()
    t_add, _ = _timed(KG(project, store=spec).build)
    add_validation = sum(validation)
    if store_kind == "memory":  # validation runs beside rendering: time it on its own
        cold_validation = _memory_validation(project)
        add_validation = None
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run kg: its modules' bytecode cached
    options = ["-p", str(project), "-f", "json", *(["--store", spec] if spec else [])]
    cold = {name: _cold([*_kg_command(), "query", name, *options], env) for name in QUERIES}
    kg = KG(project, store=spec)
    warm = {}
    for name in QUERIES:
        kg.query(name)
        warm[name] = _median(lambda _, name=name: kg.query(name), range(5))
    store = kg.store
    page = _median(lambda ident: entity_data(store, ident, BASE), ENTITIES)
    return {"triples": built.summary["triples"], "build": t_build, "unchanged": t_same,
            "add": t_add, "validation": cold_validation, "validation_add": add_validation,
            "cold": cold, "warm": warm, "page": page, "peak_mb": _peak_mb()}


def _kg_command() -> list[str]:
    """How users start kg: its console entry (``python -m kg`` imports runpy and importlib's
    machinery on top, 10-20 ms a cold query does not pay), else ``-m kg``."""
    entry = Path(sys.executable).with_name("kg")
    return [sys.executable, str(entry)] if entry.is_file() else [sys.executable, "-m", "kg"]


def _memory_validation(project: Path) -> float:
    """The SHACL part of a memory build on its own: what ``KG.validate`` does after building
    the graph (the build itself is the build row's, not validation's)."""
    from kg.check.shacl import start_validation
    from kg.graph.build import build
    from kg.inputs.project import Project

    result = build(Project.open(project))
    took, _ = _timed(lambda: start_validation(result).report())
    return took


# ------------------------------------------------------------------ raw pyoxigraph


class _RawStore:
    """What ``entity_data`` asks of a store, answered by raw pyoxigraph (no kg conversion)."""

    def __init__(self, store) -> None:
        self.store = store

    def query(self, text, prefixes=None):
        answer = self.store.query(text, prefixes=dict(prefixes or {}),
                                  use_default_graph_as_union=True)
        return [tuple(None if term is None else _Term(term) for term in row) for row in answer]


class _Term(str):
    """A pyoxigraph term as the page reads a term: its value, and its language if any."""

    def __new__(cls, term):
        made = super().__new__(cls, term.value)
        made.language = getattr(term, "language", None)
        return made


def worker_raw(project: Path, data: Path, extra: Path) -> dict:
    """Raw pyoxigraph's best pipeline on the same triples: bulk load, streamed Turtle."""
    import pyoxigraph as ox

    from kg.serve.tasks import entity_data
    from kg.vocab import all_prefixes

    prefixes = all_prefixes(BASE)
    target = project / "raw-store"
    shutil.rmtree(target, ignore_errors=True)
    store = ox.Store(str(target))
    turtle = project / "raw.ttl"

    def dump(store=store) -> None:
        store.dump(str(turtle), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                   prefixes=prefixes)

    t_load, _ = _timed(store.bulk_load, path=str(data), format=ox.RdfFormat.N_TRIPLES)
    t_dump, _ = _timed(dump)
    store.optimize()
    t_add_load, _ = _timed(store.bulk_load, path=str(extra), format=ox.RdfFormat.N_TRIPLES)
    t_add_dump, _ = _timed(dump)
    store.flush()
    del store, dump
    # the same work as kg query NAME -f json: the whole answer printed as SPARQL results JSON
    script = ("import sys, pyoxigraph as ox\n"
              "s = ox.Store.read_only(sys.argv[1])\n"
              "answer = s.query(open(sys.argv[2], encoding='utf-8').read(), "
              "prefixes=dict(x.split('=', 1) for x in sys.argv[3:]), "
              "use_default_graph_as_union=True)\n"
              "sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.JSON))\n")
    pairs = [f"{k}={v}" for k, v in prefixes.items()]
    cold, warm = {}, {}
    opened = ox.Store.read_only(str(target))
    for name in QUERIES:
        path = project / f"raw-{name}.rq"
        path.write_text(_query_text(project, name), encoding="utf-8")
        cold[name] = _cold([sys.executable, "-c", script, str(target), str(path), *pairs])
        text = path.read_text(encoding="utf-8")
        run = lambda _, text=text: list(opened.query(text, prefixes=prefixes,  # noqa: E731
                                                     use_default_graph_as_union=True))
        run(None)
        warm[name] = _median(run, range(5))
    raw = _RawStore(opened)
    page = _median(lambda ident: entity_data(raw, ident, BASE), ENTITIES)
    return {"build": t_load + t_dump, "load": t_load, "turtle": t_dump,
            "add": t_add_load + t_add_dump, "cold": cold, "warm": warm, "page": page,
            "peak_mb": _peak_mb()}


# ------------------------------------------------------------------ raw rdflib


def worker_rdflib(project: Path, data: Path, extra: Path, shacl: bool) -> dict:
    """Raw rdflib on the same triples: parse N-Triples, write Turtle; queries; pySHACL."""
    from rdflib import Graph

    from kg.serve.tasks import entity_data
    from kg.vocab import all_prefixes, bind_prefixes

    prefixes = all_prefixes(BASE)
    graph = bind_prefixes(Graph(), BASE)
    turtle = str(project / "rdflib.ttl")  # to a file, as the other sides write theirs
    t_parse, _ = _timed(graph.parse, str(data), format="nt")
    t_ttl, _ = _timed(graph.serialize, destination=turtle, format="turtle")
    t_add_parse, _ = _timed(graph.parse, str(extra), format="nt")
    t_add_ttl, _ = _timed(graph.serialize, destination=turtle, format="turtle")
    validation = None
    if shacl:
        import pyshacl

        shapes = Graph().parse(project / "ontology" / "shapes.ttl")
        validation, _ = _timed(pyshacl.validate, graph, shacl_graph=shapes, advanced=True)

    class _Rdflib:
        def query(self, text, prefixes_=None):
            return graph.query(text, initNs=dict(prefixes_ or prefixes))

    cold, warm = {}, {}
    script = ("import sys\nfrom rdflib import Graph\ng = Graph().parse(sys.argv[1], "
              "format='nt')\nrows = list(g.query(open(sys.argv[2], encoding='utf-8').read(), "
              "initNs=dict(x.split('=', 1) for x in sys.argv[3:])))\nprint(len(rows))\n")
    pairs = [f"{k}={v}" for k, v in prefixes.items()]
    for name in QUERIES:
        path = project / f"raw-{name}.rq"
        path.write_text(_query_text(project, name), encoding="utf-8")
        cold[name] = _cold([sys.executable, "-c", script, str(data), str(path), *pairs])
        text = path.read_text(encoding="utf-8")
        run = lambda _, text=text: list(graph.query(text, initNs=prefixes))  # noqa: E731
        run(None)
        warm[name] = _median(run, range(5))
    page = _median(lambda ident: entity_data(_Rdflib(), ident, BASE), ENTITIES)
    return {"build": t_parse + t_ttl, "add": t_add_parse + t_add_ttl, "validation": validation,
            "cold": cold, "warm": warm, "page": page, "peak_mb": _peak_mb()}


# ------------------------------------------------------------------ driver


def _run_worker(*args: str) -> dict:
    try:
        done = subprocess.run([sys.executable, __file__, "--worker", *args],
                              capture_output=True, text=True, timeout=STEP_TIMEOUT,
                              env=dict(os.environ, PYTHONHASHSEED="0"))
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {STEP_TIMEOUT} s"}
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _data_files(project: Path, work: Path) -> tuple[Path, Path]:
    """The built corpus as N-Triples (data and ontology, as the stores hold it) and the
    triples the next article adds (its named graph), from kg's Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(project / "store"))
    data, extra = work / "data.nt", work / "extra.nt"
    meta = json.loads((project / "store" / "kg-store.json").read_text(encoding="utf-8"))
    newest = max(name for name in meta["graphs"] if "synth-" in name)
    with data.open("wb") as out, extra.open("wb") as more:
        for name in sorted(meta["graphs"]):
            text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
            (more if name == newest else out).write(text)
    return data, extra


def _fmt(seconds) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


STAGES = [("build (cold)", "build"), ("add one article", "add"),
          ("kg build, unchanged", "unchanged"), ("validation (cold)", "validation"),
          ("validation (add one)", "validation_add")]


def _rows(res: dict) -> list[tuple[str, list]]:
    sides = [res.get(k, {}) for k in ("oxigraph", "memory", "raw", "rdflib")]
    rows = [(label, [side.get(key) for side in sides]) for label, key in STAGES]
    for kind in ("cold", "warm"):
        for name in QUERIES:
            rows.append((f"{kind} query {name}",
                         [side.get(kind, {}).get(name) for side in sides]))
    rows.append(("entity page", [side.get("page") for side in sides]))
    return rows


def table(res: dict) -> str:
    head = ["kg oxigraph", "kg memory", "raw pyoxigraph", "rdflib", "kg/raw"]
    lines = [f"\n## {res['triples']:,} triples ({res['articles']} synthetic articles + the seed)",
             f"{'stage':<34}" + "".join(f"{h:>16}" for h in head)]
    for side in ("oxigraph", "memory", "raw", "rdflib"):
        if "error" in res.get(side, {}):
            lines.append(f"{side}: {res[side]['error']}")
    for label, values in _rows(res):
        ratio = f"{values[0] / values[2]:.1f}x" if values[0] and values[2] else "-"
        lines.append(f"{label:<34}" + "".join(f"{_fmt(v):>16}" for v in values)
                     + f"{ratio:>16}")
    peaks = [res.get(k, {}).get("peak_mb") for k in ("oxigraph", "memory", "raw", "rdflib")]
    lines.append(f"{'peak memory':<34}" + "".join(
        f"{(f'{p:.0f} MB' if p else '-'):>16}" for p in peaks))
    return "\n".join(lines)


def exponents(results: list[dict]) -> str:
    """time ~ n^b for each stage and side, fitted by least squares on log-log."""
    if len(results) < 2:
        return ""
    names = ["kg oxigraph", "kg memory", "raw pyoxigraph", "rdflib"]
    lines = ["\n## growth exponent b (time ~ n^b) over " +
             ", ".join(f"{r['triples']:,}" for r in results) + " triples",
             f"{'stage':<34}" + "".join(f"{h:>16}" for h in names)]
    per_size = [dict(_rows(r)) for r in results]
    for label in per_size[0]:
        cells = []
        for side in range(4):
            points = [(math.log(r["triples"]), math.log(rows[label][side]))
                      for r, rows in zip(results, per_size)
                      if rows.get(label) and rows[label][side]]
            cells.append(f"{_slope(points):.2f}" if len(points) >= 2 else "-")
        lines.append(f"{label:<34}" + "".join(f"{c:>16}" for c in cells))
    return "\n".join(lines)


def _slope(points: list[tuple[float, float]]) -> float:
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def measure(size: int, tmp: Path, *, memory: bool, plain_shacl: bool,
            rdflib: bool = True) -> dict:
    """Every side at ``size`` triples, each on its own copy of the same corpus."""
    from synth import articles_for, generate

    n = articles_for(size)
    res: dict = {"size": size, "articles": n}
    corpus = generate(tmp / "corpus", articles=n)
    ox_dir = tmp / "kg-oxigraph"
    shutil.copytree(corpus, ox_dir)
    res["oxigraph"] = _run_worker("kg", str(ox_dir), "oxigraph")
    res["triples"] = res["oxigraph"].get("triples", size)
    if "error" not in res["oxigraph"]:
        data, extra = _data_files(ox_dir, tmp)
        res["raw"] = _run_worker("raw", str(ox_dir), str(data), str(extra))
        if rdflib:
            res["rdflib"] = _run_worker("rdflib", str(ox_dir), str(data), str(extra),
                                        "1" if plain_shacl else "0")
    shutil.rmtree(ox_dir)
    if memory:
        mem_dir = tmp / "kg-memory"
        shutil.copytree(corpus, mem_dir)
        res["memory"] = _run_worker("kg", str(mem_dir), "memory")
        shutil.rmtree(mem_dir)
    shutil.rmtree(corpus)
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--memory-above", type=int, default=None, metavar="N",
                        help="Skip kg's memory store above N triples (default: run it always).")
    parser.add_argument("--rdflib-above", type=int, default=None, metavar="N",
                        help="Skip raw rdflib above N triples (default: run it always; at 3M "
                             "its parses take most of the run).")
    parser.add_argument("--plain-shacl-below", type=int, default=0, metavar="N",
                        help="Run plain pySHACL on the rdflib side up to N triples (it took "
                             "minutes at 9k triples: off by default).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    parser.add_argument("--from-json", type=Path, default=None, metavar="FILE",
                        help="Print the tables and exponents of figures written by --json.")
    parser.add_argument("--worker", nargs="+", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        print("".join(table(res) for res in saved), exponents(saved), sep="\n")
        return
    if args.worker:
        kind, *rest = args.worker
        if kind == "kg":
            out = worker_kg(Path(rest[0]), rest[1])
        elif kind == "raw":
            out = worker_raw(*map(Path, rest))
        else:
            out = worker_rdflib(Path(rest[0]), Path(rest[1]), Path(rest[2]), rest[3] == "1")
        print(json.dumps(out))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
            res = measure(size, Path(tmp), plain_shacl=size <= args.plain_shacl_below,
                          memory=args.memory_above is None or size <= args.memory_above,
                          rdflib=args.rdflib_above is None or size <= args.rdflib_above)
        results.append(res)
        print(table(res), flush=True)
        if args.json:  # after each size: a run stopped at a larger size keeps the smaller ones
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(exponents(results), flush=True)


if __name__ == "__main__":
    main()
