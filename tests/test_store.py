"""Stores chosen by name: the Oxigraph store answers every canned query as rdflib does, the bulk
path writes the same triples as the rdflib builder, and builds into a store are incremental."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import cli
from kg.errors import QuerySyntaxError, UsageError
from kg.inputs.queries import canned_queries, resolve
from kg.query.sparql import run
from tests.conftest import ROOT, copy_project, oxigraph_seed
from tests.rdfvalues import answer

pytest.importorskip("pyoxigraph")
sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import generate  # noqa: E402

BINDINGS = {"evidence": "statement/layoff-2024-spares-large-model-dept"}


def _bindings(name: str, base: str) -> dict:
    from rdflib import URIRef

    return {"statement": URIRef(base + BINDINGS[name])} if name in BINDINGS else {}


@pytest.fixture(scope="module")
def synth_project(tmp_path_factory) -> Path:
    """The seed plus five synthetic articles (several sources, shared entities)."""
    return generate(tmp_path_factory.mktemp("synth"), articles=5)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seed project built into an Oxigraph store (a copy: exports are written)."""
    return oxigraph_seed(tmp_path_factory.mktemp("seed"))


@pytest.mark.parametrize("name", sorted(canned_queries(ROOT / "queries")))
def test_every_canned_query_answers_the_same_on_both_stores(name, graph, seed_store):
    label, text = resolve(name, ROOT / "queries")
    base = seed_store.project.base
    memory = answer(run(graph, text, label=label, bindings=_bindings(name, base), base=base))
    oxigraph = answer(seed_store.query(name, bindings=_bindings(name, base)))
    assert memory, f"{name} answers nothing: the comparison would prove nothing"
    assert oxigraph == memory


def test_canned_queries_agree_on_a_multi_source_corpus(synth_project, tmp_path):
    from kg.api import KG
    from kg.graph.build import build
    from kg.inputs.project import Project

    union = build(Project.open(synth_project)).union()
    kg = KG(synth_project, store=f"oxigraph:{tmp_path / 'store'}")
    kg.build(write=False)
    for name in canned_queries(ROOT / "queries"):
        label, text = resolve(name, ROOT / "queries")
        bindings = _bindings(name, kg.project.base)
        memory = answer(run(union, text, label=label, bindings=bindings, base=kg.project.base))
        assert answer(kg.query(name, bindings=bindings)) == memory, name
    figures = answer(kg.query("figures"))
    assert len(figures) > 21  # the synthetic companies' figures are there too


def test_build_is_incremental_and_exports_match_a_full_build(synth_project, tmp_path):
    from kg.api import KG

    project = tmp_path / "p"
    for name in ("data", "ontology", "queries"):
        shutil.copytree(synth_project / name, project / name)
    kg = KG(project, store=f"oxigraph:{tmp_path / 'store'}")
    first = kg.build(html=False)
    assert len(first.rebuilt) == 8 and not first.kept  # 6 sources, shared, ontology
    again = kg.build(html=False)
    assert again.up_to_date and again.rebuilt == []
    assert again.summary == first.summary

    facts = project / "data" / "facts" / "synth-000002.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "Tech 000002\"", "Technologies 000002\"", 1), encoding="utf-8")
    changed = kg.build(html=False)
    assert changed.rebuilt == [kg.project.base + "graph/source/synth-000002"]
    rows = kg.query('SELECT ?l WHERE { kge:co-000002 rdfs:label ?l FILTER(lang(?l) = "en") }')
    assert [str(row[0]) for row in rows] == ["StarCloud Technologies 000002"]

    # the incremental result is the same, byte for byte, as a fresh build of the same inputs
    incremental = (project / "exports" / "synth.ttl").read_bytes()
    fresh = KG(project, store=f"oxigraph:{tmp_path / 'fresh'}")
    fresh.build(html=False)
    assert (project / "exports" / "synth.ttl").read_bytes() == incremental
    exported = Graph().parse(data=incremental.decode(), format="turtle")
    assert len(exported) == changed.summary["triples"]


def test_removing_a_source_drops_its_graph(tmp_path):
    from kg.api import KG

    project = generate(tmp_path / "p", articles=2)
    extra = [project / "data" / "sources" / "extra.txt", project / "data" / "sources" /
             "extra.yaml", project / "data" / "facts" / "extra.yaml"]
    extra[0].write_text("甲公司宣布成立。\n", encoding="utf-8")
    extra[1].write_text("id: extra\nfile: extra.txt\ntitle: 甲公司\nlanguage: zh-Hant\n",
                        encoding="utf-8")
    extra[2].write_text("source: extra\nentities:\n  - id: extra-co\n    class: Company\n"
                        "    label: {zh-Hant: 甲公司, zh-Hans: 甲公司, en: Jia}\n",
                        encoding="utf-8")
    kg = KG(project, store=f"oxigraph:{tmp_path / 'store'}")
    kg.build(html=False)
    graph = kg.project.base + "graph/source/extra"
    assert graph in kg.store.data_graphs()
    assert kg.query("ASK { kge:extra-co ?p ?o }").askAnswer is True
    for path in extra:
        path.unlink()
    result = kg.build(html=False)
    assert graph not in kg.store.data_graphs() and graph not in result.kept
    assert kg.query("ASK { kge:extra-co ?p ?o }").askAnswer is False
    assert kg.query("ASK { kgr:source\\/extra ?p ?o }").askAnswer is False


