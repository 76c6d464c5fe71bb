"""Scale without shortcuts: validated incremental Oxigraph builds, exports never stale, the
server's memory limit, the cheap input digest, entity pages bound by VALUES."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, copy_project

pytest.importorskip("pyoxigraph")
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.api import KG  # noqa: E402
from kg.cli import cli  # noqa: E402
from kg.store.oxigraph import META_FILE  # noqa: E402


def _synth(target: Path, articles: int) -> Path:
    from synth import generate

    return generate(target, articles=articles)


def _snapshot(project: Path) -> dict[str, bytes]:
    """Every file of exports/ and of the store's bookkeeping, by path."""
    files = sorted((project / "exports").rglob("*")) + [project / "store" / META_FILE]
    files += sorted((project / "store" / "kg-turtle").glob("*"))
    return {str(p.relative_to(project)): p.read_bytes() for p in files if p.is_file()}


def _count(kg: KG) -> int:
    rows = list(kg.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(rows[0][0])


def test_nonconforming_graph_fails_oxigraph_build_and_leaves_store_and_exports(tmp_path):
    project = copy_project(tmp_path / "p")
    store = f"oxigraph:{project / 'store'}"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "-p", str(project), "--store", store, "--no-html"])
    assert first.exit_code == 0, first.output
    before, triples = _snapshot(project), _count(KG(project, store=store))
    facts = project / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    # a company competing with a person: OrganizationShape's sh:class org:Organization
    facts.write_text(text.replace("    object: private-compute-providers",
                                  "    object: xu-li", 1), encoding="utf-8")
    failed = runner.invoke(cli, ["build", "-p", str(project), "--store", store, "--no-html"])
    assert failed.exit_code == 1, failed.output
    assert "does not conform" in failed.output and "xu-li" in failed.output
    assert "kgo:competesWith" in failed.output
    assert _snapshot(project) == before
    assert _count(KG(project, store=store)) == triples
    kg = KG(project, store=store)
    assert not list(kg.store.query(
        "ASK { kge:sensetime kgo:competesWith kge:xu-li }")) or \
        not kg.store.query("ASK { kge:sensetime kgo:competesWith kge:xu-li }").askAnswer


def test_verdict_reused_only_when_its_digest_matches(tmp_path):
    project = _synth(tmp_path / "p", articles=3)
    kg = KG(project, store=f"oxigraph:{project / 'store'}")
    first = kg.build(html=False)
    data = [n for n in kg.store.data_graphs()]
    assert first.validation.conforms and sorted(first.validated) == sorted(data)
    meta_file = project / "store" / META_FILE
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    assert all(meta["graphs"][n]["verdict"] for n in data)

    # one source's fact file changes (a comment): its graph alone is validated again
    facts = project / "data" / "facts" / "synth-000001.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "# checked\n", encoding="utf-8")
    again = KG(project, store=f"oxigraph:{project / 'store'}").build(html=False)
    changed = [n for n in data if n.endswith("synth-000001")]
    assert again.rebuilt == changed and again.validated == changed
    assert set(again.verdicts_reused) == set(meta["graphs"]) - set(changed)

    # a verdict whose digest does not match its graph is not reused, though nothing changed
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    other = next(n for n in data if n.endswith("synth-000002"))
    meta["graphs"][other]["verdict"] = "0" * 64
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    third = KG(project, store=f"oxigraph:{project / 'store'}").build(html=False)
    assert third.rebuilt == [] and third.validated == [other]

    # the shapes change: no verdict holds, every data graph is validated
    shapes = project / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    fourth = KG(project, store=f"oxigraph:{project / 'store'}").build(html=False)
    assert sorted(fourth.validated) == sorted(data)


def test_skipped_validation_is_said_and_recorded(tmp_path):
    project = copy_project(tmp_path / "p")
    store = f"oxigraph:{project / 'store'}"
    done = CliRunner().invoke(cli, ["build", "-p", str(project), "--store", store,
                                    "--no-html", "--no-validate"])
    assert done.exit_code == 0, done.output
    assert "--no-validate" in done.output and "not checked" in done.output
    manifest = json.loads((project / "exports" / ".kg-build.json").read_text(encoding="utf-8"))
    assert manifest["validation"] == "skipped" and "conforms" not in manifest
    meta = json.loads((project / "store" / META_FILE).read_text(encoding="utf-8"))
    assert not any("verdict" in info for info in meta["graphs"].values())
    # the next validating build validates what was skipped
    built = KG(project, store=store).build(html=False)
    assert built.validation.conforms and not built.validation.reused and built.validated


