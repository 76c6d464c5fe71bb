"""Incremental pushes to a real Virtuoso Open Source server (started on loopback): only the named
graphs that changed since the last push are sent, removed sources' graphs are deleted, the
union answers every canned query as the local graph does, and a failed push is resent."""

from __future__ import annotations

import urllib.parse

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg.api import KG
from kg.cli import cli
from kg.errors import RemoteError
from kg.inputs.queries import canned_queries
from kg.store import remote
from tests.conftest import copy_project
from tests.rdfvalues import answer

GRAPH = "https://example.org/kg/pushed"
ARTICLE = "new-article-2025"
SOURCE = "https://example.org/kg/pushed/source/"
_TEXT = ("商湯發布新模型\n昨日,商湯在上海發布了新一代大模型。光錐智能報道稱,此次發布吸引了眾多關注。\n"
         "商湯表示,新模型將用於智慧城市和智能汽車業務。\n")
_META = (f"id: {ARTICLE}\nfile: {ARTICLE}.txt\ntitle: \"商湯發布新模型\"\npublisher: light-cone\n"
         "language: zh-Hant\ndate: 2025-01-15\n")


@pytest.fixture
def recorded(monkeypatch):
    """Every request the push client sends, as (method, graph IRI or '' for SPARQL)."""
    sent: list[tuple[str, str]] = []
    real = remote.Client.request

    def request(self, method, url, body=None, headers=None):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        sent.append((method, query.get("graph", [""])[0]))
        return real(self, method, url, body, headers)

    monkeypatch.setattr(remote.Client, "request", request)
    return sent


def _push(kg: KG, server, **options) -> remote.PushResult:
    return kg.push(server.crud, GRAPH, user=server.user, password=server.password, **options)


def _data_requests(sent) -> list[tuple[str, str]]:
    return [(m, g) for m, g in sent if m in ("PUT", "POST") and not g.endswith("/index")]


def _add_article(project) -> None:
    sources = project / "data" / "sources"
    (sources / f"{ARTICLE}.txt").write_text(_TEXT, encoding="utf-8")
    (sources / f"{ARTICLE}.yaml").write_text(_META, encoding="utf-8")


def _same_answers(kg: KG, server) -> None:
    """Every canned query answers the same rows on the server (the union of the pushed named
    graphs) as on the local graph."""
    base = kg.project.base
    for name in canned_queries(kg.project.queries_dir):
        bindings = ({"statement": URIRef(base + "statement/xu-li-holds-ceo")}
                    if name == "evidence" else {})
        local = answer(kg.query(name, bindings=bindings))
        there = answer(kg.query_endpoint(server.sparql, name, bindings=bindings, graph=GRAPH,
                                         user=server.user, password=server.password))
        assert there == local, name


def _graph_exists(kg: KG, server, name: str) -> bool:
    rows = list(kg.query_endpoint(server.sparql, "SELECT (COUNT(*) AS ?n) WHERE "
                                                 f"{{ GRAPH <{name}> {{ ?s ?p ?o }} }}"))
    return int(rows[0][0]) > 0


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_push_sends_only_the_changed_graphs(virtuoso, tmp_path, recorded, store):
    project = copy_project(tmp_path / "p")
    spec = "memory" if store == "memory" else f"oxigraph:{tmp_path / 'store'}"
    graph = GRAPH
    first = _push(KG(project, store=spec), virtuoso)
    source = SOURCE + "sensetime-layoffs-2024"
    assert first.full and "no record" in first.reason
    assert first.sent == [graph + "/ontology", graph + "/shared", source]
    assert (project / "exports" / remote.PUSH_RECORD).is_file()

    recorded.clear()
    again = _push(KG(project, store=spec), virtuoso)
    assert not again.full and again.sent == [] and again.triples == 0
    assert _data_requests(recorded) == [] and len(again.unchanged) == 3

    _add_article(project)
    recorded.clear()
    kg = KG(project, store=spec)
    added = _push(kg, virtuoso)
    new = SOURCE + ARTICLE
    assert not added.full and new in added.sent
    assert set(added.sent) <= {new, graph + "/shared"}  # shared only if the article changed it
    assert {g for _, g in _data_requests(recorded)} == set(added.sent)
    assert source in added.unchanged and added.deleted == []
    article = {g.name: g for g in remote.collect_graphs(kg.store, kg.project)}[f"source/{ARTICLE}"]
    assert added.triples >= len(article.data().splitlines()) > 20
    _same_answers(kg, virtuoso)
    assert answer(kg.query_endpoint(virtuoso.sparql, f"SELECT ?t WHERE {{ <{kg.project.base}"
                                    f"source/{ARTICLE}> dcterms:title ?t }}", graph=GRAPH)) \
        == answer(kg.query(f"SELECT ?t WHERE {{ <{kg.project.base}source/{ARTICLE}> "
                           "dcterms:title ?t }"))

    for suffix in ("txt", "yaml"):
        (project / "data" / "sources" / f"{ARTICLE}.{suffix}").unlink()
    recorded.clear()
    kg = KG(project, store=spec)
    removed = _push(kg, virtuoso)
    assert removed.deleted == [new] and ("DELETE", new) in recorded
    assert not _graph_exists(kg, virtuoso, new) and _graph_exists(kg, virtuoso, source)
    assert new not in remote.read_record(project / "exports" / remote.PUSH_RECORD,
                                         virtuoso.crud, GRAPH)
    _same_answers(kg, virtuoso)

    out = CliRunner().invoke(cli, ["push", "-p", str(project), "--store", spec, "--endpoint",
                                   virtuoso.crud, "--graph", GRAPH, "--user", virtuoso.user,
                                   "--password", virtuoso.password, "--full"])
    assert out.exit_code == 0, out.output
    assert "full push: --full" in out.output
    assert "3 graph(s) sent, 0 unchanged, 0 deleted" in out.output
    assert "s:" in out.output.splitlines()[1]  # the seconds it took


