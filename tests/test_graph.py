"""The built graph: evidence checked against the source, typed figures, IRIs, reproducibility."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.vocab import DEFAULT_BASE, KGO, OA
from tests.conftest import ROOT


def test_summary_counts(built):
    s = built.summary
    assert s["sources"] == 1
    assert s["figures"] == 21
    assert s["entities"] >= 55 and s["relations"] >= 70
    assert s["statements"] == s["relations"] + s["figures"]
    assert s["entities_per_class"]["Layoff"] == 3
    assert s["triples"] == len(built.graph)


def test_every_evidence_quote_is_at_its_offsets(built, source_text):
    g = built.graph
    evidences = list(g.subject_objects(KGO.hasEvidence))
    assert len(evidences) == built.summary["statements"]
    for statement, evidence in evidences:
        target = g.value(evidence, OA.hasTarget)
        selectors = list(g.objects(target, OA.hasSelector))
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        exact = str(g.value(quote, OA.exact))
        start, end = g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()
        assert source_text[start:end] == exact, statement
        assert source_text[:start].endswith(str(g.value(quote, OA.prefix)))
        assert source_text[end:].startswith(str(g.value(quote, OA.suffix)))
        # the plain triple is asserted too
        triple = (g.value(statement, KGO.statementSubject),
                  g.value(statement, KGO.statementRelation),
                  g.value(statement, KGO.statementObject)
                  or g.value(statement, KGO.statementValue))
        assert triple in g


def test_sentences_cover_the_source(built, source_text):
    g = built.graph
    sentences = sorted((g.value(s, KGO["index"]).toPython(), g.value(s, KGO.start).toPython(),
                        g.value(s, KGO.end).toPython(), str(g.value(s, KGO.text)))
                       for s in g.subjects(RDF.type, KGO.Sentence))
    assert len(sentences) > 60
    assert [i for i, *_ in sentences] == list(range(1, len(sentences) + 1))
    for _, start, end, text in sentences:
        assert source_text[start:end] == text
    assert sentences[0][3] == "陣痛中轉型,商湯裁員背後的AI真相"
    inside = set()
    for _, start, end, _ in sentences:
        inside.update(range(start, end))
    outside = [i for i, ch in enumerate(source_text) if not ch.isspace() and i not in inside]
    assert outside == []


def test_figures_are_typed_decimals_with_units_and_periods(built):
    g = built.graph
    fig = URIRef(DEFAULT_BASE + "figure/revenue-2024-h1")
    assert g.value(fig, KGO.value) == Literal("17.4", datatype=XSD.decimal)
    assert g.value(fig, KGO.value).datatype == XSD.decimal
    assert g.value(fig, KGO.normalizedValue).toPython() == Decimal("1740000000")
    assert g.value(fig, KGO.multiplierText) == Literal("億")
    assert g.value(fig, KGO.unit) == KGO.CNY
    period = g.value(fig, KGO.period)
    assert str(period).endswith("period/2024-H1")
    change = g.value(fig, KGO.change)
    assert g.value(change, KGO.direction) == KGO.Increase
    assert g.value(change, KGO.value).toPython() == Decimal("21")
    assert g.value(change, KGO.basis) == KGO.YearOnYear
    usd = URIRef(DEFAULT_BASE + "figure/operating-loss-2022")
    assert g.value(usd, KGO.unit) == KGO.USD
    assert Literal("currency-inconsistent") in set(g.objects(usd, KGO.flag))
    scg = URIRef(DEFAULT_BASE + "figure/scg-layoff-share-2023-08")
    assert (g.value(scg, KGO.minValue).toPython(), g.value(scg, KGO.maxValue).toPython()) == (
        Decimal(10), Decimal(15))


def test_labels_in_three_languages_and_aliases(built):
    g = built.graph
    sensetime = URIRef(DEFAULT_BASE + "entity/sensetime")
    labels = {l.language: str(l) for l in g.objects(sensetime, RDFS.label)}
    assert labels == {"zh-Hant": "商湯", "zh-Hans": "商汤", "en": "SenseTime"}
    for entity in g.subjects(RDF.type, None):
        if str(entity).startswith(DEFAULT_BASE + "entity/"):
            langs = {l.language for l in g.objects(entity, RDFS.label)}
            assert {"zh-Hant", "zh-Hans", "en"} <= langs, entity
    baidu = URIRef(DEFAULT_BASE + "entity/baidu-ai-cloud")
    assert Literal("百度雲", lang="zh-Hant") in set(g.objects(baidu, SKOS.altLabel))


def test_no_blank_nodes_and_ascii_iris(built):
    for triple in built.graph:
        for term in triple:
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert str(term).isascii(), term


def test_claims_are_attributed(built):
    g = built.graph
    st = URIRef(DEFAULT_BASE + "statement/layoff-2023-affects-scg")
    assert g.value(st, KGO.claimedBy) == URIRef(DEFAULT_BASE + "entity/caixin")


def _build_in_subprocess(tmp, seed: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "kg", "build", "-q", "--no-html", "-p", str(tmp)],
                   check=True, env=env, cwd=ROOT)
    return (tmp / "exports" / "sensetime.ttl").read_bytes()


def test_builds_are_byte_identical(project_copy):
    first = _build_in_subprocess(project_copy, "1")
    ontology = (project_copy / "exports" / "ontology.ttl").read_bytes()
    second = _build_in_subprocess(project_copy, "2")
    assert first == second
    assert ontology == (project_copy / "exports" / "ontology.ttl").read_bytes()


def test_committed_exports_equal_a_fresh_build(project_copy):
    committed = ROOT / "exports"
    from kg.api import KG

    KG(project_copy).build()
    for name in ("sensetime.ttl", "ontology.ttl", "graph.html", "report.html"):
        assert (committed / name).read_bytes() == (project_copy / "exports" / name).read_bytes(), \
            f"exports/{name} is stale: run kg build and commit it"


def test_validation_is_reused_only_for_unchanged_inputs(project_copy):
    from kg.api import KG

    first = KG(project_copy).build(html=False)
    assert first.validation.conforms and not first.validation.reused
    again = KG(project_copy).build(html=False)
    assert again.validation.reused
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    changed = KG(project_copy).build(html=False)
    assert changed.validation.conforms and not changed.validation.reused


def test_an_unchanged_build_rebuilds_nothing_unless_something_changed(project_copy):
    from click.testing import CliRunner

    from kg.cli import cli

    def build(*options: str):
        result = CliRunner().invoke(cli, ["build", "-p", str(project_copy), *options])
        assert result.exit_code == 0, result.output
        return result.output

    exports = project_copy / "exports"
    assert "nothing rebuilt" not in build("--no-html")
    assert "nothing rebuilt" not in build()  # the view was missing
    view = (exports / "graph.html").stat().st_mtime_ns
    again = build()
    assert "nothing rebuilt" in again and "built exports/sensetime.ttl: " in again
    assert (exports / "graph.html").stat().st_mtime_ns == view
    assert "nothing rebuilt" in build("--no-html")  # what is there covers it
    assert "nothing rebuilt" not in build("--force")
    (exports / "report.html").write_text("edited by hand", encoding="utf-8")
    assert "nothing rebuilt" not in build()
    assert (exports / "report.html").read_text(encoding="utf-8") != "edited by hand"
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert "nothing rebuilt" not in build()
    assert "nothing rebuilt" in build()


def test_validation_processes_are_stopped_when_rendering_fails(project_copy, monkeypatch):
    import os
    import threading

    import kg.check.shacl
    import kg.exports.bundle
    from kg.api import KG

    started = []
    real = kg.check.shacl.start_validation

    def start(result, **options):
        pending = real(result, **options)
        started.extend(pid for pid, _ in pending._children)
        return pending

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(kg.check.shacl, "start_validation", start)
    monkeypatch.setattr(kg.check.shacl, "_validate_compiled", lambda *a, **k: None)  # pySHACL's path
    monkeypatch.setattr(kg.exports.bundle, "render_exports", fail)
    # a thread an earlier test left alive would make validation stay in this process (no fork
    # beside threads); the children are what this test is about, and they are killed either way
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    with pytest.raises(OSError, match="disk full"):
        KG(project_copy).build()
    assert started, "validation ran in child processes"
    for pid in started:  # reaped: no such child any more
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    assert not (project_copy / "exports" / "sensetime.ttl").exists()


def test_a_build_validates_with_the_compiled_shapes_as_pyshacl_does(project_copy):
    """The memory build checks its graph with the shapes compiled to SPARQL, in this process,
    and finds what pySHACL finds: here the one violation a bad fact causes."""
    import kg.check.shacl
    from kg.graph.build import build
    from kg.inputs.project import Project

    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    bad = "relation: competesWith\n    object: llm-service-providers"
    assert bad in text
    facts.write_text(text.replace(bad, "relation: competesWith\n    object: xu-li"),
                     encoding="utf-8")
    result = build(Project.open(project_copy))
    pending = kg.check.shacl.start_validation(result)
    assert not pending._children
    compiled = pending.report()
    pyshacl = kg.check.shacl.validate(result=result)
    assert not compiled.conforms and not pyshacl.conforms
    assert [(v.focus, v.path, v.value, v.message) for v in compiled.violations] == \
        [(v.focus, v.path, v.value, v.message) for v in pyshacl.violations]
    assert any("xu-li" in str(v.value) for v in compiled.violations)


def test_a_fresh_clone_builds_once(project_copy):
    """The query cache is not committed: without it, kg build builds (and writes it)."""
    from click.testing import CliRunner

    from kg.cli import cli

    assert CliRunner().invoke(cli, ["build", "-q", "-p", str(project_copy)]).exit_code == 0
    cache = project_copy / "exports" / ".kg-graph.json"
    cache.unlink()
    again = CliRunner().invoke(cli, ["build", "-p", str(project_copy)])
    assert again.exit_code == 0 and "built exports/" in again.output
    assert "nothing rebuilt" not in again.output and cache.is_file()


_XSD_INTEGERS = {XSD.nonNegativeInteger, XSD.positiveInteger}


def _oxigraph_data(project, store_path):
    """The instance data an Oxigraph store holds after a build of ``project``, read back."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.store.oxigraph import OxigraphStore

    built = OxigraphStore(store_path).build(project)  # a store build writes no exports
    store = ox.Store.read_only(str(store_path))
    ontology = ox.NamedNode(project.base + "graph/ontology")
    nt = ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None)
                       if q.graph_name != ontology), format=ox.RdfFormat.N_TRIPLES)
    return built, Graph().parse(data=nt.decode(), format="nt")


