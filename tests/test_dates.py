"""Dates compare and sort right in every store: one datatype (xsd:dateTime, the first moment of
the stated day, month or year) per date-valued property, with the precision and the text as
written beside it; FILTER and ORDER BY give the same chronological rows on the memory store
and on Oxigraph."""

from __future__ import annotations

from datetime import datetime

import pytest
from rdflib import URIRef
from rdflib.namespace import TIME, XSD

from kg.query.sparql import run
from kg.vocab import DEFAULT_BASE, KGO, SCHEMA
from tests.conftest import oxigraph_seed

pytest.importorskip("pyoxigraph")

ENTITY = DEFAULT_BASE + "entity/"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    """The seed built into an Oxigraph store."""
    return oxigraph_seed(tmp_path_factory.mktemp("dates"))


def _rows(result) -> list[tuple]:
    return [tuple(None if v is None else v.toPython() if hasattr(v, "toPython") else v
                  for v in row) for row in result]


def both(graph, seed_store, sparql: str) -> list[tuple]:
    """The rows of ``sparql`` on the memory graph, checked equal to Oxigraph's (in order)."""
    memory = _rows(run(graph, sparql, base=DEFAULT_BASE))
    oxigraph = _rows(seed_store.query(sparql))
    assert oxigraph == memory
    return memory


def _ids(rows) -> list[str]:
    return [str(row[0])[len(ENTITY):] for row in rows]


_EVENTS = """SELECT ?event ?date WHERE {{ ?event kgo:startDate ?date . {filter} }}
ORDER BY ?date ?event"""


def test_the_writer_gives_the_first_moment_of_the_stated_period():
    from kg.graph.writer import date_time

    xsd = "http://www.w3.org/2001/XMLSchema#dateTime"
    assert date_time("2024-10-22") == f'"2024-10-22T00:00:00"^^<{xsd}>'
    assert date_time("2023-08") == f'"2023-08-01T00:00:00"^^<{xsd}>'
    assert date_time("2024") == f'"2024-01-01T00:00:00"^^<{xsd}>'


def test_every_date_valued_property_has_one_datatype(graph):
    for prop in (KGO.startDate, TIME.inXSDDateTime):
        values = list(graph.objects(None, prop))
        assert values, f"{prop} has no values: the check would prove nothing"
        assert {v.datatype for v in values} == {XSD.dateTime}, prop
    # a source's publication date, when its metadata gives one
    assert {v.datatype for v in graph.objects(None, SCHEMA.datePublished)} <= {XSD.dateTime}
    assert not list(graph.objects(None, TIME.inXSDDate))


def test_precision_and_text_as_written_are_kept(graph):
    def event(ident):
        node = URIRef(ENTITY + ident)
        return (graph.value(node, KGO.startDate).toPython(),
                str(graph.value(node, KGO.datePrecision)), str(graph.value(node, KGO.dateText)))

    assert event("layoff-2023") == (datetime(2023, 8, 1), "month", "2023年8月")
    # 從10月22日開始,商湯啓動裁員的消息開始在社交媒體上發酵: the news's date, not the layoff's
    assert event("layoff-2024-news") == (datetime(2024, 10, 22), "day", "10月22日")
    assert event("layoff-2024-ongoing") == (datetime(2024, 1, 1), "year", "自今年開始")


def test_order_by_event_date_is_chronological_on_both_stores(graph, seed_store):
    rows = both(graph, seed_store, _EVENTS.format(filter=""))
    dates = [d for _e, d in rows]
    assert len(dates) == len(list(graph.objects(None, KGO.startDate))) >= 3
    assert all(isinstance(d, datetime) for d in dates)
    assert dates == sorted(dates)
    assert _ids(rows).index("layoff-2023") < _ids(rows).index("layoff-2024-news")


def test_filter_from_2024_excludes_the_august_2023_layoff(graph, seed_store):
    rows = both(graph, seed_store, _EVENTS.format(
        filter='FILTER(?date >= "2024-01-01T00:00:00"^^xsd:dateTime)'))
    assert "layoff-2023" not in _ids(rows)
    assert {"layoff-2024-news", "layoff-2024-ongoing"} <= set(_ids(rows))


def test_filter_before_2024_includes_the_august_2023_layoff(graph, seed_store):
    rows = both(graph, seed_store, _EVENTS.format(
        filter='FILTER(?date < "2024-01-01T00:00:00"^^xsd:dateTime)'))
    assert "layoff-2023" in _ids(rows)
    assert "layoff-2024-news" not in _ids(rows)


def test_a_range_of_dates_and_year_of_a_date(graph, seed_store):
    rows = both(graph, seed_store, _EVENTS.format(
        filter='FILTER(?date >= "2024-10-01T00:00:00"^^xsd:dateTime && '
               '?date < "2024-11-01T00:00:00"^^xsd:dateTime)'))
    assert _ids(rows) == ["layoff-2024-news"]
    years = both(graph, seed_store, """SELECT ?event (YEAR(?date) AS ?year) WHERE {
        ?event kgo:startDate ?date } ORDER BY ?year ?event""")
    assert dict((str(e)[len(ENTITY):], y) for e, y in years)["layoff-2023"] == 2023


def test_periods_sort_and_filter_by_their_beginning_on_both_stores(graph, seed_store):
    rows = both(graph, seed_store, """SELECT ?period ?begin WHERE {
        ?period time:hasBeginning/time:inXSDDateTime ?begin .
        FILTER(?begin >= "2019-01-01T00:00:00"^^xsd:dateTime) } ORDER BY ?begin ?period""")
    begins = [b for _p, b in rows]
    assert begins and begins == sorted(begins)
    assert min(begins) >= datetime(2019, 1, 1)
    every = list(graph.subject_objects(TIME.hasBeginning))
    assert len(rows) < len(every)  # the filter dropped the earlier ones (2018)