_NESTED_EVIDENCE = """
SELECT ?st ?s ?p ?o ?quote ?start ?end ?sentence ?source ?title ?claimedBy WHERE {{
  {{ ?st kgo:statementSubject <{iri}> }} UNION {{ ?st kgo:statementObject <{iri}> }}
  ?st a kgo:Statement ; kgo:statementSubject ?s ; kgo:statementRelation ?p ;
      kgo:statementObject|kgo:statementValue ?o .
  FILTER(?p != kgo:hasFigure)
  OPTIONAL {{
    ?st kgo:hasEvidence ?ev . ?ev oa:hasTarget ?t . ?t oa:hasSource ?source .
    ?t oa:hasSelector ?q . ?q oa:exact ?quote .
    OPTIONAL {{ ?t oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}
    OPTIONAL {{ ?ev kgo:inSentence/kgo:index ?sentence }}
    OPTIONAL {{ ?source dcterms:title ?title }}
  }}
  OPTIONAL {{ ?st kgo:claimedBy ?claimedBy }}
}}"""


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_entity_statements_bound_by_values_answer_as_the_nested_optional(tmp_path, store):
    """The entity page's statements (a join bound by VALUES) are the rows of the nested
    OPTIONAL it replaced, for every entity of the seed, on both stores."""
    from kg.serve.tasks import _select, _statement_rows, entity_data

    project = copy_project(tmp_path / "p")
    spec = f"oxigraph:{project / 'store'}" if store == "oxigraph" else None
    kg = KG(project, store=spec)
    kg.build(html=False)
    base = kg.project.base
    ids = [str(row[0]).rsplit("/", 1)[-1] for row in _select(
        kg.store, "SELECT DISTINCT ?e WHERE { ?st kgo:statementSubject ?e . ?st a kgo:Statement "
                  "FILTER(STRSTARTS(STR(?e), STR(kge:))) }", base)]
    assert len(ids) > 20
    quoted = 0
    for ident in ids:
        iri = f"{base}entity/{ident}"
        expected = sorted(tuple(map(str, row)) for row in _select(
            kg.store, _NESTED_EVIDENCE.format(iri=iri), base))
        got = sorted(tuple(map(str, row)) for row in _statement_rows(kg.store, iri, base))
        assert got == expected, ident
        quoted += sum(1 for row in got if row[4] != "None")
    assert quoted > 50
    page = entity_data(kg.store, "sensetime", base)
    assert any(st["quote"] and st["start"] is not None and st["sourceTitle"]
               for st in page["statements"])


