"""Adding one article to an Oxigraph store: validation with pySHACL against the shapes
compiled to SPARQL (``kg.check.compiled``), in the same run.

For each size, a synthetic corpus (``benchmarks/synth.py``) is built into a store once; then
articles are added one at a time, each ``kg build`` in a fresh process (so pySHACL's start-up
counts, as for a user), alternating pySHACL and the compiled check. It prints, per size, the
median seconds of the whole build and of its validation (``KG._check_lines``), and whether
both found the same violations (none). The machine may be shared: compare the ratios.

    python benchmarks/bench_add_validate.py [--sizes 30000,100000] [--rounds 2]

With ``--project DIR`` (a synthetic corpus already built into ``DIR/store``, as
``synth.py DIR`` and ``kg build --store oxigraph:DIR/store`` leave it), it adds ``--rounds``
articles to that project instead, times each ``kg build`` command in a fresh process (the
wall a user sees), and prints the seconds of each stage of one more build made in-process.
"""

from __future__ import annotations

import argparse
import json
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


def worker(project: Path, mode: str, article: int) -> dict:
    """One more article and ``kg build``, validating with ``mode`` (pyshacl or compiled)."""
    import synth

    from kg.api import KG
    from kg.check import shacl

    if mode == "pyshacl":
        shacl._validate_compiled = lambda *args: None
    took: list[float] = []
    real = KG._check_lines

    def timed(self, lines, ontology, focus):
        start = time.perf_counter()
        try:
            return real(self, lines, ontology, focus)
        finally:
            took.append(time.perf_counter() - start)

    KG._check_lines = timed
    synth.add_article(project, article)
    start = time.perf_counter()
    KG(project, store=f"oxigraph:{project / 'store'}").build(html=False)
    return {"build": time.perf_counter() - start, "validation": sum(took), "checks": len(took)}


STAGES = [  # (label, module, owner or None, function): each wrapped to time it
    ("input digest", "kg.inputs.project", "Project", "input_digest"),
    ("index read", "kg.store.oxigraph", "OxigraphStore", "_index"),
    ("inputs (added)", "kg.inputs.index", None, "load_added"),
    ("plan", "kg.graph.writer", None, "plan"),
    ("validation", "kg.store.oxigraph", "OxigraphStore", "_validate"),
    ("store write", "kg.store.oxigraph", "OxigraphStore", "_write"),
    ("index write", "kg.store.oxigraph", "OxigraphStore", "_write_index"),
    ("render exports", "kg.exports.bundle", None, "render_exports"),
    ("write exports", "kg.exports.bundle", None, "write_exports"),
]


def stages(project: Path, article: int) -> dict:
    """One more article and ``KG.build`` in this process, as ``kg build`` runs it (the
    up-to-date check first): the seconds of each stage of ``STAGES`` and of the whole."""
    import importlib

    import synth

    took: dict[str, float] = {label: 0.0 for label, *_ in STAGES}

    def wrap(label, func):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                took[label] += time.perf_counter() - start
        return timed

    for label, module, owner, name in STAGES:
        holder = importlib.import_module(module)
        holder = getattr(holder, owner) if owner else holder
        setattr(holder, name, wrap(label, getattr(holder, name)))
    import kg.store.oxigraph  # noqa: F401 - its imports of the wrapped functions are late
    from kg.api import KG

    synth.add_article(project, article)
    start = time.perf_counter()
    kg = KG(project, store=f"oxigraph:{project / 'store'}")
    with kg.project.hold_digest():  # as kg build runs it
        assert kg.up_to_date() is None
        built = kg.build()
    took["whole (in-process)"] = time.perf_counter() - start
    took["graphs rebuilt"] = len(built.rebuilt)
    return took


