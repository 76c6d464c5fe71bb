"""OWL 2 RL reasoning: the entailments that matter, kept apart from the asserted graph."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import cli
from kg.graph.reasoning import infer
from kg.vocab import DEFAULT_BASE, KGO, ORG, PROV, SCHEMA
from tests.conftest import copy_project


def e(ident: str) -> URIRef:
    return URIRef(DEFAULT_BASE + "entity/" + ident)


def test_competes_with_in_both_directions(built, inferred):
    assert (e("sensetime"), KGO.competesWith, e("cloud-vendors")) in built.graph
    assert (e("cloud-vendors"), KGO.competesWith, e("sensetime")) not in built.graph
    assert (e("cloud-vendors"), KGO.competesWith, e("sensetime")) in inferred


def test_inverse_relations(inferred):
    assert (e("scg"), KGO.unitOf, e("sensetime")) in inferred
    assert (e("post-ceo"), KGO.heldBy, e("xu-li")) in inferred
    assert (e("ai-four-little-dragons"), KGO.hasMember, e("sensetime")) in inferred


def test_superclasses_from_the_reused_vocabularies(inferred):
    sensetime = set(inferred.objects(e("sensetime"), RDF.type))
    assert {ORG.Organization, ORG.FormalOrganization, SCHEMA.Corporation, PROV.Agent} <= sensetime
    assert {ORG.OrganizationalUnit, ORG.Organization} <= set(inferred.objects(e("scg"), RDF.type))
    assert {SCHEMA.Person, PROV.Person, PROV.Agent} <= set(inferred.objects(e("xu-li"), RDF.type))
    figure = URIRef(DEFAULT_BASE + "figure/revenue-2024-h1")
    assert {PROV.Entity, SCHEMA.QuantitativeValue} <= set(inferred.objects(figure, RDF.type))
    statement = URIRef(DEFAULT_BASE + "statement/xu-li-holds-ceo")
    assert PROV.Entity in set(inferred.objects(statement, RDF.type))
    source = URIRef(DEFAULT_BASE + "source/sensetime-layoffs-2024")
    assert {SCHEMA.NewsArticle, PROV.Entity} <= set(inferred.objects(source, RDF.type))


def test_super_properties(inferred):
    assert (e("sensetime"), ORG.hasUnit, e("scg")) in inferred
    claim = URIRef(DEFAULT_BASE + "statement/layoff-2023-affects-scg")
    assert (claim, PROV.wasAttributedTo, e("caixin")) in inferred


def test_transitive_unit_membership(built):
    data = Graph()
    data.add((e("acme"), RDF.type, KGO.Company))
    data.add((e("acme"), KGO.hasUnit, e("acme-lab")))
    data.add((e("acme-lab"), RDF.type, KGO.BusinessGroup))
    data.add((e("acme-lab"), KGO.hasUnit, e("acme-vision")))
    data.add((e("acme-vision"), RDF.type, KGO.Department))
    got = infer(data, built.ontology, base=DEFAULT_BASE)
    assert (e("acme-vision"), KGO.partOf, e("acme-lab")) in got
    assert (e("acme-vision"), KGO.partOf, e("acme")) in got
    assert (e("acme"), KGO.partOf, e("acme-vision")) not in got


def test_inferences_never_enter_the_asserted_graph(built, inferred):
    assert len(inferred) > 500
    assert not any(triple in built.graph for triple in inferred)
    assert all(str(s).startswith(DEFAULT_BASE) for s in inferred.subjects())


def test_build_infer_writes_a_separate_export_and_queries_choose(tmp_path):
    copy_project(tmp_path)
    runner = CliRunner()
    plain = runner.invoke(cli, ["build", "-q", "--no-html", "-p", str(tmp_path)])
    assert plain.exit_code == 0, plain.output
    asserted = (tmp_path / "exports" / "sensetime.ttl").read_bytes()
    assert not (tmp_path / "exports" / "sensetime-inferred.ttl").exists()
    result = runner.invoke(cli, ["build", "--no-html", "--infer", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "inferred exports/sensetime-inferred.ttl" in result.output
    assert (tmp_path / "exports" / "sensetime.ttl").read_bytes() == asserted
    extra = Graph().parse(tmp_path / "exports" / "sensetime-inferred.ttl")
    assert (e("cloud-vendors"), KGO.competesWith, e("sensetime")) in extra
    ask = "ASK { kge:cloud-vendors kgo:competesWith kge:sensetime }"
    assert runner.invoke(cli, ["query", ask, "-p", str(tmp_path)]).stdout == "false\n"
    assert runner.invoke(cli, ["query", "--inferred", ask, "-p", str(tmp_path)]).stdout == "true\n"
    again = runner.invoke(cli, ["build", "-q", "--no-html", "-p", str(tmp_path)])
    assert again.exit_code == 0
    assert not (tmp_path / "exports" / "sensetime-inferred.ttl").exists()
