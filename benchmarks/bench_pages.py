"""Entity pages on built Oxigraph stores: kg against raw pyoxigraph running the same queries.

For each store (one per corpus size, e.g. from ``benchmarks/synth.py`` then
``kg build --store oxigraph:PATH``) and each entity, in one process, so the figures of one run
compare: ``kg`` is what a server worker does for ``/entity/ID`` (``kg.serve.tasks.entity_data``
on kg's Oxigraph store, then ``kg.serve.pages.entity_page``); ``raw`` is the same queries run
by pyoxigraph itself with no conversion of its terms (``bench_scale._RawStore``).  Each figure
is the median of ``--repeat`` runs after one warm-up, in wall-clock time and in this
process's CPU time (steadier on a shared machine: the queries run in this process); the slowest
query of the kg side is named, so a query that grows with the store shows where it is.

Usage:
    python benchmarks/bench_pages.py STORE [STORE ...] [--entities sensetime,co-000000]
        [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

ENTITIES = ("sensetime", "co-000000", "co-000001", "person-000002", "xu-li")
BASE = "https://w3id.org/kg/resource/"


class _Timed:
    """A store that records how long each of its queries took."""

    def __init__(self, store) -> None:
        self.store, self.log = store, []

    def query(self, text, prefixes=None):
        started = time.perf_counter()
        answer = self.store.query(text, prefixes)
        self.log.append((time.perf_counter() - started, " ".join(text.split())[:48]))
        return answer


def _median_ms(run, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``run()``."""
    run()
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def _triples(store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(str(next(iter(rows))[0]))


def bench_store(path: Path, entities: list[str], repeat: int) -> None:
    import pyoxigraph as ox

    from bench_scale import _RawStore
    from kg.serve.pages import entity_page
    from kg.serve.tasks import entity_data
    from kg.store.oxigraph import OxigraphStore

    kg = OxigraphStore(path, BASE)
    raw = _RawStore(ox.Store.read_only(str(path)))
    print(f"\n== {path}: {_triples(kg):,} triples (median of {repeat})")
    print(f"{'entity':<16}{'kg page':>9}{'(data':>7}{'+render)':>9}{'raw':>7}{'kg/raw':>7}"
          f"{'kg cpu':>8}{'raw cpu':>8}{'kg/raw':>7}{'stmts':>6}{'figs':>5}  slowest kg query")
    for ident in entities:
        data = entity_data(kg, ident, BASE)
        t_data = _median_ms(lambda ident=ident: entity_data(kg, ident, BASE), repeat)
        t_render = _median_ms(lambda data=data: entity_page(data, base=BASE), repeat)
        t_raw = _median_ms(lambda ident=ident: entity_data(raw, ident, BASE), repeat)
        timed = _Timed(kg)
        entity_data(timed, ident, BASE)
        slowest = max(timed.log)
        page, page_cpu = t_data[0] + t_render[0], t_data[1] + t_render[1]
        print(f"{ident:<16}{page:9.1f}{t_data[0]:7.1f}{t_render[0]:9.1f}{t_raw[0]:7.1f}"
              f"{page / t_raw[0]:7.2f}{page_cpu:8.1f}{t_raw[1]:8.1f}{page_cpu / t_raw[1]:7.2f}"
              f"{len(data['statements']):6d}{len(data['figures']):5d}  "
              f"{slowest[0] * 1000:.1f} ms {slowest[1]}")
    print("(ms; kg page = entity_data on kg's store + entity_page; raw = the same queries, raw "
          "pyoxigraph)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--entities", default=",".join(ENTITIES))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for path in args.stores:
        bench_store(path, args.entities.split(","), args.repeat)


if __name__ == "__main__":
    main()
