"""Ingest: storing new articles, linking mentions across scripts, figures, coverage, drafts."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import cli
from kg.ingest.figures import detect_figures, detect_periods
from kg.inputs.mentions import Linker, Name
from kg.text import fold
from kg.vocab import KGO, OA
from tests.conftest import ROOT, copy_project

ARTICLES = ROOT / "tests" / "articles"
BASE = "https://w3id.org/kg/resource/"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """A copy of the project with both test articles ingested, and what ingest returned."""
    from kg.ingest.intake import ingest

    root = tmp_path_factory.mktemp("ingest")
    copy_project(root)
    zh = ingest(root, ARTICLES / "yunqi-zh-hans.txt")
    en = ingest(root, ARTICLES / "sensetime-en.html", date="2024-10-25")
    return root, zh, en


# ------------------------------------------------------------------------------ folding, linking

def test_folding_keeps_length_and_joins_scripts_and_case():
    assert fold("商湯") == fold("商汤")
    assert fold("華爲雲") == fold("華為雲") == fold("华为云")
    assert fold("SenseTime") == fold("SENSETIME") == fold("ｓｅｎｓｅｔｉｍｅ")
    text = "商湯集團與華爲雲、ＡＩ"
    assert len(fold(text)) == len(text)


def test_longest_match_wins_and_inner_names_are_not_counted_again():
    linker = Linker([Name("sensetime", "商湯", "zh-Hant", "label"),
                     Name("sensetime", "商湯集團", "zh-Hant", "alias"),
                     Name("senseauto", "商湯絕影", "zh-Hant", "label"),
                     Name("scg", "SCG", "en", "alias"),
                     Name("ab", "AB", "en", "label"), Name("bcd", "BCDE", "en", "label")])
    found = linker.find("商汤集团和商湯絕影;SCG、SCGX與xSCG;ABCDE")
    assert [(m.text, m.entities) for m in found] == [
        ("商汤集团", ("sensetime",)), ("商湯絕影", ("senseauto",)), ("SCG", ("scg",))]
    # a longer name starting inside a shorter one wins: BCDE over AB (word boundaries aside)
    found = linker.find("x ABCDE AB")
    assert [m.text for m in found] == ["AB"]
    found = Linker([Name("ab", "甲乙", "zh", "label"), Name("bcd", "乙丙丁", "zh", "label")]
                   ).find("甲乙丙丁")
    assert [(m.start, m.end, m.entities) for m in found] == [(1, 4, ("bcd",))]


def test_seed_mentions_are_in_the_built_graph(built, source_text):
    g = built.graph
    mentions = list(g.subjects(RDF.type, KGO.Mention))
    assert len(mentions) == built.summary["mentions"] > 150
    huawei = URIRef(BASE + "entity/huawei-cloud")
    (mention,) = list(g.subjects(KGO.mentionOf, huawei))
    assert (mention, OA.hasBody, huawei) in g
    assert (mention, RDF.type, KGO.Mention) in g
    assert g.value(mention, KGO.matchedLabel) == Literal("華爲雲", lang="zh-Hant")
    target = g.value(mention, OA.hasTarget)
    selectors = list(g.objects(target, OA.hasSelector))
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
    start, end = g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()
    assert source_text[start:end] == "華爲雲"
    sentence = g.value(mention, KGO.inSentence)
    assert "阿里雲、百度雲、華爲雲" in str(g.value(sentence, KGO.text))
    # 商湯絕影汽車業務 is one mention of SenseAuto, not also one of SenseTime
    auto = source_text.index("商湯絕影汽車業務")
    at = {g.value(p, OA.start).toPython(): p for p in g.subjects(RDF.type, OA.TextPositionSelector)
          if str(p).startswith(BASE + "source/sensetime-layoffs-2024/mention/")}
    assert auto in at and str(at[auto]).endswith(f"/mention/{auto}/position")
    inner = [s for s in at if auto < s < auto + 8]
    assert inner == []


def test_ontology_declares_the_mention_terms(built):
    g = built.ontology
    for term in (KGO.Mention, KGO.mentionOf, KGO.matchedLabel):
        langs = {label.language for label in g.objects(term, RDFS.label)}
        assert langs == {"en", "zh-Hant", "zh-Hans"}, term
        assert g.value(term, RDFS.comment) is not None
    assert (KGO.Mention, RDFS.subClassOf, OA.Annotation) in g
    assert g.value(KGO.mentionOf, RDFS.domain) == KGO.Mention
    assert g.value(KGO.matchedLabel, RDFS.range) is not None


# ---------------------------------------------------------------------------------- figures

def _one(text: str, **kw):
    (figure,) = detect_figures(text, **kw)
    return figure


@pytest.mark.parametrize("text, value, multiplier, unit", [
    ("17.4億元", "17.4", 10 ** 8, "CNY"), ("1.7億", "1.7", 10 ** 8, None),
    ("54000張卡", "54000", 1, "GPUCard"), ("20000 PetaFLOPS", "20000", 1, "PetaFLOPS"),
    ("RMB 1.74 billion", "1.74", 10 ** 9, "CNY"), ("54,000 GPUs", "54000", 1, "GPUCard"),
    ("60億美元", "60", 10 ** 8, "USD"), ("超過3000家", "3000", 1, "EnterpriseCount"),
])
def test_amounts_with_chinese_and_western_multipliers_and_units(text, value, multiplier, unit):
    figure = _one(text)
    assert (figure.value, figure.multiplier, figure.unit) == (Decimal(value), multiplier, unit)
    assert figure.normalized == Decimal(value) * multiplier
    assert figure.text == text


@pytest.mark.parametrize("text, value, direction, basis", [
    ("營業收入同比增長21%", "21", "increase", "year-on-year"),
    ("EBITDA虧損同比收窄26.5%", "26.5", "narrowing", "year-on-year"),
    ("收入同比下降50.6%", "50.6", "decrease", "year-on-year"),
    ("revenue was up 21% year on year", "21", "increase", "year-on-year"),
    ("costs were down 7.7%", "7.7", "decrease", None),
    ("實現了256%的驚人增長", "256", "increase", None),
])
def test_percentages_and_their_direction(text, value, direction, basis):
    figure = _one(text)
    assert (figure.value, figure.unit, figure.direction, figure.basis) == \
        (Decimal(value), "Percent", direction, basis)


@pytest.mark.parametrize("text, key, as_of", [
    ("10月22日", "2024-10-22", False), ("2024年上半年", "2024-H1", False),
    ("截至2023年年底", "2023-12", True), ("as of August 2024", "2024-08", True),
    ("2023年8月", "2023-08", False), ("the first half of 2024", "2024-H1", False),
    ("at the end of 2023", "2023-12", True), ("截至今年8月", "2024-08", True),
])
def test_dates_and_periods(text, key, as_of):
    (period,) = detect_periods(text, year=2024)
    assert (period.key, period.as_of) == (key, as_of)


def test_figures_get_their_periods_in_the_seed_article(source_text):
    figures = {f.text: f for f in detect_figures(source_text, year=2024)}
    losses = [f for f in detect_figures(source_text, year=2024) if f.text.endswith(("億元", "億美元"))][:6]
    assert [(f.period.key, f.unit) for f in losses] == [
        ("2018", "CNY"), ("2019", "CNY"), ("2020", "CNY"), ("2021", "CNY"), ("2022", "USD"),
        ("2023", "USD")]  # 2018-2023年 ... 分別爲 A、B、...: the years in order
    assert (figures["45000張卡"].period.key, figures["45000張卡"].period.as_of) == ("2023-12", True)
    seventy = figures["約70%"]
    assert (seventy.qualifier, seventy.direction, seventy.period.key,
            seventy.compared_to.key) == ("approximately", "increase", "2024-08", "2024-03")
    assert figures["約10%至15%"].normalized_range == (10, 15)
    assert figures["超過上千人"].normalized == 1000


# ---------------------------------------------------------------------------------- ingest

def test_ingest_stores_the_source_like_the_seed(ingested):
    root, zh, en = ingested
    sources = root / "data" / "sources"
    meta = yaml.safe_load((sources / "yunqi-zh-hans.yaml").read_text("utf-8"))
    assert meta == {"id": "yunqi-zh-hans", "file": "yunqi-zh-hans.txt",
                    "title": "云启智能发布2024年上半年财报,大模型收入翻倍", "language": "zh-Hans",
                    "date": None, "original_name": "yunqi-zh-hans.txt"}
    original = (ARTICLES / "yunqi-zh-hans.txt").read_text("utf-8")
    assert (sources / "yunqi-zh-hans.txt").read_text("utf-8") == original
    en_meta = yaml.safe_load((sources / "sensetime-en.yaml").read_text("utf-8"))
    assert (en_meta["language"], en_meta["title"], en_meta["date"]) == \
        ("en", "SenseTime bets on generative AI as losses narrow", "2024-10-25")
    text = (sources / "sensetime-en.txt").read_text("utf-8")
    assert "<p>" not in text and "Caixin & other reports" in text
    assert (sources / "sensetime-en.html").read_bytes() == (ARTICLES / "sensetime-en.html").read_bytes()
    # Western full stops end sentences, decimals do not
    assert [s.text for s in en.source.sentences][2].startswith("Generative AI revenue reached")
    assert len(en.source.sentences) == 9


def test_ingest_links_known_entities_across_scripts(ingested):
    _, zh, en = ingested
    # Yunqi's CEO, large models and (self-built) large device are not SenseTime's: generic
    # names link only in their company's context (tests/test_ingest_linking.py)
    assert set(zh.linked()) == {"revenue", "operating-loss", "gpu-count", "sensetime",
                                "huawei-cloud", "alibaba-cloud", "headcount", "baidu-ai-cloud",
                                "market-large-model-services"}  # 在大模型服务市场的竞争
    written = {m.text: m.entities for m in zh.mentions}
    assert written["华为云"] == ("huawei-cloud",) and written["商汤集团"] == ("sensetime",)
    assert zh.linked()["sensetime"] == 2  # 商汤 and 商汤集团, not 商汤 twice
    assert set(en.linked()) == {"sensetime", "segment-generative-ai", "revenue",
                                "segment-traditional-ai", "xu-li", "component-large-device",
                                "component-large-model", "component-application",
                                "alibaba-cloud", "huawei-cloud", "baidu-ai-cloud", "sensenova",
                                "senseauto", "iag", "scg", "caixin"}
    scg = next(m for m in en.mentions if m.entities == ("scg",))
    assert scg.text == "Smart City and Business Group (SCG)"
    for m in zh.mentions + en.mentions:
        source = zh.source if m in zh.mentions else en.source
        assert source.text[m.start:m.end] == m.text


def _figures(result):
    out = []
    for f in result.figures:
        d = f.as_dict()
        period = (("asof-" if d.get("as_of") else "") + d["period"]) if d.get("period") else None
        out.append((f.text, d["normalized"], f.unit, f.direction, period))
    return out


def test_ingest_finds_figures_with_values_and_periods(ingested):
    _, zh, en = ingested
    assert _figures(zh) == [
        ("翻倍", "100", "Percent", "increase", "2024-H1"),  # the title's "doubled"
        ("8.6亿元", "860000000", "CNY", None, "2024-H1"),
        ("35%", "35", "Percent", "increase", "2024-H1"),
        ("2.1亿元", "210000000", "CNY", None, "2024-H1"),
        ("12.5%", "12.5", "Percent", "narrowing", "2024-H1"),
        ("12000张卡", "12000", "GPUCard", None, "asof-2024-06"),
        ("超过3000 PetaFLOPS", "3000", "PetaFLOPS", None, "asof-2024-06"),
        ("超过500家", "500", "EnterpriseCount", None, "asof-2024-06"),
        ("约占40%", "40", "Percent", None, "asof-2024-06"),
        ("约为1200人", "1200", "PersonCount", None, "2023"),
        ("约15%", "15", "Percent", None, "2023-12"),
    ]
    assert zh.year == 2024 and en.year == 2024
    assert _figures(en) == [
        ("21%", "21", "Percent", "increase", "2024-H1"),
        ("RMB 1.74 billion", "1740000000", "CNY", None, "2024-H1"),
        ("nearly RMB 1.1 billion", "1100000000", "CNY", None, "2024-H1"),
        ("256%", "256", "Percent", "increase", "2024-H1"),
        ("50.6%", "50.6", "Percent", "decrease", "2024-H1"),
        ("RMB 520 million", "520000000", "CNY", None, "2024-H1"),
        ("54,000 GPUs", "54000", "GPUCard", None, "asof-2024-08"),
        ("more than 20,000 PetaFLOPS", "20000", "PetaFLOPS", None, "asof-2024-08"),
        ("about 70%", "70", "Percent", "increase", "asof-2024-08"),
        ("about 45,000 GPUs", "45000", "GPUCard", None, "asof-2023-12"),
        ("More than 3,000 enterprises", "3000", "EnterpriseCount", None, None),
        ("100%", "100", "Percent", "increase", None),
    ]


def test_draft_proposes_entities_and_figure_statements_with_quotes(ingested):
    root, zh, _ = ingested
    draft = yaml.safe_load((root / "data" / "sources" / "yunqi-zh-hans.draft.yaml")
                           .read_text("utf-8"))
    assert draft["source"] == "yunqi-zh-hans"
    names = {e["label"]["zh-Hans"]: e for e in draft["entities"] if e["class"] != "Post"}
    # the unit is named by its suffix (主要涉及自动驾驶事业群)
    assert set(names) == {"云启智能", "王海峰", "自动驾驶事业群"}
    assert names["云启智能"]["class"] == "Company" and names["王海峰"]["class"] == "Person"
    assert names["自动驾驶事业群"]["class"] == "BusinessGroup"
    assert names["云启智能"]["label"]["zh-Hant"] == "雲啓智能"
    text = zh.source.text
    for item in draft["entities"] + draft["figures"]:
        assert item["quote"] in text
    revenue = next(f for f in draft["figures"] if f.get("metric") == "revenue" and
                   "营业收入" in f["quote"])
    doubled = draft["figures"][0]  # the title's 翻倍: a change of 100%
    assert doubled["quote"] == "大模型收入翻倍"
    assert {k: revenue[k] for k in ("subject", "metric", "value", "multiplier", "unit", "period",
                                    "change")} == {
        "subject": names["云启智能"]["id"], "metric": "revenue", "value": 8.6, "multiplier": "亿",
        "unit": "元", "period": "2024-H1",
        "change": {"value": 35, "unit": "%", "direction": "increase", "basis": "year-on-year"}}
    assert revenue["quote"] == "云启智能实现营业收入8.6亿元,同比增长35%"
    assert len(draft["figures"]) == 9  # two percentages are changes of the amounts before them


def test_drafts_are_never_merged_and_new_sources_build(ingested):
    from kg.graph.build import build
    from kg.inputs.project import Project

    root, _, _ = ingested
    result = build(Project.open(root))
    g = result.graph
    assert result.summary["sources"] == 3
    assert not list(g.subjects(RDFS.label, Literal("云启智能", lang="zh-Hans")))
    huawei = URIRef(BASE + "entity/huawei-cloud")
    sources = {str(m).split("/mention/")[0].rsplit("/", 1)[1]
               for m in g.subjects(KGO.mentionOf, huawei)}
    assert sources == {"sensetime-layoffs-2024", "yunqi-zh-hans", "sensetime-en"}


def test_alias_proposal_for_a_known_name_plus_suffix(project_copy):
    from kg.ingest.intake import ingest

    article = project_copy / "note.txt"
    article.write_text("商汤科技今天宣布,商汤科技的智算服务收入增长。\n", encoding="utf-8")
    result = ingest(project_copy, article)
    assert [(c.name, c.alias_of) for c in result.candidates] == [("商汤科技", "sensetime")]
    proposal = result.draft["resolutions"][0]
    assert proposal == {"id": "sensetime-alias-1", "entity": "sensetime", "alias": "商汤科技",
                        "lang": "zh-Hans", "quote": "商汤科技今天宣布", "found_by": "suffix"}
    # accepted by a person: moved into a fact file, it is kept in the graph with its evidence
    proposal.pop("found_by")
    facts = project_copy / "data" / "facts" / "note.yaml"
    facts.write_text(yaml.safe_dump({"source": "note", "resolutions": [proposal]},
                                    allow_unicode=True), encoding="utf-8")
    from kg.graph.build import build
    from kg.inputs.project import Project

    built = build(Project.open(project_copy))
    g = built.graph
    sensetime = URIRef(BASE + "entity/sensetime")
    alias = Literal("商汤科技", lang="zh-Hans")
    assert (sensetime, SKOS.altLabel, alias) in g
    statement = URIRef(BASE + "statement/sensetime-alias-1")
    assert (statement, KGO.statementValue, alias) in g
    assert (statement, KGO.statementRelation, SKOS.altLabel) in g
    evidence = g.value(statement, KGO.hasEvidence)
    quote = [s for s in g.objects(g.value(evidence, OA.hasTarget), OA.hasSelector)
             if g.value(s, OA.exact) is not None]
    assert str(g.value(quote[0], OA.exact)) == "商汤科技今天宣布"
    # and the new name is now linked as one mention, not 商汤 plus a remainder
    note_mentions = [m for m in g.subjects(KGO.mentionOf, sensetime) if "/source/note/" in str(m)]
    assert len(note_mentions) == 2
    assert built.summary["resolutions"] == 1


def test_ingest_refuses_to_overwrite_and_unknown_kinds(ingested, tmp_path):
    root, _, _ = ingested
    again = invoke("ingest", str(ARTICLES / "yunqi-zh-hans.txt"), "-p", str(root))
    assert again.exit_code == 0 and "same text as source 'yunqi-zh-hans'" in again.output
    other = tmp_path / "yunqi-zh-hans.txt"
    other.write_text("云启智能今天发布了另一篇文章。\n", encoding="utf-8")
    clash = invoke("ingest", str(other), "-p", str(root))
    assert clash.exit_code == 2 and "--force" in clash.stderr
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    wrong = invoke("ingest", str(pdf), "-p", str(root))
    assert wrong.exit_code == 2 and ".txt, .md and .html" in wrong.stderr


def test_ingest_command_reports_json(project_copy):
    result = invoke("ingest", str(ARTICLES / "sensetime-en.html"), "--id", "st-en",
                    "--format", "json", "-p", str(project_copy))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["source"] == "st-en" and data["language"] == "en"
    assert data["linked"]["sensetime"] == 4
    assert data["draft"] == "data/sources/st-en.draft.yaml"
    assert (project_copy / "data" / "sources" / "st-en.draft.yaml").exists()


# ---------------------------------------------------------------------------------- coverage

def test_every_seed_figure_is_covered():
    result = invoke("coverage", "--format", "json", "--check", "-p", str(ROOT))
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    # 27: "減少7.7%至7.34億元" is a change and a level
    assert report["figures"] == report["figures_covered"] == 27
    assert all(f["backed_by"] for f in report["figure_details"])
    loss = next(f for f in report["figure_details"] if f["text"] == "60億美元")
    assert loss["backed_by"] == [f"operating-loss-{y}" for y in range(2018, 2024)]
    assert report["sentences_backed"] < report["sentences"]
    assert report["unbacked_sentences"][0]["text"] == "陣痛中轉型,商湯裁員背後的AI真相"
    table = invoke("coverage", "-p", str(ROOT)).output
    assert "sensetime-layoffs-2024: every figure is covered (27/27)" in table


def test_coverage_follows_the_facts_of_a_new_source(ingested):
    root, _, _ = ingested
    report = json.loads(invoke("coverage", "-s", "sensetime-en", "-f", "json", "-p",
                               str(root)).output)[0]
    assert (report["figures"], report["figures_covered"], report["sentences_backed"]) == (12, 0, 0)
    facts = root / "data" / "facts" / "sensetime-en.yaml"
    facts.write_text(
        "source: sensetime-en\n"
        "figures:\n"
        "  - id: en-revenue-2024-h1\n"
        "    subject: sensetime\n"
        "    metric: revenue\n"
        "    value: 1.74\n"
        "    multiplier: billion\n"
        "    unit: 元\n"
        "    period: 2024-H1\n"
        "    change: {value: 21, unit: '%', direction: increase, basis: year-on-year}\n"
        "    quote: revenue rose 21% year on year to RMB 1.74 billion\n", encoding="utf-8")
    try:
        report = json.loads(invoke("coverage", "-s", "sensetime-en", "-f", "json", "-p",
                                   str(root)).output)[0]
        covered = [f["text"] for f in report["figure_details"] if f["backed_by"]]
        assert covered == ["21%", "RMB 1.74 billion"]
        assert report["sentences_backed"] == 1
        check = invoke("coverage", "-s", "sensetime-en", "--check", "-p", str(root))
        assert check.exit_code == 1 and "10 figure(s) not covered" in check.stderr
    finally:
        facts.unlink()


def test_a_resolution_needs_an_alias_or_same_as(project_copy):
    facts = project_copy / "data" / "facts" / "more.yaml"
    facts.write_text("source: sensetime-layoffs-2024\nresolutions:\n  - id: r1\n"
                     "    entity: sensetime\n    alias: 商湯科技\n    lang: zh-Hant\n"
                     "    same_as: caixin\n    quote: 商湯迎來了公司成立十週年\n", encoding="utf-8")
    result = invoke("build", "-q", "--no-html", "-p", str(project_copy))
    assert result.exit_code == 2
    assert "data/facts/more.yaml:3 [r1]" in result.stderr and "same_as" in result.stderr


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "2024-00-10", "24-10-25",
                                  "2024-1-5"])
def test_ingest_refuses_an_impossible_date(project_copy, date):
    """An impossible --date is a one-line usage error naming the file; nothing is written."""
    before = sorted(p.name for p in (project_copy / "data" / "sources").iterdir())
    result = invoke("ingest", str(ARTICLES / "yunqi-zh-hans.txt"), "--date", date, "-p",
                    str(project_copy))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"'{date}'" in result.stderr and "yunqi-zh-hans.txt" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
    assert sorted(p.name for p in (project_copy / "data" / "sources").iterdir()) == before


def test_ingest_stores_a_real_leap_day(project_copy):
    result = invoke("ingest", str(ARTICLES / "yunqi-zh-hans.txt"), "--date", "2024-02-29", "-p",
                    str(project_copy))
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((project_copy / "data" / "sources" / "yunqi-zh-hans.yaml")
                          .read_text(encoding="utf-8"))
    assert meta["date"] == "2024-02-29"


@pytest.mark.parametrize("stem", ["2024", "yes", "null", "0x10", "on", "012", "true"])
def test_ingest_of_a_file_named_like_a_yaml_scalar(project_copy, tmp_path, stem):
    """The id is written quoted, so the metadata reads back as the text id and the source builds."""
    article = tmp_path / f"{stem}.txt"
    shutil.copy(ARTICLES / "yunqi-zh-hans.txt", article)
    result = invoke("ingest", str(article), "-p", str(project_copy))
    assert result.exit_code == 0, result.output
    meta_path = project_copy / "data" / "sources" / f"{stem}.yaml"
    from kg.inputs.yamlfile import load_yaml

    meta = load_yaml(meta_path, "m.yaml")
    assert (meta["id"], meta["file"], meta["original_name"]) == (stem, f"{stem}.txt",
                                                                  f"{stem}.txt")
    built = invoke("build", "-q", "--no-html", "-p", str(project_copy))
    assert built.exit_code == 0, built.output


def test_ingest_of_a_name_with_control_characters(project_copy, tmp_path):
    """DEL and C1 controls in the name are escaped in the metadata and read back unchanged."""
    name = "a\x7fb\x85c\x9f\u2028d.txt"
    article = tmp_path / name
    article.write_text("徐立\x7f說:商汤科技在2024年裁員。\n", encoding="utf-8")
    result = invoke("ingest", str(article), "--id", "ctl", "-p", str(project_copy))
    assert result.exit_code == 0, result.output
    from kg.inputs.yamlfile import load_yaml

    meta = load_yaml(project_copy / "data" / "sources" / "ctl.yaml", "ctl.yaml")
    assert meta["original_name"] == name and meta["title"].startswith("徐立\x7f說")


def test_an_ingest_that_fails_names_the_given_file(project_copy, monkeypatch):
    """When the stored source cannot be read back, the error names the file given, which
    still exists, not the metadata it removed."""
    from kg.errors import InputError
    from kg.inputs import sources

    def refuse(meta_path, label_of):
        raise InputError("is not what was written", path=label_of(meta_path), line=1)

    monkeypatch.setattr(sources, "load_source", refuse)
    result = CliRunner().invoke(cli, ["ingest", str(ARTICLES / "yunqi-zh-hans.txt"), "-p",
                                      str(project_copy)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kg: error: yunqi-zh-hans.txt")
    assert "data/sources" not in result.stderr
    assert not (project_copy / "data" / "sources" / "yunqi-zh-hans.yaml").exists()
