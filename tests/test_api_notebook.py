"""The notebook side of the Python API: KG.networkx and KG.rdflib, query results as typed
DataFrames, HTML that escapes what it shows, short reprs, and KG.view inline in Chromium."""

from __future__ import annotations

import sys
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from rdflib import Graph

from kg.api import KG
from kg.errors import UsageError
from tests.browser import Browser, canvas_drawn, skip_reason
from tests.conftest import ROOT, copy_project

HOSTILE = '<img src=x onerror=alert(1)> "q" & </table><script>alert(2)</script>'


@pytest.fixture(scope="module")
def seed() -> KG:
    return KG(ROOT, notify=lambda message: None)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> KG:
    """A copy of the seed whose SenseTime is called HOSTILE in English."""
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    facts = project / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    assert text.count("en: SenseTime}") == 1
    facts.write_text(text.replace("en: SenseTime}", f'en: "{escaped}"}}'), encoding="utf-8")
    kg = KG(project, notify=lambda message: None)
    kg.build(html=False)
    return kg


class Tags(HTMLParser):
    """The elements and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def tags_of(fragment: str) -> Tags:
    parser = Tags()
    parser.feed(fragment)
    parser.close()
    return parser


# KG.networkx, KG.rdflib

def test_networkx_nodes_have_labels_in_each_language_class_and_pagerank(seed):
    import networkx as nx

    g = seed.networkx()
    assert isinstance(g, nx.MultiDiGraph)
    entities = {str(r.id): str(r.cls).rsplit("#", 1)[-1] for r in seed.query(
        "SELECT ?id (MIN(?c) AS ?cls) WHERE { ?e dcterms:identifier ?id ; a ?c . "
        "FILTER(STRSTARTS(STR(?e), STR(kge:)) && STRSTARTS(STR(?c), STR(kgo:))) } GROUP BY ?id")}
    assert set(g.nodes) == set(entities)
    sensetime = g.nodes["sensetime"]
    assert (sensetime["label_zh-Hant"], sensetime["label_zh-Hans"], sensetime["label_en"]) == \
        ("商湯", "商汤", "SenseTime")
    assert {n: d["class"] for n, d in g.nodes(data=True)} == entities
    ranks = nx.get_node_attributes(g, "pagerank")
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert max(ranks, key=ranks.get) == "sensetime"


def test_networkx_edges_are_statements_with_their_evidence(seed):
    g = seed.networkx()
    rows = seed.query("""SELECT ?id ?s ?p ?o ?quote ?start ?end ?src WHERE {
        ?st a kgo:Statement ; dcterms:identifier ?id ; kgo:statementSubject ?s ; kgo:statementRelation ?p ;
            kgo:statementObject ?o ; kgo:hasEvidence/oa:hasTarget ?t .
        ?t oa:hasSource/dcterms:identifier ?src ;
           oa:hasSelector [ oa:exact ?quote ], [ oa:start ?start ; oa:end ?end ] .
        FILTER(STRSTARTS(STR(?s), STR(kge:)) && STRSTARTS(STR(?o), STR(kge:))) }""")
    expected = {str(r.id): (str(r.s).rsplit("/", 1)[-1], str(r.o).rsplit("/", 1)[-1],
                            str(r.p).rsplit("#", 1)[-1], str(r.quote), str(r.src),
                            int(r.start), int(r.end)) for r in rows}
    assert len(expected) == g.number_of_edges() > 50
    texts = {}
    for s, o, key, data in g.edges(keys=True, data=True):
        assert data["statement"] == key
        assert (s, o, data["relation"], data["quote"], data["source"], data["start"],
                data["end"]) == expected[key]
        text = texts.setdefault(data["source"], (ROOT / "data" / "sources" /
                                                 f"{data['source']}.txt").read_text("utf-8"))
        assert text[data["start"]:data["end"]] == data["quote"]


def test_rdflib_is_the_built_graph(seed):
    graph = seed.rdflib()
    assert isinstance(graph, Graph)
    assert len(graph) == len(seed.graph()) > 7000


# query results as DataFrames

TYPED = """SELECT ?i ?d ?x ?day ?at ?b ?s ?l ?iri ?mixed WHERE {
  VALUES (?i ?d ?x ?day ?at ?b ?s ?l ?iri ?mixed) {
    (1 "1.10"^^xsd:decimal 2.5e0 "2024-01-01"^^xsd:date "2024-06-30T10:00:00+08:00"^^xsd:dateTime
     true "plain" "商湯"@zh-Hant kge:sensetime 7)
    (UNDEF "123456789.123456789123"^^xsd:decimal UNDEF "2023-12-31"^^xsd:date UNDEF false UNDEF
     "SenseTime"@en UNDEF "seven")
    ("many"^^xsd:integer UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF)
  } }"""


def test_to_dataframe_types_each_column_by_its_values(seed):
    import pandas as pd

    frame = seed.query(TYPED).to_dataframe()
    assert list(frame.columns) == ["i", "d", "x", "day", "at", "b", "s", "l", "iri", "mixed"]
    assert len(frame) == 3
    # an ill-typed integer ("many") makes its column text
    assert frame["i"].dtype == object and frame["i"].tolist() == ["1", None, "many"]
    assert frame["d"].dtype == "float64" and frame["d"][0] == 1.1 and pd.isna(frame["d"][2])
    assert frame["x"].dtype == "float64" and frame["x"][0] == 2.5
    assert frame["day"].dtype.kind == "M"
    assert frame["day"].tolist()[:2] == [pd.Timestamp("2024-01-01"), pd.Timestamp("2023-12-31")]
    assert str(frame["at"].dtype).endswith(", UTC]")
    assert frame["at"][0] == pd.Timestamp("2024-06-30T02:00:00", tz="UTC")
    assert frame["b"].dtype == "boolean" and frame["b"].tolist()[:2] == [True, False]
    assert frame["s"].tolist() == ["plain", None, None]
    assert frame["l"].tolist() == ["商湯", "SenseTime", None]
    assert frame["iri"][0] == "https://w3id.org/kg/resource/entity/sensetime"
    assert frame["mixed"].tolist() == ["7", "seven", None]


def test_integers_are_int64_and_decimals_can_stay_exact(seed):
    answer = seed.query('SELECT ?n ?d WHERE { VALUES (?n ?d) { (3 "0.1"^^xsd:decimal) '
                        '(UNDEF "123456789.123456789123"^^xsd:decimal) } }')
    frame = answer.to_dataframe()
    assert str(frame["n"].dtype) == "Int64" and frame["n"][0] == 3 and frame["n"].isna()[1]
    exact = answer.to_dataframe(exact_decimals=True)
    assert exact["d"].tolist() == [Decimal("0.1"), Decimal("123456789.123456789123")]
    assert frame["d"][1] != exact["d"][1]  # float64 rounds it


def test_canned_figures_as_a_dataframe(seed):
    rows = list(seed.query("figures"))
    frame = seed.query("figures").to_dataframe()
    assert len(frame) == len(rows) >= 20
    assert frame["value"].dtype == "float64"
    assert frame["value"].sum() == pytest.approx(sum(float(r.value) for r in rows
                                                     if r.value is not None))
    dates = seed.query("SELECT ?d WHERE { ?i time:inXSDDateTime ?d } ORDER BY ?d").to_dataframe()
    assert dates["d"].dtype.kind == "M" and dates["d"].is_monotonic_increasing


def test_ask_and_construct_become_frames(seed):
    ask = seed.query("ASK { kge:sensetime a kgo:Company }").to_dataframe()
    assert ask.to_dict("list") == {"ask": [True]}
    built = seed.query("CONSTRUCT { kge:sensetime rdfs:label ?l } "
                       "WHERE { kge:sensetime rdfs:label ?l }").to_dataframe()
    assert list(built.columns) == ["subject", "predicate", "object"]
    assert sorted(built["object"]) == sorted(["商湯", "商汤", "SenseTime"])


def test_without_pandas_the_error_names_the_extra(seed, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(UsageError) as caught:
        seed.query("competitors").to_dataframe()
    message = str(caught.value)
    assert "\n" not in message and "pandas" in message and "pip install -e '.[notebook]'" in message


def test_query_results_still_print_and_iterate_as_rdflib_results(seed):
    from kg.rdfio.results import format_result

    answer = seed.query("competitors")
    rows = list(answer)
    assert rows and all(hasattr(row, "name") for row in rows)
    from kg.vocab import all_prefixes

    text = (ROOT / "queries" / "competitors.rq").read_text(encoding="utf-8")
    plain = seed.store.query(text, all_prefixes(seed.project.base))  # rdflib's own Result
    assert type(plain).__name__ == "SPARQLResult"
    assert format_result(answer, "csv") == format_result(plain, "csv")
    assert format_result(answer, "table") == format_result(plain, "table")
    assert repr(answer).startswith("<kg QueryResult SELECT ?") and f": {len(rows)} rows>" in \
        repr(answer)
    assert repr(seed.query("ASK { ?s ?p ?o }")) == "<kg QueryResult ASK: True>"


# HTML and reprs

def test_query_html_is_a_table_and_escapes_values(seed, hostile):
    html = seed.query("revenue-by-segment")._repr_html_()
    rows = list(seed.query("revenue-by-segment"))
    assert html.count("<tr>") == 1 + len(rows) and "kge:segment-generative-ai" in html
    html = hostile.query("SELECT ?l WHERE { kge:sensetime rdfs:label ?l FILTER(lang(?l) = 'en') }"
                         )._repr_html_()
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    parsed = tags_of(html)
    assert parsed.tags == {"table", "thead", "tbody", "tr", "th", "td", "p"}
    assert parsed.attributes == {"class"}


def test_query_html_shows_the_first_rows_and_counts_the_rest(seed):
    from kg.query.notebook import HTML_ROWS

    answer = seed.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 120")
    html = answer._repr_html_()
    assert html.count("<tr>") == 1 + HTML_ROWS
    assert f"120 rows, the first {HTML_ROWS} shown" in html


def test_path_html_explains_hops_and_escapes_labels(hostile):
    result = hostile.path("sensetime", "xu-li", lang="en")
    html = result._repr_html_()
    assert html.count("<li>") == sum(len(p.hops) for p in result.paths) >= 2
    for path in result.paths:
        for hop in path.hops:
            assert f"<code>kgs:{hop.statement}</code>" in html
    assert HOSTILE not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert tags_of(html).tags <= {"p", "b", "code", "ol", "li", "br", "q"}
    assert repr(result).startswith("<kg PathResult sensetime → xu-li: ")


def test_build_result_repr_is_one_short_line_and_its_html_a_table(seed):
    built = seed.build(write=False)
    text = repr(built)
    summary = built.summary
    assert "\n" not in text and len(text) < 300
    assert text.startswith(f"<kg BuildResult sensetime: {summary['triples']} triples, "
                           f"{summary['entities']} entities, {summary['relations']} relations")
    assert text.endswith("; conforms>")
    html = built._repr_html_()
    assert f"<th>entities: Company</th><td>{summary['entities_per_class']['Company']}</td>" in html
    assert tags_of(html).tags == {"p", "b", "table", "tr", "th", "td"}


# KG.view

def test_view_is_an_escaped_sandboxed_iframe(seed):
    view = seed.view(lang="en", height=420)
    html = view._repr_html_()
    assert tags_of(html).tags == {"iframe"}
    assert 'sandbox="allow-scripts"' in html and "height: 420px" in html
    assert "<script" not in html and "&lt;script" in html
    assert len(repr(view)) < 200 and "\n" not in repr(view)
    with pytest.raises(UsageError, match="height"):
        seed.view(height=0)
    with pytest.raises(UsageError, match="language"):
        seed.view(lang="fr")


def test_view_saves_the_page(seed, tmp_path):
    view = seed.view()
    path = view.save(tmp_path / "view.html")
    assert path.read_text(encoding="utf-8") == view.page
    assert view.page.startswith("<!DOCTYPE html>")


@pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
def test_view_runs_inside_its_iframe_under_its_csp(hostile, tmp_path):
    """A notebook's output area, as a page: the iframe's page draws every entity, its scripts
    pass its own CSP (a violation is a console error) and hostile labels open no dialog."""
    view = hostile.view(lang="en", height=600)
    host = tmp_path / "notebook.html"
    host.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
                    f"<h1>out[1]</h1>{view._repr_html_()}</body></html>", encoding="utf-8")
    entities = hostile.networkx().number_of_nodes()
    with Browser() as browser:
        session = browser.open(host)
        page = session.page
        page.wait_for_function("() => document.querySelector('iframe') !== null")
        frame = next(f for f in page.frames if f is not page.main_frame)
        frame.wait_for_function("() => window.__kgReady !== undefined", timeout=60_000)
        assert frame.evaluate("kg.data.nodes.length") == entities
        frame.evaluate("kg.setFolded(false)")   # the entities without relations, unfolded
        frame.wait_for_timeout(300)
        assert frame.evaluate("kg.network.body.nodeIndices.length") == frame.evaluate(
            "kg.counts()")["nodes"] > 0
        assert canvas_drawn(frame)
        frame.evaluate("kg.focusNode('sensetime')")
        page.wait_for_timeout(500)
        assert HOSTILE.split(" ")[0] in frame.text_content("#kg-panel")
        assert frame.evaluate("document.scripts.length") == 3
        # the sandbox: an opaque origin that cannot reach the notebook page
        assert frame.evaluate("origin") == "null"
        assert frame.evaluate("() => { try { return parent.document.title; } "
                              "catch (e) { return 'blocked'; } }") == "blocked"
        session.assert_clean()


def test_an_oxigraph_store_gives_the_same_frame(seed, tmp_path):
    from tests.conftest import oxigraph_seed

    oxigraph = oxigraph_seed(tmp_path)
    frame = oxigraph.query("revenue-by-segment").to_dataframe()
    assert frame.equals(seed.query("revenue-by-segment").to_dataframe())
    assert str(oxigraph.query(TYPED).to_dataframe().dtypes.to_dict()) == \
        str(seed.query(TYPED).to_dataframe().dtypes.to_dict())
    assert oxigraph.networkx().number_of_edges() == seed.networkx().number_of_edges()