def test_disagreeing_record_and_failed_pushes(virtuoso, tmp_path, recorded, monkeypatch):
    ours = copy_project(tmp_path / "ours")
    _push(KG(ours), virtuoso)
    record = ours / "exports" / remote.PUSH_RECORD
    # someone else pushes another build to the same graph: ours must resend everything
    theirs = copy_project(tmp_path / "theirs")
    _add_article(theirs)
    _push(KG(theirs), virtuoso, full=True)
    assert _graph_exists(KG(ours), virtuoso, SOURCE + ARTICLE)
    back = _push(KG(ours), virtuoso)
    assert back.full and "differ" in back.reason
    assert back.deleted == [SOURCE + ARTICLE] and len(back.sent) == 3
    assert not _graph_exists(KG(ours), virtuoso, SOURCE + ARTICLE)
    # a push that agrees sends nothing; without the record, everything
    assert _push(KG(ours), virtuoso).sent == []
    record.unlink()
    assert "no record" in _push(KG(ours), virtuoso).reason

    # a push that fails halfway leaves the record as it was; the next one resends
    _add_article(ours)
    before = record.read_bytes()
    real = remote.Client.request

    def failing(self, method, url, body=None, headers=None):
        if method == "PUT" and ARTICLE in urllib.parse.unquote(url):
            raise RemoteError(f"{method} {url}: HTTP 500 Internal Server Error")
        return real(self, method, url, body, headers)

    monkeypatch.setattr(remote.Client, "request", failing)
    with pytest.raises(RemoteError, match="500"):
        _push(KG(ours), virtuoso)
    assert record.read_bytes() == before
    monkeypatch.setattr(remote.Client, "request", real)
    retried = _push(KG(ours), virtuoso)
    assert not retried.full and retried.sent == [SOURCE + ARTICLE]


def test_query_of_a_graph_kg_did_not_push_is_unchanged(virtuoso, tmp_path):
    kg = KG(copy_project(tmp_path / "p"))
    other = "https://example.org/other"
    remote.push(b"<urn:a> <urn:b> <urn:c> .\n", virtuoso.crud, other,
                client=remote.Client(virtuoso.user, virtuoso.password))
    rows = kg.query_endpoint(virtuoso.sparql, "SELECT ?s ?o WHERE { ?s <urn:b> ?o }",
                             graph=other)
    assert answer(rows) == [(("iri", "urn:a"), ("iri", "urn:c"))]


def test_a_large_shared_graph_goes_in_parts_and_a_new_triple_changes_one():
    lines = [f"<urn:s{i}> <urn:p> <urn:o{i % 97}> ." for i in range(9_000)]
    parts = remote.split_shared(lines, part=2_000)
    assert [g.name for g in parts] == [f"shared/{k}-of-8" for k in range(1, 9)]
    sent = [line for g in parts for line in g.data().decode().splitlines()]
    assert sorted(sent) == sorted(lines)  # every triple once, none lost
    # a new entity's triples (one subject) change one part
    new = [f"<urn:new> <urn:p{k}> <urn:o{k}> ." for k in range(12)]
    grown = remote.split_shared(lines + new, part=2_000)
    changed = [a.name for a, b in zip(parts, grown) if a.digest != b.digest]
    assert len(changed) == 1
    assert [g.name for g in remote.split_shared(lines[:150])] == ["shared"]
