"""Every export format parses back to the same graph; an independent parser reads the Turtle."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.facade import KG
from tests.conftest import ROOT

PARSE = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "xml": "xml"}


def assert_same(expected: Graph, got: Graph) -> None:
    if not isomorphic(expected, got):
        _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        def show(graph):
            return "\n".join(sorted(" ".join(term.n3() for term in t) for t in graph)[:5])

        pytest.fail(f"graphs differ:\nmissing:\n{show(only_expected)}\nextra:\n{show(only_got)}")


@pytest.fixture(scope="module")
def kg_project():
    return KG(ROOT)


@pytest.mark.parametrize("fmt", sorted(PARSE))
def test_format_round_trips(kg_project, built, fmt):
    data = kg_project.export(fmt)
    assert_same(built.graph, Graph().parse(data=data, format=PARSE[fmt]))


def test_trig_keeps_data_and_ontology_apart(kg_project, built):
    dataset = Dataset()
    dataset.parse(data=kg_project.export("trig", ontology=True), format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {"https://w3id.org/kg/resource/graph/sensetime",
                     "https://w3id.org/kg/resource/graph/ontology"}
    from rdflib import URIRef

    assert_same(built.graph, dataset.graph(URIRef("https://w3id.org/kg/resource/graph/sensetime")))


def test_pyoxigraph_reads_the_turtle(kg_project, built):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    data = kg_project.export("turtle")
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(built.graph)
    store = pyoxigraph.Store()
    store.bulk_load(data, format=pyoxigraph.RdfFormat.TURTLE)
    answer = list(store.query(
        'SELECT ?l WHERE { <https://w3id.org/kg/resource/entity/xu-li> '
        '<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") }'))
    assert [s["l"].value for s in answer] == ["Xu Li"]


def test_exported_ontology_parses_in_pyoxigraph():
    pyoxigraph = pytest.importorskip("pyoxigraph")
    data = (ROOT / "ontology" / "kg.ttl").read_bytes()
    assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) > 500
