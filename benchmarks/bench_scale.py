"""Scale benchmark: the rdflib-Memory path against the Oxigraph path, on synthetic corpora.

For each size (triples) it writes a corpus (``benchmarks/synth.py``) and measures, each path in
its own process (so peak memory is its own):

- build: inputs -> graph in the store (rdflib: ``kg.graph.build.build``; Oxigraph: the bulk path);
- export: the data graph as Turtle (rdflib's writer; Oxigraph's);
- pipeline: build + export, i.e. ``kg build`` without the HTML view;
- rebuild: ``kg build`` again on the unchanged corpus (Oxigraph: incremental);
- load: from a cold process to a queryable graph (rdflib parses N-Triples; Oxigraph opens);
- each canned query: median of up to 5 runs (``evidence`` bound to one statement);
- peak memory (max RSS of the process);

and a baseline: raw pyoxigraph, bulk-loading the same N-Triples into a fresh on-disk store and
writing Turtle (also in memory, for reference). Prints a table and writes JSON.

Usage:
    python benchmarks/bench_scale.py [--sizes 10000,100000,1000000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
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

STEP_TIMEOUT = 3600


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, value


def _query_times(run, names) -> dict[str, float]:
    out = {}
    for name in names:
        first, _ = _timed(run, name)
        runs = [first]
        repeat = 4 if first < 1 else 2 if first < 5 else 0
        for _ in range(repeat):
            runs.append(_timed(run, name)[0])
        out[name] = statistics.median(runs)
    return out


def _bindings(name: str, base: str) -> dict:
    from rdflib import URIRef

    if name == "evidence":
        return {"statement": URIRef(base + "statement/layoff-2024-spares-large-model-dept")}
    return {}


def worker_rdflib(project_dir: Path) -> dict:
    import gc

    from kg.graph.build import build
    from kg.inputs.project import Project
    from kg.inputs.queries import canned_queries
    from kg.query.sparql import run
    from kg.rdfio.formats import serialize

    project = Project.open(project_dir)
    gc.disable()  # as for a bulk load: the garbage collector only slows it
    t_build, result = _timed(build, project)
    gc.enable()
    t_export, turtle = _timed(serialize, result.graph, "turtle", base=project.base)
    union = result.union()
    nt = serialize(union, "ntriples")
    cache = project_dir / "bench-union.nt"
    cache.write_bytes(nt)
    del union, nt, turtle

    def load():
        from rdflib import Graph

        return Graph().parse(cache, format="nt")

    gc.disable()
    t_load, graph = _timed(load)
    gc.enable()
    queries = canned_queries(project.queries_dir)
    times = _query_times(lambda n: list(run(graph, queries[n].text, bindings=_bindings(
        n, project.base), base=project.base)), sorted(queries))
    return {"triples": len(result.graph), "build": t_build, "export": t_export,
            "pipeline": t_build + t_export, "rebuild": t_build + t_export, "load": t_load,
            "queries": times, "peak_mb": _peak_mb()}


def worker_oxigraph(project_dir: Path) -> dict:
    from kg.inputs.project import Project
    from kg.inputs.queries import canned_queries
    from kg.exports.bundle import write_exports
    from kg.store.oxigraph import OxigraphStore

    project = Project.open(project_dir)
    path = project_dir / "store"
    shutil.rmtree(path, ignore_errors=True)
    store = OxigraphStore(path)
    t_build, built = _timed(store.build, project)
    t_export, _ = _timed(store.serialize, "turtle", base=project.base)
    t_full, _ = _timed(write_exports, project, built, store)  # the store is current already
    t_rebuild, again = _timed(store.build, project)
    assert again.up_to_date

    def load():
        import pyoxigraph as ox

        opened = ox.Store.read_only(str(path))
        bool(opened.query("ASK {}"))
        return opened

    t_load, _ = _timed(load)
    queries = canned_queries(project.queries_dir)
    times = _query_times(lambda n: list(store.query(queries[n].text, bindings=_bindings(
        n, project.base))), sorted(queries))
    (project_dir / "bench-data.nt").write_bytes(store.serialize("ntriples", base=project.base))
    return {"triples": built.summary["triples"], "build": t_build, "export": t_export,
            "pipeline": t_build + t_export, "rebuild": t_rebuild, "load": t_load,
            "queries": times, "peak_mb": _peak_mb(), "exports_only": t_full}


def worker_raw(project_dir: Path) -> dict:
    import pyoxigraph as ox

    from kg.vocab import all_prefixes

    data = project_dir / "bench-data.nt"
    prefixes = all_prefixes("https://w3id.org/kg/resource/")
    out = {}
    for kind in ("disk", "memory"):
        target = project_dir / "raw-store"
        shutil.rmtree(target, ignore_errors=True)
        store = ox.Store(str(target)) if kind == "disk" else ox.Store()
        t_load, _ = _timed(store.bulk_load, path=str(data), format=ox.RdfFormat.N_TRIPLES)
        t_ser, _ = _timed(store.dump, format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                          prefixes=prefixes)
        out[kind] = {"load": t_load, "serialize": t_ser, "total": t_load + t_ser}
        del store
    shutil.rmtree(project_dir / "raw-store", ignore_errors=True)
    out["peak_mb"] = _peak_mb()
    return out


def _run_worker(kind: str, project_dir: Path) -> dict:
    try:
        done = subprocess.run([sys.executable, __file__, "--worker", kind, str(project_dir)],
                              capture_output=True, text=True, timeout=STEP_TIMEOUT,
                              env=dict(os.environ, PYTHONHASHSEED="0"))
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {STEP_TIMEOUT} s"}
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(seconds) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(a, b) -> str:
    return f"{a / b:.1f}x" if a and b else "-"


def table(results: list[dict]) -> str:
    lines = []
    for res in results:
        rdf, oxi, raw = res["rdflib"], res["oxigraph"], res["raw"]
        lines.append(f"\n## {res['triples']:,} triples ({res['articles']} synthetic articles + "
                     "the seed)")
        if "error" in rdf or "error" in oxi:
            lines.append(f"rdflib: {rdf.get('error', 'ok')}; oxigraph: {oxi.get('error', 'ok')}")
        lines.append(f"{'step':<28}{'rdflib Memory':>16}{'Oxigraph':>14}{'ratio':>10}")
        rows = [("build", "build"), ("export Turtle", "export"), ("pipeline (build+export)",
                "pipeline"), ("kg build, unchanged", "rebuild"), ("load (cold)", "load")]
        for label, key in rows:
            a, b = rdf.get(key), oxi.get(key)
            lines.append(f"{label:<28}{_fmt(a):>16}{_fmt(b):>14}{_ratio(a, b):>10}")
        for name in sorted(oxi.get("queries", {})):
            a, b = rdf.get("queries", {}).get(name), oxi["queries"][name]
            lines.append(f"{'query ' + name:<28}{_fmt(a):>16}{_fmt(b):>14}{_ratio(a, b):>10}")
        a, b = rdf.get("peak_mb"), oxi.get("peak_mb")
        lines.append(f"{'peak memory':<28}{(f'{a:.0f} MB' if a else '-'):>16}"
                     f"{(f'{b:.0f} MB' if b else '-'):>14}{_ratio(a, b):>10}")
        if "disk" in raw:
            for kind in ("disk", "memory"):
                r = raw[kind]
                lines.append(f"raw pyoxigraph ({kind}): bulk load {_fmt(r['load'])} + Turtle "
                             f"{_fmt(r['serialize'])} = {_fmt(r['total'])}; kg pipeline / raw = "
                             f"{_ratio(oxi.get('pipeline'), r['total'])}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    parser.add_argument("--no-rdflib-above", type=int, default=None,
                        help="Skip the rdflib path above this many triples.")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("dir", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        func = {"rdflib": worker_rdflib, "oxigraph": worker_oxigraph, "raw": worker_raw}
        print(json.dumps(func[args.worker](args.dir)))
        return

    from synth import articles_for, generate

    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            n = articles_for(size)
            project = generate(Path(tmp) / f"c{size}", articles=n)
            oxi = _run_worker("oxigraph", project)
            raw = _run_worker("raw", project) if "error" not in oxi else {}
            skip = args.no_rdflib_above is not None and size > args.no_rdflib_above
            rdf = {"error": "skipped"} if skip else _run_worker("rdflib", project)
            res = {"size": size, "articles": n, "triples": oxi.get("triples", 0),
                   "rdflib": rdf, "oxigraph": oxi, "raw": raw}
            results.append(res)
            print(table([res]), flush=True)
            shutil.rmtree(project)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