def test_synthetic_corpus_is_deterministic(tmp_path):
    a, b = generate(tmp_path / "a", articles=4), generate(tmp_path / "b", articles=4)
    files = sorted(p.relative_to(a) for p in (a / "data").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in (b / "data").rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def test_store_names_and_errors(seed_store):
    from kg.store import parse_spec

    assert parse_spec(None) == ("memory", None)
    assert parse_spec("oxigraph:some/dir") == ("oxigraph", "some/dir")
    for bad in ("oxigraph", "oxigraph:", "sqlite:x", "memory:x"):
        with pytest.raises(UsageError):
            parse_spec(bad)
    with pytest.raises(QuerySyntaxError, match=r"line 4, column \d+"):
        seed_store.query("SELECT ?x WHERE {\n  ?x a kgo:Company .\n  FILTER(\n}")
    with pytest.raises(UsageError, match="read-only"):
        seed_store.query("INSERT DATA { <a:b> <a:c> <a:d> }")


def test_cli_with_an_oxigraph_store(tmp_path):
    copy_project(tmp_path)
    store = f"oxigraph:{tmp_path / 'store'}"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--no-html", "-p", str(tmp_path), "--store", store])
    assert first.exit_code == 0, first.output
    assert "3 graph(s) rebuilt" in first.output
    again = runner.invoke(cli, ["build", "--no-html", "-p", str(tmp_path), "--store", store])
    assert "up to date" in again.output
    csv_out = runner.invoke(cli, ["query", "losses", "-f", "csv", "-p", str(tmp_path),
                                  "--store", store]).output.splitlines()
    assert csv_out[0] == "year,value,multiplier,unit,amount,flag"
    assert csv_out[5] == "2022,60,億,美元,6000000000,currency-inconsistent"
    exported = runner.invoke(cli, ["export", "-f", "ntriples", "-p", str(tmp_path),
                                   "--store", store]).output
    from kg.graph.build import build
    from kg.inputs.project import Project

    assert len(Graph().parse(data=exported, format="nt")) == len(
        build(Project.open(tmp_path)).graph)
    bad = runner.invoke(cli, ["query", "losses", "-p", str(tmp_path), "--store", "nosuch:x"])
    assert bad.exit_code == 2 and "unknown store" in bad.stderr
    # the store answers through a real process too (the on-disk store persists)
    proc = subprocess.run([sys.executable, "-m", "kg", "query", "leadership", "-f", "csv",
                           "-p", str(tmp_path)], env={"KG_STORE": store, "PATH": ""},
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 3 and "post-executive-chairman" in proc.stdout


def test_memory_queries_do_not_read_exports_written_from_a_store(seed_store):
    from kg.store.memory import load_built

    assert load_built(seed_store.project) is None  # Oxigraph's literals differ in form


def test_the_registry_opens_each_store_by_spec(tmp_path):
    from kg.inputs.project import Project
    from kg.store import STORES, open_store
    from kg.store.memory import MemoryStore
    from kg.store.oxigraph import OxigraphStore

    project = Project.open(ROOT)
    assert set(STORES) == {"memory", "oxigraph"}
    memory = open_store(None, project)
    assert isinstance(memory, MemoryStore) and memory.spec == "memory"
    oxigraph = open_store(f"oxigraph:{tmp_path / 'store'}", project)
    assert isinstance(oxigraph, OxigraphStore) and oxigraph.spec == f"oxigraph:{tmp_path / 'store'}"
    with pytest.raises(UsageError, match="unknown store 'nosuch:x'; use memory or oxigraph:PATH"):
        open_store("nosuch:x", project)


def test_the_memory_store_builds_queries_and_serialises(tmp_path):
    """A real store: built in memory (nothing written), queried, serialised, persisted."""
    from kg.inputs.project import Project
    from kg.rdfio.formats import load_triples
    from kg.store.memory import QUERY_CACHE, MemoryStore
    from kg.vocab import all_prefixes

    copy_project(tmp_path)
    project = Project.open(tmp_path)
    store = MemoryStore.open(None, project)
    assert not store.is_current(project)  # no exports yet
    built = store.build(project)
    assert store.is_current(project) and not (tmp_path / "exports").exists()
    rows = store.query('SELECT ?l WHERE { kge:xu-li rdfs:label ?l FILTER(lang(?l) = "en") }',
                       all_prefixes(project.base))
    assert [str(row[0]) for row in rows] == ["Xu Li"]
    assert store.summary() == built.summary and store.count() == len(built.union())
    data = Graph().parse(data=store.serialize("ntriples", base=project.base).decode(),
                         format="nt")
    assert len(data) == built.summary["triples"] == len(built.graph)
    with_ontology = Graph().parse(data=store.serialize(
        "turtle", base=project.base, ontology=True).decode(), format="turtle")
    assert len(with_ontology) == len(built.union())
    cache = store.persist(built)
    assert set(cache) == {QUERY_CACHE}
    assert len(load_triples(cache[QUERY_CACHE], Graph())) == len(built.union())
    with pytest.raises(UsageError, match="read-only"):
        store.query("PREFIX x: <urn:x:> INSERT DATA { x:a x:b x:c }")
    with pytest.raises(QuerySyntaxError, match="line 2, column"):
        store.query("SELECT ?x WHERE {\n ?x ?y }")


def test_building_into_the_oxigraph_store_writes_no_exports(tmp_path):
    """Exports are kg.exports' to write, for every store: the store keeps to its directory."""
    from kg.api import KG
    from kg.store.oxigraph import OxigraphStore

    copy_project(tmp_path)
    kg = KG(tmp_path, store=f"oxigraph:{tmp_path / 'store'}")
    built = OxigraphStore.open(str(tmp_path / "store"), kg.project).build(kg.project)
    assert built.rebuilt and not (tmp_path / "exports").exists()
    assert kg.up_to_date(html=False) is None  # the store is current, the exports are not
    kg.build(html=True)
    files = sorted(p.name for p in (tmp_path / "exports").iterdir())
    assert files == [".kg-build.json", "graph.html", "ontology.ttl", "report.html",
                     "sensetime.ttl"]
    assert kg.up_to_date(html=True) is not None
    assert "SenseTime" in (tmp_path / "exports" / "graph.html").read_text(encoding="utf-8")


def test_inferred_on_a_store_without_entailments_is_refused_before_any_build(tmp_path):
    from kg.api import KG
    from kg.errors import UsageError

    copy_project(tmp_path)
    kg = KG(tmp_path, store=f"oxigraph:{tmp_path / 'store'}")
    for call in (lambda: kg.query("competitors", inferred=True),
                 lambda: kg.graph(inferred=True)):
        with pytest.raises(UsageError, match="memory store only"):
            call()
    assert not (tmp_path / "store").exists() and not (tmp_path / "exports").exists()


@pytest.mark.parametrize("text", [
    "# INSERT DATA { <a:b> <a:c> <a:d> }\nSELECT * WHERE { ?s ?p ?o }",
    'SELECT ("DELETE WHERE" AS ?x) WHERE {}',
    "PREFIX delete: <urn:x:>\nASK { delete:a ?p ?o }",
])
def test_read_only_check_lets_queries_through(text):
    from kg.rdfio.sparql import check_read_only, parse_query, query_form

    check_read_only(text)
    assert query_form(parse_query(text)) in ("SELECT", "ASK")


@pytest.mark.parametrize("text", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "PREFIX x: <urn:x:>\n# a comment\nDELETE WHERE { x:a ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL ; DROP GRAPH <urn:g>",
])
def test_read_only_check_refuses_every_update(text):
    from kg.rdfio.sparql import UpdateRefused, check_read_only

    with pytest.raises(UpdateRefused, match="read-only"):
        check_read_only(text, "q.rq")


@pytest.mark.parametrize("text", [
    "INSERT DATA { <a:b> <a:c> <a:d> }",
    "PREFIX x: <urn:x:>\n# a comment\nDELETE WHERE { x:a ?p ?o }",
    "CLEAR ALL ; DROP GRAPH <urn:g>",
])
def test_the_oxigraph_store_refuses_every_update_and_stays_as_it_was(text, seed_store):
    """Oxigraph's query() reads queries only; the refusal is named as an update."""
    from kg.rdfio.sparql import UpdateRefused

    before = seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").bindings
    with pytest.raises(UpdateRefused, match="read-only"):
        seed_store.query(text)
    assert seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").bindings == before


def test_lang_comparisons_match_whatever_case_a_store_keeps(seed_store):
    from kg.rdfio.sparql import fold_lang_comparisons

    assert fold_lang_comparisons('FILTER(lang(?l) = "zh-Hant" && "EN" = LANG($m))') == \
        'FILTER(lcase(lang(?l)) = "zh-hant" && "en" = lcase(LANG($m)))'
    rows = seed_store.query('SELECT ?l WHERE { kge:xu-li rdfs:label ?l '
                            'FILTER("zh-Hant" = lang(?l)) }')
    assert [str(row[0]) for row in rows] == ["徐立"]
