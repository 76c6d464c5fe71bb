"""Cold timings of `kg build` and `kg query <canned>` on the seed project, as real processes.

Usage: python benchmarks/bench_build.py [--runs N]

Prints median and min wall time per command. Targets: build < 3 s, canned query < 1 s, cold.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / name, project / name)
        rows = []
        baseline = [timed(["--version"], project) for _ in range(runs)]
        rows.append(("kg --version (interpreter + click)", baseline))
        facts = project / "data" / "facts" / "sensetime.yaml"

        def edited(args: list[str], n: int) -> float:
            # a new comment line changes the input digest: everything, SHACL included, runs
            with facts.open("a", encoding="utf-8") as handle:
                handle.write(f"# benchmark edit {n}\n")
            return timed(args, project)

        rows.append(("kg build --no-validate (inputs edited)",
                     [edited(["build", "-q", "--no-validate"], n) for n in range(runs)]))
        rows.append(("kg build (inputs edited: SHACL runs)",
                     [edited(["build", "-q"], n + runs) for n in range(runs)]))
        rows.append(("kg build --force (unchanged: last SHACL verdict)",
                     [timed(["build", "-q", "--force"], project) for _ in range(runs)]))
        rows.append(("kg build (unchanged: nothing rebuilt)",
                     [timed(["build", "-q"], project) for _ in range(runs)]))
        for query in sorted(p.stem for p in (project / "queries").glob("*.rq")):
            rows.append((f"kg query {query}", [timed(["query", query], project)
                                               for _ in range(runs)]))
        width = max(len(name) for name, _ in rows)
        print(f"{'command':<{width}}  median s   min s   target")
        for name, times in rows:
            target = "< 3 s" if "build" in name else "< 1 s" if "query" in name else ""
            print(f"{name:<{width}}  {statistics.median(times):8.3f}  {min(times):6.3f}   {target}")


if __name__ == "__main__":
    main()
