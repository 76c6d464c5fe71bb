"""Pushing to and querying a real Virtuoso Open Source server, started here on loopback with a
temporary database and stopped afterwards (Debian package virtuoso-opensource-7-bin)."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from kg.api import KG
from kg.cli import cli
from kg.errors import RemoteError
from kg.inputs.queries import canned_queries, resolve
from kg.query.sparql import run
from tests.conftest import ROOT, copy_project
from tests.rdfvalues import answer
from tests.virtuoso import MAX_ROWS

SEED_GRAPH = "https://example.org/kg/seed"
BIG_GRAPH = "https://example.org/kg/synth-1m"


def _count(server, graph: str) -> int:
    """Triples of the graphs a push put under ``graph`` (their union, as queries see it)."""
    kg = KG(ROOT)
    rows = list(kg.query_endpoint(server.sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                  graph=graph))
    return int(rows[0][0])


def test_push_the_seed_and_query_it_remotely(virtuoso, tmp_path):
    project = copy_project(tmp_path / "p")  # a push writes its record into exports/
    graph = KG(project).graph()  # data and ontology, made here (the session's is shared)
    result = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.crud, "--graph", SEED_GRAPH,
                                      "--user", virtuoso.user, "--password", virtuoso.password,
                                      "--chunk", "1000", "-p", str(project)])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(graph)} triples" in result.output  # data and ontology
    assert _count(virtuoso, SEED_GRAPH) == len(graph)
    # pushing in full again replaces each graph (its first request is a PUT): no duplicates
    KG(project).push(virtuoso.crud, SEED_GRAPH, user="dba", password="dba", chunk=100_000,
                     full=True)
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
                                   "--graph", SEED_GRAPH, "-p", str(project)])
    assert out.exit_code == 0 and out.output.count("首席執行官徐立") == 2


def test_credentials_and_truncation_are_errors(virtuoso, tmp_path):
    project = copy_project(tmp_path / "p")
    bad = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.crud, "--graph", SEED_GRAPH,
                                   "--user", "dba", "--password", "wrong", "-p", str(project)])
    assert bad.exit_code == 2 and "401" in bad.stderr
    anonymous = CliRunner().invoke(cli, ["push", "--endpoint", virtuoso.crud, "--graph",
                                         SEED_GRAPH, "-p", str(project)],
                                   env={"KG_ENDPOINT_USER": ""})
    assert anonymous.exit_code == 2
    kg = KG(ROOT)
    # more rows than ResultSetMaxRows: the server would answer a silently short table
    with pytest.raises(RemoteError, match=f"capped the answer at {MAX_ROWS} rows"):
        kg.query_endpoint(virtuoso.sparql, "SELECT ?s WHERE { ?s ?p ?o VALUES ?n { 1 2 3 4 5 } }",
                          graph=SEED_GRAPH)
    # an answer below the limit is whole
    rows = kg.query_endpoint(virtuoso.sparql, "SELECT ?s WHERE { ?s ?p ?o }", graph=SEED_GRAPH)
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
        local.query_endpoint(virtuoso.sparql, "SELECT ?s WHERE { ?s ?p ?o }", graph=BIG_GRAPH)
