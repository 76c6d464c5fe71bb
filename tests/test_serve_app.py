"""The server application in-process (Starlette's TestClient), its pieces, and ``kg serve``'s
errors on the command line."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from click.testing import CliRunner  # noqa: E402

from kg.cli import cli  # noqa: E402
from kg.serve.app import GRAPH_OFFERS, RESULT_OFFERS, AnswerCache, negotiate, wants_html  # noqa: E402
from tests.conftest import ROOT, copy_project  # noqa: E402

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    """A project whose data holds HTML, served with CORS for one origin."""

    from starlette.testclient import TestClient

    from kg.serve.app import ServeOptions, create_app

    root = tmp_path_factory.mktemp("hostile")
    copy_project(root)
    facts = root / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    before = "    label: {zh-Hant: 徐立, zh-Hans: 徐立, en: Xu Li}\n"
    assert before in text
    facts.write_text(text.replace(before, "    label: {zh-Hant: 徐立, zh-Hans: 徐立, "
                                  "en: '<img src=x onerror=alert(1)>'}\n"
                                  f"    note: '{HOSTILE}'\n"), encoding="utf-8")
    app = create_app(root, ServeOptions(workers=1, timeout=3, cors=("https://analyst.example",)))
    with TestClient(app) as client:
        yield client


def test_entity_page_escapes_every_string(hostile_client):
    page = hostile_client.get("/entity/xu-li", headers={"Accept": "text/html"}).text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page and "<b>bold" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    # the label also shows on the pages of the entities it is linked to
    post = hostile_client.get("/entity/post-ceo", headers={"Accept": "text/html"}).text
    assert "&lt;img src=x" in post and "<img" not in post
    index = hostile_client.get("/entity/", headers={"Accept": "text/html"}).text
    assert "&lt;img src=x" in index and "<img" not in index


def test_cors_only_for_the_configured_origin(hostile_client):
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    allowed = hostile_client.options("/sparql", headers={"Origin": "https://analyst.example",
                                                         **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
    refused = hostile_client.options("/sparql", headers={"Origin": "https://other.example",
                                                         **preflight})
    assert "access-control-allow-origin" not in refused.headers
    answer = hostile_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                                headers={"Origin": "https://analyst.example"})
    assert answer.json() == {"head": {}, "boolean": True}
    assert answer.headers["access-control-allow-origin"] == "https://analyst.example"


def test_answers_are_cached(hostile_client):
    state = hostile_client.app.state.kg
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = hostile_client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    hits = state.cache.hits
    second = hostile_client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert first.text == second.text and int(first.text.splitlines()[1]) > 4000
    assert state.cache.hits == hits + 1


def sleep_task(store, task: dict) -> dict:
    """A worker's task handler for the pool's own tests: sleep as long as asked."""
    time.sleep(task["seconds"])
    return {"status": 200, "data": task["seconds"]}


def test_pool_stops_a_runaway_task_and_keeps_serving():
    """The pool on its own: an overrunning task is stopped in its worker (no process to
    replace); others run meanwhile (tests/test_serve_hardening.py: a stuck worker is killed)."""
    from kg.serve.workers import PoolError, QueryPool
    from kg.store import StoreSpec

    async def scenario():
        pool = QueryPool(StoreSpec("builtins:dict"), workers=2, timeout=1.0,
                         handler="tests.test_serve_app:sleep_task")
        await pool.start()
        try:
            before = set(pool.pids())
            slow = asyncio.ensure_future(pool.run({"kind": "sleep", "seconds": 30}))
            await asyncio.sleep(0.1)
            started = time.monotonic()
            quick = await pool.run({"kind": "sleep", "seconds": 0.01})
            quick_latency = time.monotonic() - started
            with pytest.raises(PoolError) as caught:
                await slow
            for _ in range(50):  # the replacement starts in the background
                if len(pool.pids()) == 2:
                    break
                await asyncio.sleep(0.1)
            after = set(pool.pids())
            return quick, quick_latency, caught.value, before, after, pool.killed
        finally:
            await pool.close()

    quick, latency, error, before, after, killed = asyncio.run(scenario())
    assert quick["data"] == 0.01 and latency < 0.9
    assert error.status == 503 and "time limit of 1 s" in str(error)
    assert killed == 0 and before == after and len(after) == 2


def test_negotiation():
    assert negotiate(None, RESULT_OFFERS) == "json"
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_OFFERS) == "xml"
    assert negotiate("text/tab-separated-values, */*;q=0.1", RESULT_OFFERS) == "tsv"
    assert negotiate("application/json", GRAPH_OFFERS) == "jsonld"
    assert negotiate("text/turtle;q=0, */*;q=0.1", GRAPH_OFFERS) == "ntriples"
    assert negotiate("image/png", GRAPH_OFFERS) is None
    assert wants_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not wants_html("text/turtle, text/html;q=0.5")
    assert not wants_html("*/*")


def test_cache_is_bounded():
    cache = AnswerCache(10_000)
    for i in range(50):
        cache.put(i, {"body": b"x" * 1000})
    assert cache.size <= 10_000 and cache.get(0) is None and cache.get(49) is not None


def test_cli_serve_unknown_store_and_taken_port():
    runner = CliRunner()
    unknown = runner.invoke(cli, ["serve", "--store", "nope", "-p", str(ROOT), "--port", "0"])
    assert unknown.exit_code == 2 and "unknown store 'nope'" in unknown.stderr
    # like every other command, kg serve reads KG_STORE (a server that ignored it would serve
    # the memory store until the timeout)
    from_env = subprocess.run([sys.executable, "-m", "kg", "serve", "-p", str(ROOT), "--port",
                               "0"], env={**os.environ, "KG_STORE": "nope:x"}, cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert from_env.returncode == 2 and "unknown store 'nope:x'" in from_env.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        busy = runner.invoke(cli, ["serve", "-p", str(ROOT), "--port", str(port)])
    assert busy.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr
    assert len(busy.stderr.strip().splitlines()) == 1


def test_serves_an_oxigraph_store_with_the_same_answers(project_copy, tmp_path):
    pytest.importorskip("pyoxigraph")
    from starlette.testclient import TestClient

    from kg.serve.app import ServeOptions, create_app

    query = ("SELECT ?year ?unit WHERE { kge:sensetime kgo:hasFigure ?f . "
             "?f kgo:metric kge:operating-loss ; kgo:unit/kgo:unitSymbol ?unit ; "
             "kgo:period/time:hasBeginning/time:inXSDDateTime ?d BIND(YEAR(?d) AS ?year) } "
             "ORDER BY ?year")
    answers = {}
    for store in ("memory", f"oxigraph:{tmp_path / 'store'}"):
        app = create_app(project_copy, ServeOptions(workers=1, timeout=20, store=store))
        with TestClient(app) as client:
            response = client.get("/sparql", params={"query": query},
                                  headers={"Accept": "application/sparql-results+json"})
            assert response.status_code == 200, response.text
            answers[store.split(":")[0]] = [
                (b["year"]["value"], b["unit"]["value"])
                for b in response.json()["results"]["bindings"]]
    assert answers["memory"] == answers["oxigraph"]
    assert [unit for _, unit in answers["oxigraph"]] == ["元"] * 4 + ["美元"] * 2
