"""kg path and the structural summary of kg stats, on the seed graph."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg.cli import cli
from kg.errors import CheckFailed, UsageError
from kg.query.analytics import (
    entity_graph,
    find_paths,
    pagerank,
    resolve_entity,
    summarize_structure,
)
from kg.query.sparql import run
from kg.text import name_key

BASE = "https://w3id.org/kg/resource/"
TITLE_QUOTE = "商湯董事會執行主席兼首席執行官徐立"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def eg(graph):
    return entity_graph(graph, BASE)


def signature(result) -> set[tuple]:
    return {tuple((h.source, h.relation, h.target, h.forward, h.statement) for h in p.hops)
            for p in result.paths}


def test_path_xu_li_to_sensetime_is_exact(graph, eg):
    result = find_paths(graph, "徐立", "商湯", base=BASE, entities=eg)
    assert (result.source, result.target, result.hops, result.truncated) == \
        ("xu-li", "sensetime", 2, False)
    assert signature(result) == {
        (("xu-li", "holdsPost", "post-ceo", True, "xu-li-holds-ceo"),
         ("post-ceo", "postIn", "sensetime", True, "ceo-post-in-sensetime")),
        (("xu-li", "holdsPost", "post-executive-chairman", True,
          "xu-li-holds-executive-chairman"),
         ("post-executive-chairman", "postIn", "sensetime", True,
          "executive-chairman-post-in-sensetime")),
        (("xu-li", "writtenBy", "internal-letter-tenth-anniversary", False,
          "internal-letter-written-by-xu-li"),
         ("internal-letter-tenth-anniversary", "addressedTo", "sensetime", True,
          "internal-letter-addressed-to-sensetime")),
    }
    post_hops = [h for p in result.paths for h in p.hops if h.relation in ("holdsPost", "postIn")]
    assert len(post_hops) == 4 and {h.quote for h in post_hops} == {TITLE_QUOTE}
    letter = next(h for p in result.paths for h in p.hops if h.relation == "writtenBy")
    assert letter.quote == "首席執行官徐立發佈的十週年內部信"
    assert letter.relation_label == "撰寫者"


def test_each_quote_is_the_statements_evidence_in_the_graph(graph, eg):
    result = find_paths(graph, "xu-li", "alibaba-cloud", base=BASE, entities=eg, lang="en")
    assert result.hops == 4
    for path in result.paths:
        assert [h.source for h in path.hops][0] == "xu-li"
        assert path.hops[-1].target == "alibaba-cloud"
        for hop in path.hops:
            answer = run(graph, "SELECT ?q WHERE { ?st dcterms:identifier ?id ; kgo:hasEvidence/"
                         "oa:hasTarget/oa:hasSelector/oa:exact ?q }",
                         bindings={"id": Literal(hop.statement)})
            assert [str(r.q) for r in answer] == [hop.quote]
    competes = next(h for h in result.paths[0].hops if h.relation == "competesWith")
    assert competes.relation_label == "competes with"
    assert competes.claimed_by == "light-cone"


def test_labels_in_any_script_and_case_name_the_same_entity(eg):
    for name in ("sensetime", "SenseTime", "商湯", "商汤", "商汤集团", "sensetime group",
                 "kge:sensetime", BASE + "entity/sensetime"):
        assert resolve_entity(eg, name, BASE) == "sensetime", name
    assert resolve_entity(eg, "華為雲", BASE) == "huawei-cloud"   # the alias, other variant
    assert resolve_entity(eg, "华为云", BASE) == "huawei-cloud"
    assert name_key("智慧城市和商業事業羣") == name_key("智慧城市和商业事业群")
    with pytest.raises(UsageError, match="no entity is called"):
        resolve_entity(eg, "騰訊", BASE)


def test_max_hops_and_language(graph, eg):
    with pytest.raises(CheckFailed, match="the shortest has 4"):
        find_paths(graph, "徐立", "阿里云", base=BASE, entities=eg, max_hops=3)
    hans = find_paths(graph, "徐立", "商汤", base=BASE, entities=eg, lang="zh-Hans", limit=1)
    assert hans.truncated and len(hans.paths) == 1
    assert hans.paths[0].hops[0].relation_label in ("担任职位", "撰写者")
    assert "商汤 (sensetime)" in hans.format_text()
    with pytest.raises(UsageError):
        find_paths(graph, "徐立", "徐立", base=BASE, entities=eg)


def test_kg_path_command(project_copy):
    assert invoke("build", "-q", "--no-html", "-p", str(project_copy)).exit_code == 0
    out = invoke("path", "徐立", "商湯", "--format", "json", "-p", str(project_copy)).output
    data = json.loads(out)
    assert (data["from"], data["to"], data["hops"], len(data["paths"])) == \
        ("xu-li", "sensetime", 2, 3)
    hop = data["paths"][1][0]
    assert (hop["relation"], hop["relation_label"], hop["quote"], hop["to_label"]) == \
        ("holdsPost", "擔任職位", TITLE_QUOTE, "首席執行官")
    text = invoke("path", "Xu Li", "SenseTime", "--lang", "en", "-p", str(project_copy)).output
    assert "Xu Li (xu-li) —holds post [holdsPost]→ Chief Executive Officer (post-ceo)" in text
    assert f"「{TITLE_QUOTE}」 (kgs:xu-li-holds-ceo)" in text
    far = invoke("path", "徐立", "阿里雲", "--max-hops", "2", "-p", str(project_copy))
    assert far.exit_code == 1 and "raise --max-hops" in far.stderr
    unknown = invoke("path", "徐立", "nobody", "-p", str(project_copy))
    assert unknown.exit_code == 2 and "no entity" in unknown.stderr


def test_pagerank_matches_the_closed_form():
    import networkx as nx

    cycle = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert all(abs(v - 1 / 3) < 1e-9 for v in pagerank(cycle).values())
    dangling = nx.DiGraph([("a", "b")])  # r_a = 0.5 / 1.425, r_b = 1 - r_a
    ranks = pagerank(dangling)
    assert abs(ranks["a"] - 0.5 / 1.425) < 1e-9 and abs(ranks["b"] - (1 - 0.5 / 1.425)) < 1e-9


def test_structure_agrees_with_sparql(graph, eg):
    s = summarize_structure(graph, BASE, lang="en", entities=eg)
    ns = BASE + "entity/"
    rows = run(graph, """SELECT ?s ?o WHERE { ?st a kgo:Statement ; kgo:statementSubject ?s ;
                         kgo:statementObject ?o }""")
    pairs = [(str(r.s), str(r.o)) for r in rows]
    between = [(a[len(ns):], b[len(ns):]) for a, b in pairs if a.startswith(ns) and
               b.startswith(ns)]
    degree = {}
    for a, b in between:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    top = s["degree_top"]
    assert len(top) == 10 and top[0]["id"] == "sensetime"
    assert [(e["id"], e["degree"]) for e in top] == \
        sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert s["statements_per_relation"]["hasFigure"] == 21
    assert sum(s["statements_per_relation"].values()) == len(pairs)
    assert s["components"] == {"count": 1, "sizes": [len(degree)], "minor": []}
    mentioned = {x[len(ns):] for pair in pairs for x in pair if x.startswith(ns)}
    everyone = {str(r.id) for r in run(graph, "SELECT ?id WHERE { ?e dcterms:identifier ?id ; "
                                               "a ?c FILTER(STRSTARTS(STR(?e), \"" + ns +
                                       "\")) }")}
    assert {e["id"] for e in s["without_statements"]} == everyone - mentioned
    assert next(e for e in s["without_statements"] if e["id"] == "operating-loss")["uses"] == \
        ["metric"]
    groups = s["communities"]["groups"]
    members = [m["id"] for g in groups for m in g["members"]]
    assert sorted(members) == sorted(degree) and len(members) == len(set(members))
    assert 1 < len(groups) < len(degree) and s["communities"]["modularity"] > 0.2
    assert s["pagerank_top"][0]["id"] == "sensetime"
    again = summarize_structure(graph, BASE, lang="en")
    assert again == s  # the fixed seed makes communities reproducible


def test_stats_text_and_json(project_copy):
    data = json.loads(invoke("stats", "--format", "json", "--lang", "en", "-p",
                             str(project_copy)).stdout)
    assert data["figures"] == 21 and data["entities"] == 70
    assert data["structure"]["degree_top"][0] == {
        "id": "sensetime", "label": "SenseTime", "class": "Company", "degree": 42,
        "in_degree": data["structure"]["degree_top"][0]["in_degree"],
        "out_degree": data["structure"]["degree_top"][0]["out_degree"]}
    text = invoke("stats", "-p", str(project_copy)).output
    assert "most central (PageRank):" in text and "communities (Louvain, seed 7)" in text
    assert "connected components: 1" in text and "商湯 (sensetime, Company)" in text


def test_stats_are_the_same_from_an_oxigraph_store(project_copy):
    pytest.importorskip("pyoxigraph")
    memory = json.loads(invoke("stats", "--format", "json", "--lang", "en", "-p",
                               str(project_copy)).stdout)
    store = f"oxigraph:{project_copy / 'store'}"
    oxigraph = json.loads(invoke("stats", "--format", "json", "--lang", "en", "--store", store,
                                 "-p", str(project_copy)).stdout)
    assert oxigraph == memory
