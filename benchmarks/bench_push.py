"""Push benchmark: ``kg push`` of a synthetic corpus (``benchmarks/synth.py``, ~1M triples by
default) built into an Oxigraph store, to a real Virtuoso Open Source server: once in full, then
unchanged, then after adding one article (only its graph and the shared graph are sent).

Starts its own Virtuoso on loopback with a temporary database (as the tests do,
``tests/virtuoso.py``) unless ``--endpoint`` names a Graph Store endpoint (then ``--sparql``,
``--user`` and ``--password`` too). Prints one line per step: seconds, graphs sent / unchanged /
deleted, triples, requests; then checks that the server's union holds as many triples as the
local store's graphs.

Usage:
    python benchmarks/bench_push.py [--triples 1000000] [--workdir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import article, articles_for, generate  # noqa: E402

from kg.api import KG  # noqa: E402

GRAPH = "https://example.org/kg/bench-push"


def add_article(project: Path, i: int) -> str:
    """Write synthetic article ``i`` (text, metadata, facts) into ``project``; its id."""
    text, meta, facts = article(i, random.Random(i), i + 1)
    sid = f"synth-{i:06d}"
    (project / "data" / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    (project / "data" / "sources" / f"{sid}.yaml").write_text(meta, encoding="utf-8")
    (project / "data" / "facts" / f"{sid}.yaml").write_text(facts, encoding="utf-8")
    return sid


def step(label: str, kg: KG, server, **options) -> float:
    """One push, printed; its seconds (as the command measures them)."""
    result = kg.push(server.crud, GRAPH, user=server.user, password=server.password, **options)
    how = f"full ({result.reason})" if result.full else "incremental"
    print(f"{label:<28} {result.seconds:8.2f} s  {how}: {len(result.sent)} sent, "
          f"{len(result.unchanged)} unchanged, {len(result.deleted)} deleted; "
          f"{result.triples:,} triples in {len(result.requests)} requests", flush=True)
    return result.seconds


def remote_triples(kg: KG, server) -> int:
    rows = list(kg.query_endpoint(server.sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                  graph=GRAPH, user=server.user, password=server.password))
    return int(rows[0][0])


def run(work: Path, server, triples: int) -> None:
    started = time.perf_counter()
    articles = articles_for(triples)
    project = generate(work / "project", articles=articles)
    print(f"corpus: {articles} articles, written in {time.perf_counter() - started:.1f} s")
    spec = f"oxigraph:{work / 'store'}"
    started = time.perf_counter()
    built = KG(project, store=spec).build(html=False)
    print(f"build (Oxigraph store):      {time.perf_counter() - started:8.2f} s  "
          f"{built.summary['triples']:,} triples")
    full = step("push, first (full)", KG(project, store=spec), server)
    step("push, unchanged", KG(project, store=spec), server)
    add_article(project, articles)
    started = time.perf_counter()
    KG(project, store=spec).build(html=False)
    print(f"rebuild after one article:   {time.perf_counter() - started:8.2f} s")
    kg = KG(project, store=spec)
    one = step("push, one article added", kg, server)
    local = sum(info["triples"] for info in kg.store.meta()["graphs"].values())
    there = remote_triples(kg, server)
    print(f"server's union: {there:,} triples; the store's graphs: {local:,} "
          f"({'same' if there == local else 'DIFFERENT'})")
    print(f"full push {full:.2f} s, after adding one article {one:.2f} s "
          f"({full / one:.0f}x faster)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument("--endpoint", help="a Graph Store endpoint (default: start Virtuoso)")
    parser.add_argument("--sparql", help="with --endpoint: its SPARQL endpoint")
    parser.add_argument("--user", default="dba")
    parser.add_argument("--password", default="dba")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="kg-bench-push-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.endpoint:
        context = nullcontext(SimpleNamespace(crud=args.endpoint, sparql=args.sparql,
                                              user=args.user, password=args.password))
    else:
        from tests.virtuoso import running_virtuoso

        context = running_virtuoso(work / "virtuoso")
    try:
        with context as server:
            run(work, server, args.triples)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
