"""The sentence-by-sentence audit of the seed (docs/audit.md): one test per finding.

Each test asks the built graph in SPARQL what a user would ask and checks the answer against the
sentence of data/sources/sensetime-layoffs-2024.txt it comes from. The findings fixed before this
audit (the 70% rise, IAG's revenue, SenseTime's reply, Xu Li's two stages, SenseCore, the
variant characters, 高達) have their tests in tests/test_seed_facts.py.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from kg.inputs.queries import resolve
from kg.query.sparql import run
from kg.vocab import DEFAULT_BASE
from tests.conftest import ROOT, copy_project

KGO = Namespace("https://w3id.org/kg/ontology#")


def answers(graph, text: str) -> list[tuple]:
    return [tuple(None if v is None else v.toPython() for v in row) for row in
            run(graph, text, base=DEFAULT_BASE)]


def local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def canned(graph, name: str) -> list[tuple]:
    label, text = resolve(name, ROOT / "queries")
    return [tuple(None if v is None else v.toPython() for v in row)
            for row in run(graph, text, label=label)]


# ------------------------------------------------------------------ when a segment holds

def test_sensetimes_segments_are_the_three_current_ones(graph):
    # 在2023年年底的業務重組完成後,智慧城市、智慧商業、智慧生活不再作爲單獨業務板塊出現,...
    # 和生成式AI、智能汽車共同構成新的三大核心業務
    got = {local(segment) for segment, *_ in canned(graph, "segments")}
    assert got == {"segment-traditional-ai", "segment-generative-ai",
                   "segment-intelligent-auto"}


def test_the_former_segments_ended_with_the_end_2023_restructuring(graph):
    got = answers(graph, """
        SELECT DISTINCT ?segment ?event WHERE {
          ?st kgo:statementSubject kge:sensetime ; kgo:statementRelation kgo:hasSegment ; kgo:statementObject ?segment ;
              kgo:endedBy ?event . }""")
    assert {(local(s), local(e)) for s, e in got} == {
        ("segment-smart-city", "restructuring-2023"),
        ("segment-smart-business", "restructuring-2023"),
        ("segment-smart-life", "restructuring-2023")}
    started = answers(graph, """
        SELECT DISTINCT ?segment WHERE {
          ?st kgo:statementSubject kge:sensetime ; kgo:statementRelation kgo:hasSegment ; kgo:statementObject ?segment ;
              kgo:startedBy kge:restructuring-2023 . }""")
    assert {local(s) for s, in started} == {"segment-traditional-ai", "segment-generative-ai",
                                            "segment-intelligent-auto"}


def test_revenue_by_segment_leaves_out_segments_that_ended(graph, project_copy):
    # a figure on a former segment must not appear among today's segments' revenue
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8").replace(
        "  - id: traditional-ai-revenue-2024-h1\n    subject: segment-traditional-ai\n",
        "  - id: traditional-ai-revenue-2024-h1\n    subject: segment-smart-city\n")
    facts.write_text(text, encoding="utf-8")
    from kg.graph.build import build
    from kg.inputs.project import Project

    copy = build(Project.open(project_copy)).union()
    label, query = resolve("revenue-by-segment", project_copy / "queries")
    got = {local(row[0]) for row in run(copy, query, label=label)}
    assert got == {"segment-generative-ai"}


# ------------------------------------------------------------------ whose statement a figure is

def test_the_h1_2024_figures_are_sensetimes_report(graph):
    # 財報:2024年上半年,集團實現營業收入17.4億元 / 2024年上半年財報顯示 / 據財報披露 / 在上半年財報中
    got = answers(graph, """
        SELECT ?figure ?claimant WHERE {
          ?st kgo:statedIn ?doc ; kgo:statementObject ?f ; kgo:claimedBy ?claimant .
          ?f a kgo:Figure ; dcterms:identifier ?figure .
          ?doc a kgo:FinancialReport ; kgo:issuedBy kge:sensetime . }""")
    assert {f for f, _ in got} == {
        "revenue-2024-h1", "ebitda-loss-2024-h1", "net-loss-2024-h1",
        "traditional-ai-revenue-2024-h1", "generative-ai-revenue-2024-h1",
        "generative-ai-revenue-share-2024-h1", "administrative-expenses-current"}
    assert {local(c) for _, c in got} == {"sensetime"}


def test_the_end_2023_gpu_count_is_from_an_announcement(graph):
    # 公告顯示,截至2023年年底,公司運營GPU數量達到45000張卡
    got = answers(graph, """
        SELECT ?figure WHERE {
          ?st kgo:statedIn ?doc ; kgo:statementObject ?f . ?f dcterms:identifier ?figure .
          ?doc a kgo:Announcement ; kgo:issuedBy kge:sensetime . }""")
    assert got == [("gpu-count-2023-12",)]


# ------------------------------------------------------------------ facts that were comments

def test_each_competition_has_its_market(graph):
    # 從大模型服務來說,...與之競爭 / 從做“算力大裝置”而言,...雲計算廠商和...算力服務商
    got = answers(graph, """
        SELECT ?rival ?market WHERE {
          ?st kgo:statementSubject kge:sensetime ; kgo:statementRelation kgo:competesWith ; kgo:statementObject ?rival ;
              kgo:inMarket ?market . }""")
    assert {(local(r), local(m)) for r, m in got} == {
        ("llm-service-providers", "market-large-model-services"),
        ("cloud-vendors", "market-compute-services"),
        ("private-compute-providers", "market-compute-services")}


def test_only_the_non_generative_ai_part_was_merged_into_traditional_ai(graph):
    # 上述三大板塊的非生成式AI業務合併統計爲傳統AI業務
    got = answers(graph, """
        SELECT ?segment ?excluded WHERE {
          ?st kgo:statementSubject ?segment ; kgo:statementRelation kgo:mergedInto ;
              kgo:statementObject kge:segment-traditional-ai .
          OPTIONAL { ?st kgo:excludingPart ?excluded } }""")
    assert {(local(s), None if e is None else local(e)) for s, e in got} == {
        (name, "segment-generative-ai")
        for name in ("segment-smart-city", "segment-smart-business", "segment-smart-life")}


def test_the_spared_departments_were_essentially_not_cut(graph):
    # 這兩個部門基本沒有被裁員: basically none, not none
    got = answers(graph, """
        SELECT ?unit ?degree WHERE {
          ?st kgo:statementRelation kgo:spares ; kgo:statementObject ?unit .
          OPTIONAL { ?st kgo:degree ?degree } }""")
    assert {(local(u), None if d is None else local(d)) for u, d in got} == {
        ("large-model-dept", "Essentially"), ("large-device-dept", "Essentially")}
    labels = answers(graph, """SELECT ?l WHERE { kgo:Essentially rdfs:label ?l }""")
    assert {"基本", "essentially"} <= {label for label, in labels}


def test_why_the_two_departments_were_spared(graph):
    # the departments SenseTime focuses on (聚焦“大裝置-大模型-應用”) and the two money-making
    # businesses the article says it runs towards (奔向“大模型”和“大裝置”)
    got = answers(graph, """
        SELECT ?unit ?focus ?claimant WHERE {
          ?st kgo:statementRelation kgo:spares ; kgo:statementObject ?unit ; kgo:explainedBy ?why .
          ?why kgo:statementSubject kge:sensetime ; kgo:statementRelation kgo:shiftsFocusTo ; kgo:statementObject ?focus ;
               kgo:claimedBy ?claimant . }""")
    assert {(local(u), local(f), local(c)) for u, f, c in got} == {
        ("large-model-dept", "component-large-model", "sensetime"),
        ("large-model-dept", "component-large-model", "light-cone"),
        ("large-device-dept", "component-large-device", "sensetime"),
        ("large-device-dept", "component-large-device", "light-cone")}


def test_xu_li_says_compute_is_what_the_cost_of_generative_ai_lies_in(graph):
    # 在他看來,於生成式大模型AI 2.0時代,模型生產的成本主要在於算力資源的投入
    got = answers(graph, """
        SELECT ?what ?driver ?degree ?quote WHERE {
          ?st kgo:statementSubject ?what ; kgo:statementRelation kgo:costDrivenBy ; kgo:statementObject ?driver ;
              kgo:claimedBy kge:xu-li ; kgo:degree ?degree ;
              kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote . }""")
    assert [(local(w), local(d), local(g)) for w, d, g, _ in got] == [
        ("component-large-model", "compute-resource-investment", "Mainly")]
    assert "模型生產的成本主要在於算力資源的投入" in got[0][3]


def test_what_drives_generative_ai_revenue(graph):
    # 財報顯示,...收入增長主要來源於市場對生成式AI模型訓練、微調和推理的需求爆發性增長;
    # 這裡收入的大部分應該來自於“智算服務”,而非“大模型”
    got = answers(graph, """
        SELECT ?driver ?claimant ?degree ?doc WHERE {
          ?st kgo:statementSubject kge:segment-generative-ai ; kgo:statementRelation kgo:revenueDrivenBy ;
              kgo:statementObject ?driver ; kgo:claimedBy ?claimant .
          OPTIONAL { ?st kgo:degree ?degree } OPTIONAL { ?st kgo:statedIn ?doc } }""")
    assert {(local(d), local(c), g and local(g), doc and local(doc)) for d, c, g, doc in got} == {
        ("genai-model-demand", "sensetime", "Mainly", "sensetime-h1-2024-report"),
        ("sensetime-computing-service", "light-cone", None, None),
        ("sensetime-computing-service", "light-cone", "Mainly", None)}


# ------------------------------------------------------------------ the four left by the audit

def test_when_the_october_layoffs_started_is_not_answered_with_the_news_date(graph):
    # 從10月22日開始,商湯啓動裁員的消息開始在社交媒體上發酵: the date is the news's
    started = answers(graph, """
        SELECT ?date WHERE { kge:layoff-2024 kgo:startDate ?date }""")
    assert started == []
    got = answers(graph, """
        SELECT ?news ?date ?precision ?quote WHERE {
          ?st kgo:statementSubject ?news ; kgo:statementRelation kgo:newsAbout ;
              kgo:statementObject kge:layoff-2024 ;
              kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
          ?news a kgo:NewsCoverage ; kgo:startDate ?date ; kgo:datePrecision ?precision . }""")
    assert [(local(n), d.isoformat(), p) for n, d, p, _ in got] == [
        ("layoff-2024-news", "2024-10-22T00:00:00", "day")]
    assert "商湯啓動裁員的消息開始在社交媒體上發酵" in got[0][3]


def test_why_administrative_expenses_fell(graph):
    # 由於員工福利開支減少,目前行政開支減少7.7%至7.34億元
    got = answers(graph, """
        SELECT ?value ?direction ?driver ?label WHERE {
          ?figure kgo:figureOf kge:sensetime ; kgo:metric kge:administrative-expenses ;
                  kgo:change ?change .
          ?change kgo:value ?value ; kgo:direction ?direction ; kgo:changeDrivenBy ?driver .
          ?driver a kgo:Factor ; rdfs:label ?label . FILTER(lang(?label) = "zh-Hant") }""")
    assert [(float(v), local(d), local(f), label) for v, d, f, label in got] == [
        (7.7, "Decrease", "employee-benefit-spending-reduction", "員工福利開支減少")]


def test_whose_tenth_anniversary_it_is(graph):
    # 昨日,“AI四小龍”中的頭部公司商湯迎來了公司成立十週年
    got = answers(graph, """
        SELECT ?anniversary ?quote WHERE {
          ?anniversary a kgo:Anniversary ; kgo:anniversaryOf kge:sensetime .
          ?st kgo:statementSubject ?anniversary ; kgo:statementRelation kgo:anniversaryOf ;
              kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote . }""")
    assert [(local(a), q) for a, q in got] == [("tenth-anniversary", "商湯迎來了公司成立十週年")]


def test_sensetime_says_its_hiring_continues(graph):
    # 目前,商湯社會招聘及校園招聘正常進行中 (SenseTime's response to the layoff news)
    got = answers(graph, """
        SELECT ?recruitment ?quote WHERE {
          ?recruitment a kgo:Recruitment .
          ?st kgo:statementSubject ?recruitment ; kgo:statementRelation kgo:carriedOutBy ;
              kgo:statementObject kge:sensetime ; kgo:claimedBy kge:sensetime ;
              kgo:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
          FILTER NOT EXISTS { ?st kgo:endedBy ?end } }""")
    assert {(local(r), q) for r, q in got} == {
        ("sensetime-social-recruitment", "目前,商湯社會招聘及校園招聘正常進行中"),
        ("sensetime-campus-recruitment", "目前,商湯社會招聘及校園招聘正常進行中")}


# ------------------------------------------------------------------ docs and export agree

def test_statements_are_typed_as_docs_model_says():
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    line = next(ln for ln in doc.splitlines() if ln.startswith("- `st a "))
    promised = set(re.match(r"- `st a ([^;]+);", line).group(1).replace(" ", "").split(","))
    export = Graph().parse(ROOT / "exports" / "sensetime.ttl")
    statements = set(export.subjects(RDF.type, KGO.Statement))
    assert statements
    names = {"kgo:Statement": KGO.Statement,
             "rdf:Statement": URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")}
    for name, cls in names.items():
        typed = set(export.subjects(RDF.type, cls))
        assert (typed >= statements) == (name in promised), (name, len(typed))


# ------------------------------------------------------------------ the new keys, written wrong

@pytest.mark.parametrize("old, new, expected", [
    ("    ended_by: restructuring-2023\n", "    ended_by: restructuring-2099\n",
     "ended_by 'restructuring-2099' is not a defined entity"),
    ("    because: [sensetime-focus-to-large-model-per-response, sensetime-focus-to-large-model]\n",
     "    because: [no-such-statement]\n",
     "because 'no-such-statement' is not another statement's id"),
    ("    qualifier: essentially\n", "    qualifier: approximately\n",
     "unknown qualifier of a statement 'approximately' (allowed: essentially, mainly)"),
    ("    stated_in: sensetime-h1-2024-report\n", "    stated_in: Report\n",
     "'stated_in' value 'Report' is not a valid id"),
    ("    excluding: segment-generative-ai\n", "    excluding: {a: b}\n",
     "'excluding' must be an id or a list of ids"),
    ("driven_by: [employee-benefit-spending-reduction]", "driven_by: [sensetime]",
     "driven_by 'sensetime' is not a Factor entity or another figure"),
])
def test_a_wrong_qualification_is_one_line_naming_file_line_and_item(tmp_path, old, new,
                                                                       expected):
    from click.testing import CliRunner

    from kg.cli import cli

    root = copy_project(tmp_path)
    facts = root / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    facts.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "-q", "--no-html", "-p", str(root)])
    assert result.exit_code != 0
    message = result.output.strip()
    assert len(message.splitlines()) == 1, message
    assert expected in message, message
    assert "data/facts/sensetime.yaml:" in message
    reported = int(re.search(r"sensetime\.yaml:(\d+)", message).group(1))
    assert abs(reported - line) <= 12, (reported, line)  # the key's line, or its item's
