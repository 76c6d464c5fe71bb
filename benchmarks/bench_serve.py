"""Load test of `kg serve`: requests at a fixed concurrency from a second process, on loopback.

Usage: python benchmarks/bench_serve.py [--requests 2000] [--concurrency 16] [--workers 2]
                                        [--timeout 5] [--uncached 200]
                                        [--project DIR] [--store oxigraph:PATH]

`--project` and `--store` serve another project (a synthetic corpus from `benchmarks/synth.py`,
built with `kg build --store oxigraph:PATH`) instead of this repository's seed.

The server (`python -m kg serve --port 0`) runs as its own process; this script is the client:
`--concurrency` threads, each with a keep-alive HTTP/1.1 connection, send a shuffled, seeded mix
of requests — the canned queries (POST form, SPARQL JSON), entity pages (HTML) and entity
descriptions (Turtle) — with ONE runaway query (a cartesian product) among them, early on.

Printed per round: throughput, p50/p99 latency, errors (anything but 2xx, apart from the
runaway's expected 503 and the documented 422 of a canned query whose answer is over the
server's row limit, counted on their own line; target 0), the runaway's status and time, and the resident memory of
the server and its workers before and after.  Round "cached" uses the server's defaults (answers
cached); round "uncached" (`--cache 0`, `--uncached` requests) shows what the workers sustain.

Round "hostile" (`--hostile SECONDS`, default 20; 0 skips it), on the server's defaults:
`--runaways` clients (default 12) each send runaway queries (distinct cartesian products, so
neither the cache nor the sharing of identical queries helps) and SERVICE queries aimed at a
local listener the benchmark starts (plainly and behind the comment tricks of issue 18), one
after another, while the other clients (16 - 12 = 4) send the ordinary mix.  Targets: the
ordinary requests' p99 under 1 s with 0 errors, and 0 connections to the listener.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


#: the project served (``--project``) and the store option passed to ``kg serve`` (``--store``)
PROJECT = {"root": ROOT, "store": []}
#: entities the mix asks for, a seeded sample of them all (a corpus of millions has tens of
#: thousands); the list is read in pages of PAGE_ROWS (under the server's default row limit)
ENTITY_SAMPLE = 2000
PAGE_ROWS = 5000


def start_server(args: list[str]) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "-p",
                             str(PROJECT["root"]), *PROJECT["store"], *args], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"), start_new_session=True)
    for line in proc.stdout:
        match = re.search(r"at (http://\S+/) ", line)
        if match:
            return proc, match.group(1)
    raise SystemExit("kg serve did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, MiB (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total / 1024


def list_entities(url: str) -> list[str]:
    """Every entity id, paged with LIMIT and OFFSET (a large corpus has more entities than the
    server's row limit)."""
    conn = http.client.HTTPConnection(*urllib.parse.urlsplit(url).netloc.split(":"))
    ids: list[str] = []
    while True:
        query = ('SELECT ?e WHERE { ?e dcterms:identifier ?id . '
                 f'FILTER(STRSTARTS(STR(?e), STR(kge:))) }} ORDER BY ?e LIMIT {PAGE_ROWS} '
                 f'OFFSET {len(ids)}')
        conn.request("POST", "/sparql", body=urllib.parse.urlencode({"query": query}),
                     headers={"Content-Type": "application/x-www-form-urlencoded",
                              "Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"listing the entities failed: {response.status} "
                             f"{body.decode(errors='replace').strip()}")
        rows = json.loads(body)["results"]["bindings"]
        ids += [b["e"]["value"].rsplit("/", 1)[1] for b in rows]
        if len(rows) < PAGE_ROWS:
            conn.close()
            return ids


def rng_sample(items: list[str], n: int, seed: int) -> list[str]:
    """``n`` of ``items`` (all when fewer), the same for the same seed."""
    return sorted(random.Random(seed).sample(items, n)) if len(items) > n else items


def build_mix(url: str, n: int, seed: int = 7) -> list[tuple[str, str, str, bytes | None, dict]]:
    """(kind, method, path, body, headers) for ``n`` requests, the runaway at position 20."""
    from kg.inputs.queries import canned_queries

    queries = canned_queries(PROJECT["root"] / "queries")
    entities = rng_sample(list_entities(url), ENTITY_SAMPLE, seed)
    form = {"Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"}
    rng = random.Random(seed)
    mix = []
    for _ in range(n - 1):
        roll = rng.random()
        if roll < 0.5:
            q = rng.choice(list(queries.values()))
            mix.append((f"query:{q.name}", "POST", "/sparql",
                        urllib.parse.urlencode({"query": q.text}).encode(), form))
        elif roll < 0.85:
            mix.append(("entity:html", "GET", f"/entity/{rng.choice(entities)}", None,
                        {"Accept": "text/html"}))
        else:
            mix.append(("entity:turtle", "GET", f"/entity/{rng.choice(entities)}", None,
                        {"Accept": "text/turtle"}))
    mix.insert(min(20, len(mix)), ("runaway", "POST", "/sparql",
                                   urllib.parse.urlencode({"query": RUNAWAY}).encode(), form))
    return mix


def run_round(url: str, mix: list, concurrency: int) -> dict:
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    local = threading.local()
    said: dict[tuple[str, int], str] = {}

    def send(item):
        kind, method, path, body, headers = item
        for attempt in (1, 2):
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection(host, int(port), timeout=120)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                if not 200 <= response.status < 300:  # what the server said, once per kind
                    said.setdefault((kind, response.status),
                                    payload[:160].decode(errors="replace").strip())
                return kind, response.status, time.perf_counter() - started, len(payload)
            except (ConnectionError, http.client.HTTPException):
                conn.close()
                local.conn = None
                if attempt == 2:
                    return kind, 0, time.perf_counter() - started, 0

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(send, mix))
    wall = time.perf_counter() - started
    return {"wall": wall, "results": results, "said": said}


def report(name: str, outcome: dict, mem_before: float, mem_after: float) -> None:
    results = outcome["results"]
    normal = [r for r in results if r[0] != "runaway"]
    runaway = [r for r in results if r[0] == "runaway"]
    latencies = sorted(r[2] for r in normal)
    over = [r for r in normal if r[1] == 422 and r[0].startswith("query:")]
    errors = [r for r in normal if not 200 <= r[1] < 300 and r not in over]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(f"\n== round {name}: {len(results)} requests, wall {outcome['wall']:.2f} s")
    print(f"throughput      {len(results) / outcome['wall']:8.1f} req/s")
    print(f"latency p50     {pct(0.50):8.1f} ms")
    print(f"latency p99     {pct(0.99):8.1f} ms")
    print(f"latency max     {latencies[-1] * 1000:8.1f} ms")
    print(f"errors          {len(errors):8d}   (target 0)"
          + (f"  e.g. {errors[0]}" if errors else ""))
    counts: dict[tuple[str, int], int] = {}
    for kind, status, _, _ in errors:
        counts[kind, status] = counts.get((kind, status), 0) + 1
    for (kind, status), count in sorted(counts.items()):
        print(f"  error {status} {kind:<24} x{count}   {outcome['said'].get((kind, status), '')}")
    if over:
        print(f"over the limit  {len(over):8d}   (422, documented: "
              f"{', '.join(sorted({r[0][6:] for r in over}))})")
    for _kind, status, elapsed, _ in runaway:
        print(f"runaway query   status {status} after {elapsed:.2f} s "
              f"({'stopped as expected' if status == 503 else 'UNEXPECTED'})")
    by_kind: dict[str, list[float]] = {}
    for kind, _, elapsed, _ in normal:
        by_kind.setdefault(kind.split(":")[0], []).append(elapsed * 1000)
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<10} n={len(values):5d}  median {statistics.median(values):7.1f} ms")
    print(f"server memory   {mem_before:8.1f} MiB before, {mem_after:.1f} MiB after "
          "(server and workers, RSS)")


