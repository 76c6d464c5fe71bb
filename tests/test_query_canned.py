"""Each canned competency query answers exactly what the article states."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.api import KG
from kg.inputs.queries import canned_queries, resolve
from kg.query.sparql import run
from tests.conftest import ROOT


def rows(graph, name: str, **bindings) -> list[tuple]:
    label, text = resolve(name, ROOT / "queries")
    result = run(graph, text, label=label, bindings=bindings)
    return [tuple(None if v is None else v.toPython() for v in row) for row in result]


def local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def test_every_canned_query_has_a_title_and_a_test():
    names = set(canned_queries(ROOT / "queries"))
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals()
              if name.startswith("test_")}
    assert names <= tested, f"canned queries without a test: {sorted(names - tested)}"
    for canned in canned_queries(ROOT / "queries").values():
        assert canned.title != canned.name


def test_leadership(graph):
    got = {(local(person), name, local(post)) for person, name, post, _, quote in
           rows(graph, "leadership")}
    assert got == {("xu-li", "徐立", "post-ceo"), ("xu-li", "徐立", "post-executive-chairman")}
    assert all(q == "商湯董事會執行主席兼首席執行官徐立" for *_, q in rows(graph, "leadership"))


def test_layoffs_2024(graph):
    got = {(outcome, local(unit)) for outcome, unit, *_ in rows(graph, "layoffs-2024")}
    assert got == {("affected", "scg"), ("affected", "iag"), ("affected", "research-institute"),
                   ("affected", "medical-dept"), ("spared", "large-model-dept"),
                   ("spared", "large-device-dept")}
    claims = {(local(unit), claimed) for _, unit, _, claimed, _ in rows(graph, "layoffs-2024")}
    assert ("iag", "interviewee") in claims
    assert ("large-model-dept", "person close to SenseTime") in claims


def test_losses(graph):
    got = [(year, value, multiplier, unit, flag) for year, value, multiplier, unit, _, flag in
           rows(graph, "losses")]
    assert got == [
        (2018, Decimal("34"), "億", "元", None),
        (2019, Decimal("50"), "億", "元", None),
        (2020, Decimal("122"), "億", "元", None),
        (2021, Decimal("172"), "億", "元", None),
        (2022, Decimal("60"), "億", "美元", "currency-inconsistent"),
        (2023, Decimal("64"), "億", "美元", "currency-inconsistent"),
    ]
    amounts = [amount for *_, amount, _ in rows(graph, "losses")]
    assert amounts[0] == Decimal("3400000000")


def test_competitors(graph):
    got = {(local(c), None if m is None else local(m)) for c, _, m, _, _ in
           rows(graph, "competitors")}
    assert got == {("cloud-vendors", "alibaba-cloud"), ("cloud-vendors", "baidu-ai-cloud"),
                   ("cloud-vendors", "huawei-cloud"), ("llm-service-providers", None),
                   ("private-compute-providers", None)}
    assert {claimed for *_, claimed in rows(graph, "competitors")} == {"Light Cone Intelligence"}


def test_strategy_drives(graph):
    got = [(local(a), local(b), quote) for _, a, _, b, _, quote in rows(graph, "strategy-drives")]
    assert sorted(got) == [("component-application", "component-large-model", "以應用驅動模型"),
                           ("component-large-model", "component-large-device",
                            "以模型帶動算力的優化")]


def test_revenue_by_segment(graph):
    got = [(local(seg), qual, value, mult, unit, direction, change, basis)
           for seg, _, qual, value, mult, unit, _, direction, change, basis in
           rows(graph, "revenue-by-segment")]
    assert got == [
        ("segment-generative-ai", "nearly", Decimal("11"), "億", "元", "increase",
         Decimal("256"), None),
        ("segment-traditional-ai", None, Decimal("5.2"), "億", "元", "decrease",
         Decimal("50.6"), "year on year"),
    ]  # the article gives the 1.7億 of 商湯絕影 as IAG's, not as the Smart Auto segment's


def test_evidence(graph, source_text):
    from rdflib import URIRef

    from kg.vocab import DEFAULT_BASE

    statement = URIRef(DEFAULT_BASE + "statement/layoff-2024-spares-large-model-dept")
    got = rows(graph, "evidence", statement=statement)
    assert len(got) == 1
    _, subject, relation, obj, quote, start, end, sentence, source, claimed = got[0]
    assert local(relation) == "ontology#spares" or str(relation).endswith("#spares")
    assert source_text[start:end] == quote
    assert quote.startswith("大模型和大裝置兩個部門成爲了“安全區”")
    assert local(claimed) == "person-close-to-sensetime"
    every = rows(graph, "evidence")
    assert len(every) == len(list(graph.subjects(predicate=URIRef(
        "https://w3id.org/kg/ontology#hasEvidence"))))
    assert all(source_text[s:e] == q for _, _, _, _, q, s, e, *_ in every)


def test_figures(graph):
    got = rows(graph, "figures")
    assert len({row[0] for row in got}) == 21
    units = {row[8] for row in got}
    assert {"元", "美元", "%", "張卡", "PetaFLOPS", "家", "人"} <= units


def test_restructuring(graph):
    got = {(change, local(seg), into) for change, seg, _, into in rows(graph, "restructuring")}
    assert got == {("discontinued", "segment-smart-city", "Traditional AI"),
                   ("discontinued", "segment-smart-business", "Traditional AI"),
                   ("discontinued", "segment-smart-life", "Traditional AI"),
                   ("established", "segment-traditional-ai", None)}


def test_segments(graph):
    # Smart City, Smart Business and Smart Life stopped being segments at the end of 2023
    got = {(local(seg), name, since) for seg, name, since in rows(graph, "segments")}
    assert got == {
        ("segment-generative-ai", "Generative AI", "SenseTime business restructuring of end-2023"),
        ("segment-intelligent-auto", "Smart Auto", "SenseTime business restructuring of end-2023"),
        ("segment-traditional-ai", "Traditional AI",
         "SenseTime business restructuring of end-2023")}


@pytest.mark.parametrize("name", ["competitors", "losses"])
def test_facade_query_reads_the_built_graph(name):
    assert len(list(KG(ROOT).query(name))) >= 5