def on_project(project: Path, rounds: int) -> None:
    """Add ``rounds`` articles to the built ``project``, one ``kg build`` each (see main)."""
    sources = project / "data" / "sources"
    first = 1 + max(int(p.stem.split("-")[1]) for p in sources.glob("synth-*.yaml"))
    # a build first, untimed: after a change to kg (its code is an input) or to the corpus,
    # the next build reads every file, which is not the add-one case measured here
    start = time.perf_counter()
    said = _kg_build(project)
    print(f"first build, to bring the store up to date (not counted): "
          f"{time.perf_counter() - start:.2f} s: {said[0] if said else 'up to date'}")
    walls = []
    for k in range(rounds):
        subprocess.run([sys.executable, "-c", "import sys, pathlib; sys.path[:0] = "
                        f"[{str(HERE)!r}]; import synth; "
                        f"synth.add_article(pathlib.Path({str(project)!r}), {first + k})"],
                       check=True)
        start = time.perf_counter()
        said = _kg_build(project)
        walls.append(time.perf_counter() - start)
        if not said or "files only added: 1 of" not in said[0]:
            sys.exit(f"kg build read more than the added article: {said}")
    triples = json.loads((project / "exports" / ".kg-build.json").read_text())["summary"]
    print(f"{triples['triples']:,} triples: add one article, kg build: median "
          f"{statistics.median(walls):.2f} s wall of {rounds} ({', '.join(f'{w:.2f}' for w in walls)})")
    res = _run_stages(project, first + rounds)
    for label, seconds in res.items():
        print(f"  {label:<20} {seconds:>7.3f}" if isinstance(seconds, float) else
              f"  {label:<20} {seconds:>7}")


def _kg_build(project: Path) -> list[str]:
    """``kg build`` of ``project`` into its store, in a fresh process; the lines it printed
    about the store (exits when the build failed)."""
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # as users run kg, and as bench_cold_query.py does: its modules' bytecode cached (with
    # PYTHONDONTWRITEBYTECODE set and no cache, each build compiles the modules it imports)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, "-m", "kg", "build", "--store",
                          f"oxigraph:{project / 'store'}"], cwd=project, capture_output=True,
                         text=True, check=False, env=env)
    if out.returncode:
        sys.exit(f"kg build failed: {out.stderr.strip()[-300:]}")
    return [line for line in out.stdout.splitlines() if line.startswith("store ")]


def _run_stages(project: Path, article: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--stages-worker", str(project),
                          str(article)], capture_output=True, text=True, check=False)
    if out.returncode:
        sys.exit(out.stderr.strip()[-300:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True,
                         text=True, check=False)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "?"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(size: int, rounds: int, tmp: Path) -> dict:
    from synth import articles_for, generate

    from kg.api import KG

    n = articles_for(size)
    project = generate(tmp / "corpus", articles=n)
    built = KG(project, store=f"oxigraph:{project / 'store'}").build(html=False)
    runs: dict[str, list[dict]] = {"pyshacl": [], "compiled": []}
    for _ in range(rounds):
        for mode in ("pyshacl", "compiled"):
            runs[mode].append(_run(str(project), mode, str(n + len(runs["pyshacl"])
                                                          + len(runs["compiled"]))))
    shutil.rmtree(project)
    return {"size": size, "triples": built.summary["triples"], "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30000,100000")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--project", type=Path, default=None,
                        help="A synthetic corpus built into PROJECT/store: add articles to it.")
    parser.add_argument("--worker", nargs=3, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--stages-worker", nargs=2, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_worker:
        print(json.dumps(stages(Path(args.stages_worker[0]), int(args.stages_worker[1]))))
        return
    if args.project:
        on_project(args.project.resolve(), args.rounds)
        return
    if args.worker:
        print(json.dumps(worker(Path(args.worker[0]), args.worker[1], int(args.worker[2]))))
        return
    print(f"{'triples':>9} {'check':>9} {'build s':>8} {'validation s':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
            res = measure(size, args.rounds, Path(tmp))
        for mode, runs in res["runs"].items():
            bad = [r["error"] for r in runs if "error" in r]
            if bad:
                print(f"{res['triples']:>9} {mode:>9} error: {bad[0]}")
                continue
            build = statistics.median(r["build"] for r in runs)
            valid = statistics.median(r["validation"] for r in runs)
            print(f"{res['triples']:>9} {mode:>9} {build:>8.2f} {valid:>13.2f}", flush=True)


if __name__ == "__main__":
    main()