class Listener:
    """A TCP listener on loopback that counts the connections made to it (none may be)."""

    def __init__(self) -> None:
        import socket

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


def hostile_queries(port: int, n: int) -> list[str]:
    """Runaway queries (each a different cartesian product) and SERVICE queries aimed at the
    listener, written plainly and behind comment tricks, interleaved."""
    target = f"http://127.0.0.1:{port}/sparql"
    service = [f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
               f"SELECT * WHERE {{ ?s ?p ?o #\rSERVICE <{target}> {{ ?a ?b ?c }}\n}} LIMIT 1",
               f"SELECT * WHERE {{ ?s ?p ?o #\u2028SERVICE <{target}> {{ ?a ?b ?c }}\n}} LIMIT 1",
               f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"]
    out = []
    for i in range(n):
        if i % 4 == 3:
            out.append(service[(i // 4) % len(service)])
        else:
            out.append(f"SELECT (COUNT(*) AS ?n{i}) WHERE {{ ?a{i} ?b ?c . ?d ?e ?f . "
                       "?g ?h ?i }")
    return out


def run_hostile(url: str, seconds: float, runaways: int, concurrency: int,
                listener: Listener) -> dict:
    """Runaway clients and ordinary clients at once, for ``seconds``."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    mix = build_mix(url, 5000)
    mix = [item for item in mix if item[0] != "runaway"]
    queries = hostile_queries(listener.port, 100_000)
    form = {"Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"}
    deadline = time.monotonic() + seconds
    normal, hostile = [], []
    counter = iter(range(10 ** 9))

    def client(kind: str) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=120)
        while time.monotonic() < deadline:
            n = next(counter)
            if kind == "normal":
                name, method, path, body, headers = mix[n % len(mix)]
            else:
                name, method, path = "hostile", "POST", "/sparql"
                body, headers = urllib.parse.urlencode({"query": queries[n]}).encode(), form
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (ConnectionError, http.client.HTTPException, TimeoutError):
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=120)
                status = 0
            (normal if kind == "normal" else hostile).append(
                (name, status, time.perf_counter() - started, 0))
        conn.close()

    threads = [threading.Thread(target=client, args=("hostile" if i < runaways else "normal",))
               for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"wall": time.perf_counter() - started, "normal": normal, "hostile": hostile}


def report_hostile(outcome: dict, listener: Listener, runaways: int, ordinary: int) -> None:
    normal, hostile = outcome["normal"], outcome["hostile"]
    latencies = sorted(r[2] for r in normal)
    over = [r for r in normal if r[1] == 422 and r[0].startswith("query:")]
    errors = [r for r in normal if not 200 <= r[1] < 300 and r not in over]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    statuses: dict[int, int] = {}
    for r in hostile:
        statuses[r[1]] = statuses.get(r[1], 0) + 1
    print(f"\n== round hostile: {runaways} runaway/SERVICE clients, {ordinary} ordinary, "
          f"{outcome['wall']:.1f} s")
    print(f"ordinary        {len(normal):8d} requests, {len(normal) / outcome['wall']:.1f} req/s")
    print(f"ordinary p50    {pct(0.50):8.1f} ms")
    print(f"ordinary p99    {pct(0.99):8.1f} ms   (target under 1000)")
    print(f"ordinary max    {latencies[-1] * 1000:8.1f} ms")
    print(f"ordinary errors {len(errors):8d}   (target 0)" + (f"  e.g. {errors[0]}" if errors
                                                                 else ""))
    if over:
        print(f"over the limit  {len(over):8d}   (422, documented)")
    print(f"hostile         {len(hostile):8d} requests, statuses "
          + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"outbound        {listener.connections:8d} connections to the listener (target 0)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--uncached", type=int, default=200,
                        help="requests in the uncached round (0: skip it)")
    parser.add_argument("--hostile", type=float, default=20.0,
                        help="seconds of the hostile round (0: skip it)")
    parser.add_argument("--runaways", type=int, default=12,
                        help="clients sending runaway and SERVICE queries in the hostile round")
    parser.add_argument("--only-hostile", action="store_true", help="run the hostile round only")
    parser.add_argument("--project", type=Path, default=ROOT,
                        help="the project to serve (default: this repository's seed)")
    parser.add_argument("--store", help="the store to serve, e.g. oxigraph:PATH (kg serve --store)")
    args = parser.parse_args()
    PROJECT["root"] = args.project.resolve()
    PROJECT["store"] = ["--store", args.store] if args.store else []
    rounds = [("cached", args.requests, [])]
    if args.uncached:
        rounds.append(("uncached", args.uncached, ["--cache", "0"]))
    print(f"kg serve: {args.workers} workers, timeout {args.timeout:g} s, "
          f"concurrency {args.concurrency}, {os.cpu_count()} CPUs")
    if args.only_hostile:
        rounds = []
    for name, n, extra in rounds:
        proc, url = start_server(["--workers", str(args.workers), "--timeout",
                                  str(args.timeout), *extra])
        try:
            mix = build_mix(url, n)
            before = rss_mib(proc.pid)
            outcome = run_round(url, mix, args.concurrency)
            after = rss_mib(proc.pid)
            report(name, outcome, before, after)
        finally:
            stop_server(proc)
    if args.hostile:
        listener = Listener()
        proc, url = start_server(["--workers", str(args.workers), "--timeout",
                                  str(args.timeout)])
        try:
            outcome = run_hostile(url, args.hostile, args.runaways, args.concurrency, listener)
            report_hostile(outcome, listener, args.runaways, args.concurrency - args.runaways)
        finally:
            stop_server(proc)
            listener.sock.close()


if __name__ == "__main__":
    main()
