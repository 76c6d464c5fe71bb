"""Adding one article to an Oxigraph store: validation with pySHACL against the shapes
compiled to SPARQL (``kg.check.compiled``), in the same run.

For each size, a synthetic corpus (``benchmarks/synth.py``) is built into a store once; then
articles are added one at a time, each ``kg build`` in a fresh process (so pySHACL's start-up
counts, as for a user), alternating pySHACL and the compiled check. It prints, per size, the
median seconds of the whole build and of its validation (``KG._check_lines``), and whether
both found the same violations (none). The machine may be shared: compare the ratios.

    python benchmarks/bench_add_validate.py [--sizes 30000,100000] [--rounds 2]
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
    parser.add_argument("--worker", nargs=3, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
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