def test_every_build_writes_or_removes_each_export_it_owns(tmp_path, monkeypatch):
    """The pages a store does not draw (above its limit) are removed, and the build says so:
    after a memory build, a build into Oxigraph leaves no stale graph.html or report.html."""
    from kg.store.oxigraph import OxigraphStore

    project = copy_project(tmp_path / "p")
    runner = CliRunner()
    memory = runner.invoke(cli, ["build", "-p", str(project)])
    assert memory.exit_code == 0, memory.output
    exports = project / "exports"
    assert (exports / "graph.html").is_file() and (exports / "report.html").is_file()
    monkeypatch.setattr(OxigraphStore, "draw_limit", 1000)  # the seed is above it
    store = f"oxigraph:{project / 'store'}"
    moved = runner.invoke(cli, ["build", "-p", str(project), "--store", store])
    assert moved.exit_code == 0, moved.output
    assert not (exports / "graph.html").exists() and not (exports / "report.html").exists()
    assert "removed exports/graph.html, which this build does not write: " in moved.output
    assert "above the 1,000 that store" in moved.output
    assert "removed exports/report.html" in moved.output
    manifest = json.loads((exports / ".kg-build.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["ontology.ttl", "sensetime.ttl"]
    # below the limit again: both are drawn again, and --no-html removes the view only
    monkeypatch.setattr(OxigraphStore, "draw_limit", 50_000)
    again = runner.invoke(cli, ["build", "-p", str(project), "--store", store, "--force"])
    assert again.exit_code == 0 and (exports / "graph.html").is_file()
    assert "removed" not in again.output
    plain = runner.invoke(cli, ["build", "-p", str(project), "--store", store, "--no-html",
                                "--force"])
    assert plain.exit_code == 0, plain.output
    assert not (exports / "graph.html").exists() and (exports / "report.html").is_file()
    assert "removed exports/graph.html, which this build does not write: --no-html" \
        in plain.output


def _runaway(spec, memory_mb: int) -> tuple:
    import asyncio

    from kg.serve.workers import PoolError, QueryPool

    task = {"kind": "sparql", "base": "https://w3id.org/kg/resource/", "result_format": "json",
            "graph_format": "turtle", "max_rows": 10,
            # a cross product sorted whole: Oxigraph holds every row before the first answer
            # (sorted by an expression: an ORDER BY of plain variables is counted first, and
            # refused with 422 before it is sorted)
            "query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f STR(?i)"}

    async def scenario():
        pool = QueryPool(spec, workers=1, timeout=120, memory_mb=memory_mb)
        await pool.start()
        try:
            try:
                await pool.run(task)
                caught = None
            except PoolError as exc:
                caught = exc
            after = await pool.run({"kind": "count"})
            return caught, after, pool.killed
        finally:
            await pool.close()

    return asyncio.run(scenario())


def test_a_query_past_the_worker_memory_limit_gets_503_not_500(tmp_path):
    """Oxigraph aborts its process when an allocation fails under the worker's address-space
    limit ("memory allocation of N bytes failed"): the client gets the documented 503, and the
    worker is replaced."""
    from conftest import oxigraph_seed

    kg = oxigraph_seed(tmp_path / "p")
    caught, after, killed = _runaway(kg.store.snapshot(tmp_path), memory_mb=1000)
    assert caught is not None and caught.status == 503, caught
    assert "more memory than the server allows" in str(caught)
    assert killed == 1 and after["status"] == 200 and after["data"] > 7000


def test_input_digest_reads_only_files_whose_stat_changed(tmp_path, monkeypatch):
    import os
    import time

    from kg.inputs.project import Project

    project = copy_project(tmp_path / "p")
    old = time.time() - 60  # older than the two seconds within which a stat is not trusted
    for path in Project.open(project).input_files():
        os.utime(path, (old, old))
    first = Project.open(project).input_digest()
    assert (project / ".kg-digests.json").is_file()
    import kg.inputs.project as module

    read: list[Path] = []
    real = Path.read_bytes
    hash_of = module.file_hash_of  # what the digest reads a file with

    opened = Project.open(project)
    inputs = set(opened.input_files())
    monkeypatch.setattr(module, "file_hash_of", lambda path: read.append(Path(path)) or
                        hash_of(path))
    assert opened.input_digest() == first
    assert not inputs & set(read)
    # an edit of the same size, with a later time: that one file is read again
    facts = project / "data" / "facts" / "sensetime.yaml"
    data = real(facts)
    facts.write_bytes(data.replace(b"en: Xu Li", b"en: Xu Lu", 1))
    read.clear()
    changed = opened.input_digest()
    assert changed != first and [p for p in read if p in inputs] == [facts]
    facts.write_bytes(data)
    assert Project.open(project).input_digest() == first


def test_sparql_target_is_joined_as_a_group_with_its_variables_renamed_apart():
    """A SPARQL target inlined into its constraint's query (not a subquery, which rdflib joins
    with a nested loop) keeps its meaning when both use a variable of the same name."""
    from rdflib import Graph

    from kg.check.shacl import _inline_target, validate_graph

    assert _inline_target("SELECT DISTINCT ?this WHERE { ?s <urn:p> ?this . }", 2) == \
        "{  ?kg_target_2_s <urn:p> ?this .  }"
    assert _inline_target("SELECT ?this WHERE { ?s <urn:p> ?this } LIMIT 1", 0) is None
    assert _inline_target('SELECT ?this WHERE { ?this <urn:p> "?x" }', 0) is None
    shapes = Graph().parse(format="turtle", data="""
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:Shape> a sh:NodeShape ;
  sh:target [ a sh:SPARQLTarget ; sh:select "SELECT DISTINCT ?this WHERE { ?s <urn:rel> ?this . }" ] ;
  sh:sparql [ a sh:SPARQLConstraint ; sh:message "no name" ;
    sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:name> ?s } }" ] .
""")
    data = Graph().parse(format="turtle", data="""
<urn:a> <urn:rel> <urn:b> , <urn:c> . <urn:b> <urn:name> "b" . <urn:a> <urn:name> "a" .
""")
    report = validate_graph(data, Graph(), shapes)
    assert not report.conforms
    assert [v.focus for v in report.violations] == ["<urn:c>"]


def test_the_memory_store_refuses_a_graph_past_its_limit(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    runner = CliRunner()
    monkeypatch.setenv("KG_MEMORY_LIMIT", "1000")
    refused = runner.invoke(cli, ["build", "-p", str(project), "--no-html"])
    assert refused.exit_code == 2, refused.output
    line = refused.output.strip()
    assert len(line.splitlines()) == 1 and "over the memory store's limit of 1,000" in line
    assert "--store oxigraph:PATH" in line and "Traceback" not in line
    assert not (project / "exports" / "graph.ttl").exists()
    monkeypatch.setenv("KG_MEMORY_LIMIT", "lots")
    bad = runner.invoke(cli, ["build", "-p", str(project), "--no-html"])
    assert bad.exit_code == 2 and "KG_MEMORY_LIMIT='lots' is not a number" in bad.output
    monkeypatch.setenv("KG_MEMORY_LIMIT", "1_000_000")
    built = runner.invoke(cli, ["build", "-p", str(project), "--no-html"])
    assert built.exit_code == 0, built.output
