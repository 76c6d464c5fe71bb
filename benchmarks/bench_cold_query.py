"""Cold ``kg query NAME --store oxigraph:PATH`` against raw pyoxigraph doing the same work.

Each run is a new process. kg: the ``kg`` console command (``kg query NAME -p PROJECT --store
oxigraph:STORE -f FMT``). Raw: a ``python -c`` that imports pyoxigraph, opens the same store
read-only, reads the same query file, runs it with the union default graph and kg's prefixes,
and prints the whole answer (SPARQL results JSON for ``-f json``, CSV for ``-f csv``). Floor:
the raw script after importing the standard modules kg's cold path cannot do without (``re``,
``json``, ``pathlib``: kg's files are Paths and its records JSON), the least a cold kg query
could cost (CPU only). The sides alternate, so machine noise falls on each; the figures are
medians and the ratios are of medians measured in the same run.

Usage:
    python benchmarks/bench_cold_query.py PROJECT STORE [--queries competitors,losses]
        [--runs 20] [--format json]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RAW = ("import sys, pyoxigraph as ox\n"
       "s = ox.Store.read_only(sys.argv[1])\n"
       "answer = s.query(open(sys.argv[2], encoding='utf-8').read(), "
       "prefixes=dict(x.split('=', 1) for x in sys.argv[4:]), "
       "use_default_graph_as_union=True)\n"
       "fmt = {'json': ox.QueryResultsFormat.JSON, 'csv': ox.QueryResultsFormat.CSV}[sys.argv[3]]\n"
       "sys.stdout.buffer.write(answer.serialize(format=fmt))\n")
#: what the floor imports before the raw script (see the module's docstring)
FLOOR = "import re, json, pathlib\n"


def _run(command: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of one run: CPU (user + system, the child's own) is less
    disturbed than wall time by other work on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--queries", default="competitors,revenue-by-segment")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--format", default="json", choices=["json", "csv"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg.vocab import all_prefixes

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run kg: its modules' bytecode cached
    kg = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"
    pairs = [f"{k}={v}" for k, v in all_prefixes("https://w3id.org/kg/resource/").items()]
    print(f"{'query':<22} {'kg s':>7} {'raw s':>7} {'ratio':>6} {'kg cpu':>7} {'raw cpu':>7} "
          f"{'ratio':>6} {'floor':>6}  (medians of {args.runs}, -f {args.format}; floor: cpu "
          "ratio to raw)")
    for name in args.queries.split(","):
        query_file = args.project / "queries" / f"{name}.rq"
        kg_cmd = [kg, "query", name, "-p", str(args.project), "--store",
                  f"oxigraph:{args.store}", "-f", args.format]
        raw_cmd = [sys.executable, "-c", RAW, str(args.store), str(query_file), args.format,
                   *pairs]
        floor_cmd = [sys.executable, "-c", FLOOR + RAW, *raw_cmd[3:]]
        subprocess.run(kg_cmd, check=True, capture_output=True, env=env)  # warm the OS caches
        kg_runs, raw_runs, floor_runs = [], [], []
        for _ in range(args.runs):
            kg_runs.append(_run(kg_cmd, env))
            raw_runs.append(_run(raw_cmd, env))
            floor_runs.append(_run(floor_cmd, env))
        k, r = (statistics.median(t[0] for t in runs) for runs in (kg_runs, raw_runs))
        kc, rc, fc = (statistics.median(t[1] for t in runs)
                      for runs in (kg_runs, raw_runs, floor_runs))
        print(f"{name:<22} {k:7.3f} {r:7.3f} {k / r:6.2f} {kc:7.3f} {rc:7.3f} {kc / rc:6.2f} "
              f"{fc / rc:6.2f}")


if __name__ == "__main__":
    main()
