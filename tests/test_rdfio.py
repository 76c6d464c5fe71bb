"""Every export format parses back to the same graph; an independent parser reads the Turtle."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.api import KG
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


def test_turtle_writer_escapes_and_round_trips():
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from kg.rdfio.turtle import write_turtle

    g = Graph()
    s = URIRef("https://w3id.org/kg/resource/entity/a")
    p = URIRef("https://w3id.org/kg/ontology#p")
    for value in ['quote " and \\ backslash', "line\nbreak\ttab\r", "</script>", "商湯 ✓", ""]:
        g.add((s, p, Literal(value)))
    g.add((s, p, Literal("x", lang="zh-Hant")))
    g.add((s, p, Literal("1.0", datatype=XSD.decimal)))
    g.add((s, p, URIRef("https://w3id.org/kg/resource/entity/b/c")))   # '/' is no local name
    g.add((s, p, URIRef("https://w3id.org/kg/resource/entity/ends.")))  # nor a final '.'
    text = write_turtle(g, {"kge": "https://w3id.org/kg/resource/entity/",
                            "kgo": "https://w3id.org/kg/ontology#", "unused": "urn:x:"})
    assert "@prefix unused:" not in text
    assert "kge:a a" not in text and text.count("kge:a ") == 1
    assert "<https://w3id.org/kg/resource/entity/b/c>" in text
    assert_same(g, Graph().parse(data=text, format="turtle"))
    pyoxigraph = pytest.importorskip("pyoxigraph")
    assert len(list(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TURTLE))) == len(g)


def test_result_writers_round_trip_through_rdflibs_parsers():
    """kg query and the server share one set of writers: what they write parses back."""
    import io

    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD
    from rdflib.query import Result

    from kg.rdfio.results import as_result, write_ask, write_select

    rows = [(URIRef("urn:x:a"), Literal("tab\there", lang="zh-Hant"), None),
            (BNode("b1"), Literal("1.5", datatype=XSD.decimal), Literal('say "徐立"\n'))]
    result = as_result(["s", "l", "o"], rows)
    for fmt in ("json", "xml"):
        parsed = Result.parse(io.BytesIO(write_select(result, fmt)), format=fmt)
        assert [str(v) for v in parsed.vars] == ["s", "l", "o"]
        got = [tuple(row.get(v) for v in parsed.vars) for row in parsed.bindings]
        assert got[0] == rows[0] and got[1][1:] == rows[1][1:], fmt
    csv_lines = write_select(result, "csv").decode().split("\r\n")
    assert csv_lines[:2] == ["s,l,o", "urn:x:a,tab\there,"] and csv_lines[2].startswith("_:b1,1.5,")
    tsv = write_select(result, "tsv").decode().splitlines()
    assert tsv[0] == "?s\t?l\t?o"
    assert tsv[1].split("\t") == ["<urn:x:a>", '"tab\\there"@zh-Hant', ""]
    assert tsv[2].split("\t")[2] == '"say \\"徐立\\"\\n"'
    for answer in (True, False):
        for fmt in ("json", "xml"):
            assert Result.parse(io.BytesIO(write_ask(answer, fmt)),
                                format=fmt).askAnswer is answer
    assert write_ask(True, "csv") == b"_askResult\r\ntrue\r\n"
    assert write_ask(False, "tsv") == b"?_askResult\nfalse\n"
