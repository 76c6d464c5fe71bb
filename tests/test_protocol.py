"""Protocol and format conformance (issue 17): GRAPH patterns on both stores, TSV and CSV
terms, negotiation of graph answers, protocol errors, the access log, the favicon, BrokenPipe."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import ROOT, oxigraph_seed

NAMED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
MIXED = ("SELECT ?s WHERE { ?s a ?t OPTIONAL { GRAPH ?g { ?s ?p ?o } } "
         "FILTER NOT EXISTS { GRAPH ?h { ?s a ?t } } FILTER(!BOUND(?g)) } LIMIT 3")


@pytest.fixture(scope="module")
def client():
    """The repository's project served in-process (memory store, one worker)."""
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from kg.serve.app import ServeOptions, create_app

    app = create_app(ROOT, ServeOptions(workers=1, timeout=10))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def oxigraph_kg(tmp_path_factory):
    """The seed built into an Oxigraph store (a copy: exports are written)."""
    pytest.importorskip("pyoxigraph")
    return oxigraph_seed(tmp_path_factory.mktemp("seed"))


# ------------------------------------------------------------------ 1. GRAPH patterns

def test_graph_patterns_match_nothing_on_the_memory_store(graph):
    from kg.query.sparql import run

    assert list(run(graph, NAMED)) == []
    assert len(list(run(graph, MIXED))) == 3  # OPTIONAL / NOT EXISTS of GRAPH: no effect
    assert run(graph, "ASK { GRAPH <urn:x> { ?s ?p ?o } }").askAnswer is False


def test_graph_patterns_match_nothing_on_the_oxigraph_store(oxigraph_kg):
    assert list(oxigraph_kg.query(NAMED)) == []
    assert len(list(oxigraph_kg.query(MIXED))) == 3
    # the union of the build's named graphs is still the default graph
    assert len(list(oxigraph_kg.query("SELECT * WHERE { ?s a ?t } LIMIT 3"))) == 3


