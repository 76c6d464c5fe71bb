"""Build time of the seed with and without SHACL validation, and the cost of OWL 2 RL inference.

Prints CPU and wall seconds per step (median of N runs in fresh processes, so imports count
as in a cold `kg build`; the inputs are edited before each run, so nothing is reused). CPU
includes the validation processes a build forks. The machine may be shared: compare the
ratios.

    python benchmarks/bench_validate.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    before = _children_cpu()
    subprocess.run([sys.executable, "-m", "kg", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return _children_cpu() - before, time.perf_counter() - start


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / name, Path(tmp) / name)
        steps = {
            "build --no-validate": ["build", "-q", "--no-html", "--no-validate", "-p", tmp],
            "build (validates)": ["build", "-q", "--no-html", "-p", tmp],
            "validate": ["validate", "-p", tmp],
            "check": ["check", "-p", tmp],
            "build --infer": ["build", "-q", "--no-html", "--infer", "-p", tmp],
        }
        results = {}
        facts = Path(tmp) / "data" / "facts" / "sensetime.yaml"

        def edited(args: list[str], n: int) -> tuple[float, float]:
            # a new comment changes the inputs digest: the build runs in full (SHACL included)
            with facts.open("a", encoding="utf-8") as handle:
                handle.write(f"# benchmark edit {n}\n")
            return timed(args)

        for label, args in steps.items():
            samples = [edited(args, n) for n in range(runs if label != "build --infer" else 1)]
            results[label] = (statistics.median(s[0] for s in samples),
                              statistics.median(s[1] for s in samples))
            print(f"{label:<22} cpu {results[label][0]:6.2f} s   wall {results[label][1]:6.2f} s")
        base = results["build --no-validate"][0]
        print(f"validation adds {results['build (validates)'][0] - base:.2f} s cpu "
              f"({results['build (validates)'][0] / base:.2f}x the unvalidated build)")


if __name__ == "__main__":
    main()