def _as_oxigraph_reads_it(graph, *, stored: bool = False):
    """``graph`` as Oxigraph gives it back: language tags in lower case (rdflib compares tags
    without case, its canonical hash does not) and, from the store, numbers by their value:
    integer subtypes as ``xsd:integer``, decimals without trailing zeros (the store keeps a
    number's value, not its lexical form or a derived type)."""
    from rdflib import Graph

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        elif stored and isinstance(o, Literal) and o.datatype in _XSD_INTEGERS:
            o = Literal(str(o), datatype=XSD.integer)
        elif stored and isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_the_memory_build_is_isomorphic_to_what_oxigraph_loads(tmp_path):
    """One writer serves both stores: the memory path turns its lines into rdflib terms
    itself, Oxigraph parses them; both must hold the same graph, escapes included."""
    pytest.importorskip("pyoxigraph")
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kg.graph import writer
    from kg.graph.build import build
    from kg.inputs.project import Project

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate

    root = generate(tmp_path / "p", articles=3)
    facts = root / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    tricky = 'say "no" \\ back\\slash \t tab \n new line \r return'
    assert "    note: The article names only SenseTime as a member.\n" in text
    facts.write_text(text.replace("    note: The article names only SenseTime as a member.\n",
                                  f"    note: {json.dumps(tricky)}\n", 1), encoding="utf-8")
    project = Project.open(root)
    memory = build(project)
    comments = {str(c) for c in memory.graph.objects(None, RDFS.comment)}
    assert tricky in comments
    # the writer's lines as Oxigraph's parser reads them (the Turtle exports are made so)
    lines = "\n".join(writer.data_lines(memory.inputs)).encode()
    parsed = Graph().parse(data=ox.serialize(ox.parse(lines, ox.RdfFormat.N_TRIPLES),
                                             format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert len(memory.graph) > 3000
    assert isomorphic(_as_oxigraph_reads_it(memory.graph), parsed)
    # and as the store holds them after a build
    stored, oxigraph = _oxigraph_data(project, tmp_path / "store")
    assert isomorphic(_as_oxigraph_reads_it(memory.graph, stored=True), oxigraph)
    # no triple is written into two named graphs: the store's counts are the graph's
    assert stored.summary == memory.summary


def test_figure_and_period_nodes_follow_the_model(built):
    """What docs/model.md states about one figure, read from the graph the one writer made."""
    g, base = built.graph, DEFAULT_BASE
    figures = list(g.subjects(RDF.type, KGO.Figure))
    assert len(figures) == 21
    for fig in figures:
        assert {lit.language for lit in g.objects(fig, RDFS.label)} == {"zh-Hant", "zh-Hans", "en"}
        assert g.value(fig, KGO.metric) is not None and g.value(fig, KGO.figureOf) is not None
    periods = set(g.subjects(RDF.type, KGO.Period))
    for period in periods:
        kind = str(g.value(period, KGO.periodKind))
        assert kind in {"year", "half-year", "month", "as-of"}
        if kind == "as-of":
            assert g.value(period, URIRef("http://www.w3.org/2006/time#inXSDDateTime")) is not None
        else:
            start = g.value(period, URIRef("http://www.w3.org/2006/time#hasBeginning"))
            assert start == URIRef(str(period) + "/start")
    assert URIRef(base + "period/2018") in periods


_NEW_UNIT = """
kgo:ServerCount
    a owl:NamedIndividual , kgo:Unit ;
    kgo:unitSymbol "台" ;
    skos:inScheme kgo:Units ;
    rdfs:label "servers"@en , "伺服器"@zh-Hant , "服务器"@zh-Hans .

kgo:AtLeast
    a owl:NamedIndividual , kgo:Qualifier ;
    skos:inScheme kgo:Qualifiers ;
    rdfs:label "at least"@en , "至少"@zh-Hant , "至少"@zh-Hans .
"""
_FIGURE_2018 = "    value: 34\n    multiplier: 億\n    unit: 元\n    period: \"2018\"\n"


def test_a_unit_added_to_the_ontology_is_enough_for_facts(project_copy):
    """The fact vocabulary is the ontology's: a new kgo:Unit (and kgo:Qualifier) individual is
    accepted in fact files and said by its labels in the figure's labels."""
    from kg.graph.build import build
    from kg.inputs.project import Project

    with (project_copy / "ontology" / "kg.ttl").open("a", encoding="utf-8") as handle:
        handle.write(_NEW_UNIT)
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    assert _FIGURE_2018 in text
    facts.write_text(text.replace(_FIGURE_2018, "    value: 34\n    unit: 台\n"
                                  "    qualifier: at-least\n    period: \"2018\"\n"),
                     encoding="utf-8")
    result = build(Project.open(project_copy))
    g = result.graph
    fig = URIRef(DEFAULT_BASE + "figure/operating-loss-2018")
    assert g.value(fig, KGO.unit) == KGO.ServerCount
    assert g.value(fig, KGO.qualifier) == KGO.AtLeast
    labels = {lit.language: str(lit) for lit in g.objects(fig, RDFS.label)}
    assert labels["en"].endswith(": at least 34 servers"), labels
    assert labels["zh-Hant"].endswith(": 至少34台"), labels


def test_a_value_outside_the_vocabulary_names_file_line_and_the_allowed_values(project_copy):
    from kg.errors import InputError
    from kg.graph.build import build
    from kg.inputs.project import Project

    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    line = text[:text.index(_FIGURE_2018)].count("\n") + 3  # the unit: line
    facts.write_text(text.replace(_FIGURE_2018, _FIGURE_2018.replace("元", "台")),
                     encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(Project.open(project_copy))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"data/facts/sensetime.yaml:{line} [operating-loss-2018]:")
    assert ("unknown unit or currency '台' (allowed: %, PetaFLOPS, 人, 元, 家, 張卡, 新台幣, 日圓, "
            "歐元, 港元, 美元, 英鎊)") in message


@pytest.mark.parametrize("written, unit, english", [
    ("港元", "HKD", "HKD"), ("新台幣", "TWD", "TWD"), ("歐元", "EUR", "EUR"), ("日圓", "JPY", "JPY"),
    ("英鎊", "GBP", "GBP")])
def test_a_figure_in_a_currency_of_the_region_is_typed_and_conforms(project_copy, written, unit,
                                                                    english):
    """Hong Kong, Taiwan, euro and yen amounts are units SPARQL can group by, not notes."""
    from kg.check.shacl import validate
    from kg.graph.build import build
    from kg.inputs.project import Project

    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace(_FIGURE_2018, _FIGURE_2018.replace("元", written)),
                     encoding="utf-8")
    result = build(Project.open(project_copy))
    g = result.union()
    (fig,) = g.subjects(KGO.unit, KGO[unit])
    assert g.value(fig, KGO.normalizedValue).toPython() == 3_400_000_000
    labels = {lit.language: str(lit) for lit in g.objects(fig, RDFS.label)}
    assert labels["en"].endswith(f"3.4 billion {english}"), labels
    assert validate(result=result).conforms


def test_figure_detection_maps_to_the_fact_vocabulary(built):
    """What kg ingest detects is said in the vocabulary facts accept (or left to notes)."""
    from kg.ingest import figures
    from kg.inputs.vocabulary import MULTIPLIERS

    vocabulary = built.inputs.ontology.vocabulary
    units = {term.name for term in vocabulary.units.values()}
    assert set(figures.UNITS.values()) - {None} <= units
    assert set(figures.CURRENCY_PREFIXES.values()) - {None} <= units
    assert set(figures.QUALIFIERS.values()) == set(vocabulary.qualifiers)
    assert set(figures.DIRECTIONS.values()) - {"widening"} == set(vocabulary.directions)
    assert set(MULTIPLIERS) <= set(figures.MULTIPLIERS)
    assert set(vocabulary.bases) == {"year-on-year"}


def test_the_build_digest_covers_every_file_of_the_package(tmp_path):
    """An edit anywhere in kg/ (a subpackage's module, kg/static/app.js) changes the digest, so
    `kg build` rebuilds instead of saying "nothing rebuilt" over a stale graph.html."""
    import shutil

    from kg.inputs.project import PACKAGE_DIR, package_digest

    assert (PACKAGE_DIR / "static" / "app.js").is_file() and (PACKAGE_DIR / "views").is_dir()
    copy = tmp_path / "kg"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = package_digest(copy)
    assert before == package_digest(PACKAGE_DIR)
    for rel in ("static/app.js", "views/report.py", "graph/writer.py"):
        path = copy / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert package_digest(copy) != before, rel
        path.write_bytes(original)
    assert package_digest(copy) == before
