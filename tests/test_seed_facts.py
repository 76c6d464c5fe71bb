"""The seed graph says what the article says: one test per finding of the fact-by-fact audit.

Each test asks the built graph in SPARQL what a user would ask and checks the answer against the
sentence of data/sources/sensetime-layoffs-2024.txt it comes from.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from kg.query.sparql import run
from kg.vocab import DEFAULT_BASE


def answers(graph, text: str) -> list[tuple]:
    return [tuple(None if v is None else v.toPython() for v in row) for row in
            run(graph, text, base=DEFAULT_BASE)]


def local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


# ------------------------------------------------------------------ which figure a change is of

def test_the_70_percent_rise_on_march_is_the_compute_capacitys(graph):
    # 截至2024年8月,其運營總算力規模已突破20000 PetaFLOPS,GPU數量上升至54000張卡,至相較今年3月提升約70%
    got = answers(graph, """
        SELECT ?metric ?value ?change ?since WHERE {
          ?f kgo:figureOf kge:sensetime ; kgo:metric/dcterms:identifier ?metric ;
             kgo:value ?value ; kgo:period/time:inXSDDateTime "2024-08-31T00:00:00"^^xsd:dateTime .
          OPTIONAL { ?f kgo:change ?c . ?c kgo:value ?change ;
                     kgo:comparedTo/time:hasBeginning/time:inXSDDateTime ?since }
        } ORDER BY ?metric""")
    assert ("compute-capacity", Decimal("20000"), Decimal("70"),
            datetime(2024, 3, 1)) in got
    assert ("gpu-count", Decimal("54000"), None, None) in got


def test_no_gpu_count_change_implies_fewer_cards_than_end_2023(graph):
    # 54000 cards up 70% on March would mean ~31800 in March 2024, below the 45000 of end-2023
    got = answers(graph, """
        SELECT ?value ?change WHERE {
          ?f kgo:metric/dcterms:identifier "gpu-count" ; kgo:value ?value ;
             kgo:change/kgo:value ?change .
        }""")
    earlier = answers(graph, """
        SELECT ?value WHERE { ?f kgo:metric/dcterms:identifier "gpu-count" ; kgo:value ?value ;
                              kgo:period/time:inXSDDateTime "2023-12-31T00:00:00"^^xsd:dateTime }""")
    assert earlier == [(Decimal("45000"),)]
    assert all(value / (1 + change / 100) >= earlier[0][0] for value, change in got), got


# ------------------------------------------------------------------ a figure reachable from its subject

def test_iags_h1_2024_revenue_is_one_hop_from_iag(graph):
    # 以IAG(智能汽車事業羣)爲例,...2024年上半年,商湯絕影汽車業務收入達到1.7億,同比增長100%
    got = answers(graph, """
        SELECT ?value ?mult ?change ?basis WHERE {
          kge:iag kgo:hasFigure ?f .
          ?f kgo:metric/dcterms:identifier "segment-revenue" ; kgo:value ?value ;
             kgo:multiplierText ?mult ; kgo:period/kgo:periodKind "half-year" ;
             kgo:change ?c . ?c kgo:value ?change ; kgo:basis ?basis }""")
    assert got == [(Decimal("1.7"), "億", Decimal("100"),
                    "https://w3id.org/kg/ontology#YearOnYear")]


def test_senseautos_revenue_is_reachable_from_senseauto(graph):
    got = answers(graph, """
        SELECT ?unit ?value WHERE {
          ?unit kgo:offers kge:senseauto ; kgo:hasFigure ?f .
          ?f kgo:metric/dcterms:identifier "segment-revenue" ; kgo:value ?value }""")
    assert [(local(u), v) for u, v in got] == [("iag", Decimal("1.7"))]


# ------------------------------------------------------------------ claims are what their quotes say

def test_sensetime_is_not_recorded_as_saying_it_carried_out_a_layoff(graph):
    # its reply speaks of 組織和人才結構優化和調整 and never of layoffs
    got = answers(graph, """
        SELECT ?st WHERE { ?st kgo:statementSubject ?layoff ; kgo:statementRelation kgo:carriedOutBy ;
                               kgo:claimedBy kge:sensetime . ?layoff a kgo:Layoff }""")
    assert got == []


def test_sensetime_says_it_adjusts_its_organisational_and_talent_structure(graph):
    got = answers(graph, """
        SELECT ?quote WHERE {
          ?st kgo:statementSubject ?r ; kgo:statementRelation kgo:restructures ; kgo:statementObject kge:sensetime ;
              kgo:claimedBy kge:sensetime ;
              kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
          ?r a kgo:Restructuring }""")
    assert got == [("並進行相應的組織和人才結構優化和調整",)]


def test_xu_lis_two_stages_are_not_a_turn_away_from_a_segment(graph):
    # 商湯已邁出了兩步:即常說的傳統AI 1.0和生成式大模型AI 2.0 names two steps, not a shift of focus
    got = answers(graph, """
        SELECT ?relation ?object WHERE {
          ?st kgo:statementRelation ?relation ; kgo:statementObject ?object ;
              kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
          FILTER(CONTAINS(?quote, "商湯已邁出了兩步")) }""")
    assert got == []
    claims = answers(graph, """
        SELECT ?object WHERE { ?st kgo:claimedBy kge:xu-li ; kgo:statementObject ?object ;
                                   kgo:statementRelation kgo:shiftsFocusFrom }""")
    assert claims == []


# ------------------------------------------------------------------ names

def test_every_english_name_of_the_large_device_says_sensecore(graph):
    got = answers(graph, """
        SELECT ?e ?en WHERE {
          ?e rdfs:label ?zh . FILTER(lang(?zh) = "zh-Hant" && CONTAINS(?zh, "大裝置"))
          ?e rdfs:label ?en . FILTER(lang(?en) = "en") }""")
    assert {local(e) for e, _ in got} == {"component-large-device", "large-device-dept",
                                          "strategy-trinity"}
    assert all("SenseCore" in en and "Large Device" not in en for _, en in got), got


@pytest.mark.parametrize("name, entity", [
    ('"large device"@en', "component-large-device"),
    ('"Large Device department"@en', "large-device-dept"),
    ('"SenseTime Research"@en', "research-institute"),
    ('"Healthcare"@en', "medical-dept"),
    ('"智能汽車事業群"@zh-Hant', "iag"),
    ('"智慧城市和商業事業群"@zh-Hant', "scg"),
    ('"智慧城市與商業事業群"@zh-Hant', "scg"),
    ('"華為雲"@zh-Hant', "huawei-cloud"),
])
def test_a_common_name_or_variant_finds_the_entity(graph, name, entity):
    got = answers(graph, f"SELECT ?e WHERE {{ ?e rdfs:label|skos:altLabel {name} }}")
    assert [local(e) for e, in got] == [entity]


# ------------------------------------------------------------------ qualifiers

def test_as_high_as_60_percent_is_not_an_upper_bound(graph):
    # 該部分業務收入佔總收入比例高達60%: 高達 stresses the size, it bounds nothing
    got = answers(graph, """
        SELECT ?value ?qualifier WHERE {
          kge:segment-generative-ai kgo:hasFigure ?f .
          ?f kgo:metric/dcterms:identifier "revenue-share" ; kgo:value ?value .
          OPTIONAL { ?f kgo:qualifier ?qualifier } }""")
    assert got == [(Decimal("60"), "https://w3id.org/kg/ontology#AsHighAs")]   # not kgo:UpTo