def test_kg_query_answers_a_graph_pattern():
    result = CliRunner().invoke(cli, ["query", NAMED, "--format", "csv", "-p", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "g"


def test_served_graph_pattern_is_an_empty_answer(client):
    response = client.get("/sparql", params={"query": NAMED},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == []


# ------------------------------------------------------------------ 2. TSV and CSV terms

TRICKY = 'SELECT ?x ?b WHERE { BIND("a\\nb\\tc" AS ?x) BIND(BNODE() AS ?b) }'


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_kg_query_tsv_escapes_newlines_and_tabs_and_csv_marks_blank_nodes(store, tmp_path):
    import csv
    import io

    args = ["query", TRICKY, "-p", str(ROOT)]
    if store == "oxigraph":
        pytest.importorskip("pyoxigraph")
        args += ["--store", f"oxigraph:{tmp_path / 'store'}"]
    tsv = CliRunner().invoke(cli, args + ["--format", "tsv"])
    assert tsv.exit_code == 0, tsv.output
    lines = tsv.stdout.splitlines()
    assert len(lines) == 2 and lines[0] == "?x\t?b"
    value, bnode = lines[1].split("\t")
    assert value == '"a\\nb\\tc"' and bnode.startswith("_:")
    out = CliRunner().invoke(cli, args + ["--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["x", "b"] and rows[1][0] == "a\nb\tc" and rows[1][1].startswith("_:")


def test_served_tsv_is_the_same_writer(client):
    response = client.get("/sparql", params={"query": TRICKY},
                          headers={"Accept": "text/tab-separated-values"})
    assert response.status_code == 200
    header, row = response.text.splitlines()
    assert header == "?x\t?b" and row.split("\t")[0] == '"a\\nb\\tc"'


# ------------------------------------------------------------------ 3. graph answers

@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml, text/csv", "image/png"])
def test_construct_and_describe_fall_back_to_turtle(client, accept):
    from rdflib import Graph

    for query in ("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5",
                  "DESCRIBE ?s WHERE { ?s a ?t } LIMIT 1"):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, (query, response.text)
        assert response.headers["content-type"].startswith("text/turtle")
        assert len(Graph().parse(data=response.text, format="turtle")) > 0


def test_select_still_refuses_an_accept_it_cannot_meet(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406


# ------------------------------------------------------------------ 4. protocol errors

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
QUERY = {"Content-Type": "application/sparql-query"}


@pytest.mark.parametrize("body,headers", [
    (b"", FORM), (b"format=json", FORM), (b"query=", FORM), (b"query=%20%0A", FORM),
    (b"", QUERY), (b"  \n", QUERY),
])
def test_post_without_a_query_is_400(client, body, headers):
    response = client.post("/sparql", content=body, headers=headers)
    assert response.status_code == 400, response.text
    assert "query" in response.text


def test_get_without_a_query_is_still_the_service_description(client):
    from rdflib import Graph

    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert len(Graph().parse(data=response.text, format="turtle")) > 5
    assert client.get("/sparql", params={"query": ""}).status_code == 400


def test_post_update_is_still_refused(client):
    response = client.post("/sparql", content=b"update=CLEAR%20ALL", headers=FORM)
    assert response.status_code == 403


# ------------------------------------------------------------------ 5. access log, favicon

def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.startswith("<svg")
    page = client.get("/", headers={"Accept": "text/html"}).text
    assert '<link rel="icon" href="/favicon.ico"' in page


@pytest.mark.parametrize("flag", [True, False])
def test_access_log_logs_requests_to_stderr(flag, tmp_path):
    import os
    import subprocess
    import sys
    import threading
    import urllib.request

    pytest.importorskip("uvicorn")
    from tests.serving import stop

    errors = open(tmp_path / "stderr", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", "--workers", "1",
                             "-p", str(ROOT)] + (["--access-log"] if flag else []), cwd=ROOT,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"), stdout=subprocess.PIPE,
                            stderr=errors, text=True, start_new_session=True)
    try:
        found = threading.Event()
        lines: list[str] = []

        def read() -> None:
            for line in proc.stdout:
                lines.append(line)
                found.set()

        threading.Thread(target=read, daemon=True).start()
        assert found.wait(90), "kg serve did not start"
        url = lines[0].split(" at ")[1].split(" ")[0]
        with urllib.request.urlopen(url + "sparql?query=ASK%7B%7D", timeout=30) as response:
            assert response.status == 200
        with urllib.request.urlopen(url + "favicon.ico", timeout=30) as response:
            assert response.status == 200
    finally:
        stop(proc)
        errors.seek(0)
        log = errors.read()
        errors.close()
    if flag:
        assert '"GET /sparql?query=ASK%7B%7D HTTP/1.1" 200' in log, log
        assert '"GET /favicon.ico HTTP/1.1" 200' in log, log
    else:
        assert "GET /sparql" not in log, log
    assert len(lines) == 1  # standard output: only the line saying it is ready


# ------------------------------------------------------------------ 6. export --with-ontology

def test_export_with_ontology_gives_figure_queries_their_units(tmp_path):
    from rdflib import Graph

    from kg.inputs.queries import resolve
    from kg.query.sparql import run

    label, text = resolve("losses", ROOT / "queries")
    units = {}
    for flag in ("", "--with-ontology"):
        out = tmp_path / f"export{flag}.ttl"
        result = CliRunner().invoke(cli, ["export", "-o", str(out), "-p", str(ROOT)]
                                    + ([flag] if flag else []))
        assert result.exit_code == 0, result.output
        rows = list(run(Graph().parse(out, format="turtle"), text, label=label))
        assert rows
        units[flag] = {str(row.unit) if row.unit is not None else "" for row in rows}
    assert units[""] == {""}  # the data alone: the units are the ontology's individuals
    assert units["--with-ontology"] >= {"元", "美元"}
    help_text = CliRunner().invoke(cli, ["export", "--help"]).output
    assert "--with-ontology" in help_text and "blank units" in help_text


# ------------------------------------------------------------------ 7. a closed pipe

@pytest.mark.parametrize("args", [["stats"], ["check"], ["query", "--list"],
                                  ["export", "-f", "ntriples"]])
def test_a_closed_pipe_ends_quietly(args):
    import os
    import subprocess
    import sys

    # the reader is gone before kg writes anything: every write fails (SIGPIPE is ignored by
    # Python, so it is a BrokenPipeError), deterministically rather than as with `| head -1`
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run([sys.executable, "-m", "kg", *args, "-p", str(ROOT)], cwd=ROOT,
                          stdout=write, stderr=subprocess.PIPE, text=True, timeout=300)
    os.close(write)
    assert proc.stderr == "", proc.stderr
    assert proc.returncode == 141
