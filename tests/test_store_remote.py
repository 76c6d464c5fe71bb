"""Pushing to and querying a real Virtuoso Open Source server, started here on loopback with a
temporary database and stopped afterwards (Debian package virtuoso-opensource-7-bin)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from kg.api import KG
from kg.cli import cli
from kg.errors import RemoteError
from kg.inputs.queries import canned_queries, resolve
from kg.query.sparql import run
from tests.conftest import ROOT
from tests.rdfvalues import answer

MAX_ROWS = 20_000  # ResultSetMaxRows: raised from Virtuoso's 10,000
SEED_GRAPH = "https://example.org/kg/seed"
BIG_GRAPH = "https://example.org/kg/synth-1m"

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}
VADInstallDir =
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
CheckpointInterval = 0
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    exe = shutil.which("virtuoso-t")
    if exe is None:
        pytest.skip("Virtuoso Open Source is not installed (Debian package "
                    "virtuoso-opensource-7-bin; scripts/setup.sh --test installs it)")
    root = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (root / "virtuoso.ini").write_text(_INI.format(d=root, sql=sql, http=http, rows=MAX_ROWS),
                                       encoding="utf-8")
    log = open(root / "console.log", "wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(root / "virtuoso.ini")],
                            cwd=root, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("Virtuoso did not start: " +
                        (root / "console.log").read_text(errors="replace")[-800:])
        time.sleep(0.2)
    yield SimpleNamespace(sparql=f"{base}/sparql", crud=f"{base}/sparql-graph-crud-auth",
                          user="dba", password="dba")
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def _count(server, graph: str) -> int:
    kg = KG(ROOT)
    rows = list(kg.query_endpoint(server.sparql, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}>"
                                                 " { ?s ?p ?o } }"))
    return int(rows[0][0])


def test_push_the_seed_and_query_it_remotely(virtuoso, graph):
    result = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.crud, "--graph", SEED_GRAPH,
                                      "--user", virtuoso.user, "--password", virtuoso.password,
                                      "--chunk", "1000", "-p", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(graph)} triples" in result.output  # data and ontology
    assert _count(virtuoso, SEED_GRAPH) == len(graph)
    # pushing again replaces the graph (the first request is a PUT): no duplicates
    KG(ROOT).push(virtuoso.crud, SEED_GRAPH, user="dba", password="dba", chunk=100_000)
    assert _count(virtuoso, SEED_GRAPH) == len(graph)

    kg = KG(ROOT)
    base = kg.project.base
    for name in canned_queries(ROOT / "queries"):
        label, text = resolve(name, ROOT / "queries")
        bindings = {}
        if name == "evidence":
            from rdflib import URIRef

            bindings = {"statement": URIRef(base + "statement/xu-li-holds-ceo")}
        local = answer(run(graph, text, label=label, bindings=bindings, base=base))
        remote = answer(kg.query_endpoint(virtuoso.sparql, name, bindings=bindings,
                                          graph=SEED_GRAPH))
        assert local and remote == local, name

    out = CliRunner().invoke(cli, ["query", "leadership", "--endpoint", virtuoso.sparql,
                                   "--graph", SEED_GRAPH, "-p", str(ROOT)])
    assert out.exit_code == 0 and out.output.count("首席執行官徐立") == 2


def test_credentials_and_truncation_are_errors(virtuoso):
    bad = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.crud, "--graph", SEED_GRAPH,
                                   "--user", "dba", "--password", "wrong", "-p", str(ROOT)])
    assert bad.exit_code == 2 and "401" in bad.stderr
    anonymous = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.crud, "--graph",
                                         SEED_GRAPH, "-p", str(ROOT)], env={"KG_ENDPOINT_USER": ""})
    assert anonymous.exit_code == 2
    kg = KG(ROOT)
    # more rows than ResultSetMaxRows: the server would answer a silently short table
    with pytest.raises(RemoteError, match=f"capped the answer at {MAX_ROWS} rows"):
        kg.query_endpoint(virtuoso.sparql, f"SELECT ?s WHERE {{ GRAPH <{SEED_GRAPH}> "
                          "{ ?s ?p ?o } VALUES ?n { 1 2 3 4 5 } }")
    # an answer below the limit is whole
    rows = kg.query_endpoint(virtuoso.sparql, f"SELECT ?s WHERE {{ GRAPH <{SEED_GRAPH}> "
                             "{ ?s ?p ?o } }")
    assert len(rows) == _count(virtuoso, SEED_GRAPH) < MAX_ROWS


@pytest.mark.slow
def test_push_a_million_triples(virtuoso, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import articles_for, generate

    project = generate(tmp_path / "p", articles=articles_for(1_000_000))
    local = KG(project, store=f"oxigraph:{tmp_path / 'store'}")
    built = local.build(html=False)
    assert built.summary["triples"] >= 1_000_000
    pushed = local.push(virtuoso.crud, BIG_GRAPH, user="dba", password="dba")
    assert len(pushed.statuses) >= 4 and pushed.statuses[0] in (200, 201, 204)
    assert _count(virtuoso, BIG_GRAPH) == pushed.triples
    assert pushed.triples == built.summary["triples"] + local.store.meta()["graphs"][
        local.project.base + "graph/ontology"]["triples"]
    for name in ("competitors", "losses", "figures"):
        remote = answer(local.query_endpoint(virtuoso.sparql, name, graph=BIG_GRAPH))
        assert remote == answer(local.query(name)), name
    with pytest.raises(RemoteError, match="capped"):
        local.query_endpoint(virtuoso.sparql, f"SELECT ?s WHERE {{ GRAPH <{BIG_GRAPH}> "
                             "{ ?s ?p ?o } }")
