"""Figures read right: changes and levels, signs, lists "respectively", periods carried over,
quarters and fiscal years (detection, fact files, the graph and its shapes), directions, units."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from kg.ingest.figures import detect_figures, detect_periods
from kg.vocab import KGO
from tests.conftest import copy_project

TIME = "http://www.w3.org/2006/time#"


def _read(text: str, year: int | None = 2024) -> list[tuple]:
    """(text, normalised value or range, unit, direction, period key) of each figure."""
    out = []
    for f in detect_figures(text, year=year):
        value = f.normalized if f.value is not None else f.normalized_range
        out.append((f.text, value, f.unit, f.direction, f.period.key if f.period else None))
    return out


# ------------------------------------------------------------------------- changes and levels

def test_a_change_and_the_level_it_reaches_are_two_figures_not_a_range():
    assert _read("據財報披露,由於員工福利開支減少,2024年上半年行政開支減少7.7%至7.34億元。") == [
        ("7.7%", Decimal("7.7"), "Percent", "decrease", "2024-H1"),
        ("7.34億元", Decimal("7.34") * 10 ** 8, "CNY", None, "2024-H1")]
    assert _read("In the first half of 2024 administrative expenses fell 7.7% to RMB 734 "
                 "million.") == [
        ("7.7%", Decimal("7.7"), "Percent", "decrease", "2024-H1"),
        ("RMB 734 million", 734 * 10 ** 6, "CNY", None, "2024-H1")]
    assert _read("毛利率由10%提升至15%。", None) == [("10%", 10, "Percent", None, None),
                                                 ("15%", 15, "Percent", None, None)]


def test_real_ranges_stay_ranges():
    assert _read("公司預計2025年收入增長10%至15%,虧損收窄至3億至5億元,毛利率10-15%。") == [
        ("10%至15%", (10, 15), "Percent", "increase", "2025"),
        ("3億至5億元", (3 * 10 ** 8, 5 * 10 ** 8), "CNY", None, "2025"),
        ("10-15%", (10, 15), "Percent", None, "2025")]


def test_the_draft_pairs_the_change_with_the_level(tmp_path):
    from kg.ingest.intake import ingest

    root = copy_project(tmp_path)
    article = tmp_path / "costs.txt"
    article.write_text("商湯降本增效\n2024年上半年,商湯行政開支減少7.7%至7.34億元。\n"
                       "研發開支為-1.2億元。\n", encoding="utf-8")
    ingest(root, article)
    draft = yaml.safe_load((root / "data" / "sources" / "costs.draft.yaml").read_text("utf-8"))
    costs, rnd = draft["figures"]
    assert (costs["value"], costs["multiplier"], costs["unit"], costs["period"]) == \
        (7.34, "億", "元", "2024-H1")
    assert costs["change"] == {"value": 7.7, "unit": "%", "direction": "decrease"}
    assert costs["quote"] == "商湯行政開支減少7.7%至7.34億元"
    assert (rnd["value"], rnd["period"]) == (-1.2, "2024-H1")
    assert "carried over from an earlier sentence" in rnd["note"]


# ------------------------------------------------------------------------------------ signs

@pytest.mark.parametrize("text, value, unit, direction", [
    ("經營虧損為-6.96億元", Decimal("-6.96") * 10 ** 8, "CNY", None),
    ("虧損為-2.1億", Decimal("-2.1") * 10 ** 8, None, None),
    ("a net loss of RMB 2.1 billion", Decimal("2.1") * 10 ** 9, "CNY", None),  # the metric says loss
    ("net cash flow was RMB -1.5 billion", Decimal("-1.5") * 10 ** 9, "CNY", None),
    ("經調整淨虧損同比-7.7%", Decimal("7.7"), "Percent", "decrease"),
    ("收入同比+21%", Decimal("21"), "Percent", "increase"),
    ("經營利潤率為-12.5%", Decimal("-12.5"), "Percent", None),  # a level, no basis
])
def test_a_written_sign_is_kept(text, value, unit, direction):
    (figure,) = detect_figures(text)
    assert (figure.normalized, figure.unit, figure.direction) == (value, unit, direction)


def test_a_dash_between_numbers_is_not_a_sign():
    assert _read("2023-2024年間") == []
    assert [f.text for f in detect_figures("COVID-19期間裁員300人")] == ["300人"]


# ---------------------------------------------------------------------- lists, respectively

def test_periods_listed_with_respectively_go_to_the_figures_in_order():
    assert _read("2022年和2023年,公司收入分別為38.1億元和34.1億元,同比增長12%和下降10.5%。") == [
        ("38.1億元", Decimal("38.1") * 10 ** 8, "CNY", None, "2022"),
        ("34.1億元", Decimal("34.1") * 10 ** 8, "CNY", None, "2023"),
        ("12%", 12, "Percent", "increase", "2022"),
        ("10.5%", Decimal("10.5"), "Percent", "decrease", "2023")]
    assert [p for *_, p in _read("Revenue in 2022 and 2023 was RMB 3.81 billion and RMB 3.41 "
                                 "billion respectively.")] == ["2022", "2023"]
    assert [p for *_, p in _read("2023年第三季度及第四季度的收入分别为5亿元、6亿元。")] == \
        ["2023-Q3", "2023-Q4"]  # 第四季度 right after 2023年第三季度 is of 2023
    # without 分別 the nearest period in the clause wins
    assert [p for *_, p in _read("2022年收入38.1億元,2023年收入34.1億元。")] == ["2022", "2023"]


# ------------------------------------------------------------------------- periods carried

def test_the_period_carries_over_sentences_and_line_breaks_until_reset():
    text = ("# 上半年業績\n"
            "2024年上半年,公司收入為8億元。毛利為3億元。\n"
            "經營虧損為1億元。\n\n"
            "截至6月底,員工3000人。研發人員佔60%。期內收入為9億元。\n"
            "2023年全年收入為15億元。\n"
            "淨虧損為6億元。\n"
            "## 展望\n"
            "公司計劃投入20億元。\n")
    figures = detect_figures(text, year=2024)
    read = [(f.text, f.period.key if f.period else None, f.period.inferred if f.period else None)
            for f in figures]
    assert read == [
        ("8億元", "2024-H1", False), ("3億元", "2024-H1", True), ("1億元", "2024-H1", True),
        ("3000人", "2024-06", True),  # 6月底: the month of the reference year, as of its end
        ("60%", "2024-06", True),  # an as-of moment carries to a sentence about stocks
        ("9億元", "2024-H1", True),  # and a flow goes back to the period stated before it
        ("15億元", "2023", False), ("6億元", "2023", True),
        ("20億元", None, None)]  # a heading resets the period
    carried = figures[1].period
    assert carried.carried and carried.text == "2024年上半年" and figures[0].period.carried is False


# ------------------------------------------------------------------ quarters and fiscal years

@pytest.mark.parametrize("text, key, inferred", [
    ("2024年第二季度", "2024-Q2", False), ("2024年第二季", "2024-Q2", False),
    ("2024年二季度", "2024-Q2", False), ("2024年Q2", "2024-Q2", False),
    ("第二季", "2024-Q2", True), ("三季度", "2024-Q3", True), ("今年第四季度", "2024-Q4", True),
    ("去年三季度", "2023-Q3", True), ("2024年前三季度", "2024-Q1/2024-Q3", False),
    ("Q2 2024", "2024-Q2", False), ("2Q24", "2024-Q2", False), ("Q3'24", "2024-Q3", False),
    ("2024 Q1", "2024-Q1", False), ("the second quarter of 2024", "2024-Q2", False),
    ("the July-September quarter", "2024-Q3", True), ("the June quarter of 2023", "2023-Q2", False),
    ("the three months ended September 30, 2024", "2024-Q3", False),
    ("截至2024年6月30日止六個月", "2024-H1", False), ("截至2024年9月30日止三個月", "2024-Q3", False),
    ("the year ended 31 December 2023", "2023", False),
    ("2024財年", "FY2024", False), ("2024财年", "FY2024", False), ("2025財政年度", "FY2025", False),
    ("fiscal 2024", "FY2024", False), ("fiscal year 2024", "FY2024", False),
    ("FY2024", "FY2024", False), ("FY24", "FY2024", False),
    ("the fiscal year ended March 31, 2024", "FY2024-03", False),
    ("截至2024年3月31日止財政年度", "FY2024-03", False),
    ("Q2 FY2025", "FY2025-Q2", False), ("1H24", "2024-H1", False),
])
def test_quarters_and_fiscal_years(text, key, inferred):
    (period,) = detect_periods(text, year=2024)
    assert (period.key, period.inferred, period.as_of) == (key, inferred, False)
    assert period.text == text


def test_quarter_and_fiscal_year_keys_are_fact_file_forms():
    from kg.inputs.vocabulary import PERIOD_RE

    for key in ("2024-Q1", "2024-Q4", "FY2024", "FY2024-03", "2024", "2024-H2", "2024-08"):
        assert PERIOD_RE.match(key), key
    for key in ("2024-Q5", "2024-Q0", "FY24", "FY2024-13", "FY2024-Q2", "2024-Q1/2024-Q3"):
        assert not PERIOD_RE.match(key), key


_PERIODS = {"operating-loss-2018": "2018-Q4", "operating-loss-2019": "FY2019",
            "operating-loss-2020": "FY2020-03"}


def _with_periods(project, periods: dict[str, str]) -> None:
    facts = project / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    for ident, key in periods.items():
        year = ident[-4:]
        head = f"  - id: {ident}\n"
        at = text.index(head)
        line = text.index(f'    period: "{year}"\n', at)
        text = text[:line] + f'    period: "{key}"\n' + text[line + len(f'    period: "{year}"\n'):]
    facts.write_text(text, encoding="utf-8")


def test_quarters_and_fiscal_years_in_the_graph_validate(tmp_path):
    from kg.check.shacl import load_shapes, validate_graph
    from kg.graph.build import build
    from kg.inputs.project import Project

    project = copy_project(tmp_path)
    _with_periods(project, _PERIODS)
    built = build(Project.open(project))
    g, base = built.graph, built.inputs.project.base
    shapes = load_shapes(sorted((project / "ontology").glob("shapes*.ttl")), str)
    report = validate_graph(g, built.ontology, shapes)
    assert report.conforms, report.text()

    def period(key):
        node = URIRef(base + "period/" + key)
        labels = {lit.language: str(lit) for lit in g.objects(node, RDFS.label)}
        bounds = tuple(str(g.value(g.value(node, URIRef(TIME + edge)),
                                   URIRef(TIME + "inXSDDateTime")))
                       if g.value(node, URIRef(TIME + edge)) else None
                       for edge in ("hasBeginning", "hasEnd"))
        return str(g.value(node, KGO.periodKind)), labels, bounds

    assert period("2018-Q4") == ("quarter", {"zh-Hant": "2018年第四季度", "zh-Hans":
                                             "2018年第四季度", "en": "Q4 2018"},
                                 ("2018-10-01T00:00:00", "2018-12-31T00:00:00"))
    assert period("FY2019") == ("fiscal-year", {"zh-Hant": "2019財年", "zh-Hans": "2019财年",
                                                "en": "FY2019"}, (None, None))
    assert period("FY2020-03") == ("fiscal-year", {
        "zh-Hant": "2020財年（截至2020年3月）", "zh-Hans": "2020财年（截至2020年3月）",
        "en": "FY2020 (ending Mar 2020)"}, ("2019-04-01T00:00:00", "2020-03-31T00:00:00"))
    assert (URIRef(base + "period/FY2019"), RDF.type, URIRef(TIME + "ProperInterval")) in g
    fig = URIRef(base + "figure/operating-loss-2018")
    labels = {lit.language: str(lit) for lit in g.objects(fig, RDFS.label)}
    assert "Q4 2018" in labels["en"] and "2018年第四季度" in labels["zh-Hant"], labels


def test_the_period_shape_rejects_a_bounded_fiscal_year_key_without_bounds(tmp_path):
    from kg.check.shacl import load_shapes, validate_graph
    from kg.graph.build import build
    from kg.inputs.project import Project

    project = copy_project(tmp_path)
    _with_periods(project, {"operating-loss-2018": "FY2018-03", "operating-loss-2019": "2019-Q1"})
    built = build(Project.open(project))
    g, base = built.graph, built.inputs.project.base
    for key in ("FY2018-03", "2019-Q1"):  # a bounded period that lost its bounds
        node = URIRef(base + "period/" + key)
        for edge in ("hasBeginning", "hasEnd"):
            g.remove((node, URIRef(TIME + edge), None))
    shapes = load_shapes(sorted((project / "ontology").glob("shapes*.ttl")), str)
    report = validate_graph(g, built.ontology, shapes)
    assert not report.conforms
    text = report.text()
    assert "period/FY2018-03" in text or "FY2018-03" in text
    assert "2019-Q1" in text


def test_a_bad_period_names_the_forms(tmp_path):
    from kg.errors import InputError
    from kg.graph.build import build
    from kg.inputs.project import Project

    project = copy_project(tmp_path)
    _with_periods(project, {"operating-loss-2018": "2018-Q5"})
    with pytest.raises(InputError) as caught:
        build(Project.open(project))
    message = str(caught.value)
    assert "[operating-loss-2018]" in message and "'2018-Q5' is not a period" in message
    assert "'YYYY-Q1' to 'YYYY-Q4'" in message and "'FYYYYY'" in message


# ------------------------------------------------------------------------------ directions

@pytest.mark.parametrize("text, direction", [
    ("經調整虧損同比縮窄26.5%", "narrowing"), ("经调整亏损同比缩窄26.5%", "narrowing"),
    ("虧損收窄26.5%", "narrowing"), ("losses narrowed 26.5%", "narrowing"),
    ("revenue surged 40%", "increase"), ("shares soared 40%", "increase"),
    ("revenue grows 3%", "increase"), ("revenue grew 3%", "increase"),
    ("revenue rose 3%", "increase"), ("shipments jumped 3%", "increase"),
    ("gaining 3% on the day", "increase"), ("the stock climbed 3%", "increase"),
    ("revenue drops 3%", "decrease"), ("revenue dropped 3%", "decrease"),
    ("revenue fell 3%", "decrease"), ("revenue declined 3%", "decrease"),
    ("margins slid 3%", "decrease"), ("profit plunged 30%", "decrease"),
    ("the unit shrank 3%", "decrease"), ("收入上升3%", "increase"), ("收入攀升3%", "increase"),
    ("銷量大增30%", "increase"), ("利潤銳減40%", "decrease"), ("利润锐减40%", "decrease"),
    ("股價下跌3%", "decrease"), ("收入下滑3%", "decrease"), ("同比增幅為21%", "increase"),
])
def test_direction_words(text, direction):
    (figure,) = detect_figures(text)
    assert figure.direction == direction


@pytest.mark.parametrize("text", ["毛利率增至45%", "毛利率降至3.5%", "the margin rose to 45%"])
def test_a_percentage_reached_is_a_level_not_a_change(text):
    (figure,) = detect_figures(text)
    assert (figure.unit, figure.direction) == ("Percent", None)


def test_direction_words_are_written_once_and_match_both_scripts():
    from kg.ingest.figures import DIRECTIONS
    from kg.text import fold

    folded = [fold(word) for word in DIRECTIONS]
    assert len(folded) == len(set(folded))  # no word twice, in either script


# ------------------------------------------------------------------------- amounts as written

@pytest.mark.parametrize("text, value, unit, unit_text, qualifier", [
    ("5千萬元", 5 * 10 ** 7, "CNY", "元", None), ("3百萬元", 3 * 10 ** 6, "CNY", "元", None),
    ("RMB 1.2bn", Decimal("1.2") * 10 ** 9, "CNY", "RMB", None),
    ("RMB 520mn", 520 * 10 ** 6, "CNY", "RMB", None),
    ("HK$3.5 billion", Decimal("3.5") * 10 ** 9, "HKD", "HK$", None),
    ("US$3.5 billion", Decimal("3.5") * 10 ** 9, "USD", "US$", None),
    ("1,234.5 million yuan", Decimal("1234.5") * 10 ** 6, "CNY", "yuan", None),
    ("人民幣12億", 12 * 10 ** 8, "CNY", "人民幣", None),
    ("12億港元", 12 * 10 ** 8, "HKD", "港元", None),
    ("逾300家", 300, "EnterpriseCount", "家", "more-than"),
    ("超500人", 500, "PersonCount", "人", "more-than"),
    ("近40%", 40, "Percent", "%", "nearly"), ("約3億元", 3 * 10 ** 8, "CNY", "元", "approximately"),
    # 高達 stresses a large, exact value; 最多 bounds it
    ("高達60%", 60, "Percent", "%", "as-high-as"), ("高达60%", 60, "Percent", "%", "as-high-as"),
    ("最多3億元", 3 * 10 ** 8, "CNY", "元", "up-to"),
    ("３億元", 3 * 10 ** 8, "CNY", "元", None),  # full-width digits
    ("3.1個百分點", Decimal("3.1"), None, "個百分點", None),
    ("3.1 percentage points", Decimal("3.1"), None, "percentage points", None),
])
def test_amounts_as_written(text, value, unit, unit_text, qualifier):
    (figure,) = detect_figures(text)
    assert (figure.normalized, figure.unit, figure.unit_text, figure.qualifier) == \
        (value, unit, unit_text, qualifier)
    assert figure.text == text


# ------------------------------------------------------- comparisons: a year or a quarter before

def test_a_level_stated_for_the_year_before_gets_that_period():
    assert _read("2024年第三季度,小鵬汽車毛利率為15.3%,上一季度為14.0%,去年同期為-2.7%。") == [
        ("15.3%", Decimal("15.3"), "Percent", None, "2024-Q3"),
        ("14.0%", Decimal("14.0"), "Percent", None, "2024-Q2"),
        ("-2.7%", Decimal("-2.7"), "Percent", None, "2023-Q3")]
    assert _read("期內淨虧損為50.5億元,較上年同期的60.6億元收窄16.7%。", None)[1:] == [
        ("60.6億元", Decimal("60.6") * 10 ** 8, "CNY", None, None),
        ("16.7%", Decimal("16.7"), "Percent", "narrowing", None)]
    text = ("In the three months ended June 30, 2024, revenue rose 10% to $5 billion from "
            "$4.5 billion a year ago. The company had 9,800 employees at the end of June, down "
            "from 10,400 employees a year earlier.")
    assert [(f.text, p) for f, (*_, p) in zip(detect_figures(text, year=2024), _read(text))] == [
        ("10%", "2024-Q2"), ("$5 billion", "2024-Q2"), ("$4.5 billion", "2023-Q2"),
        ("9,800 employees", "2024-06"), ("10,400 employees", "2023-06")]
    # a change compared with the year before keeps the period it is stated for
    assert _read("2024年上半年收入較上年同期增長25%。") == [
        ("25%", 25, "Percent", "increase", "2024-H1")]


def test_a_compared_year_right_before_a_level_is_its_period():
    assert [(t, p) for t, _, _, _, p in _read("2023年收入為34億元,較2022年的38億元下降10%。")] == \
        [("34億元", "2023"), ("38億元", "2022"), ("10%", "2023")]


def test_the_same_period_of_earlier_years_takes_the_part_of_the_year_carried():
    text = ("截至2024年6月30日止六個月,公司收入為20億元。2022年及2023年同期,收入分別為7.8億元及"
            "10.6億元。期內,公司淨虧損為3.8億元。")
    assert [p for *_, p in _read(text)] == ["2024-H1", "2022-H1", "2023-H1", "2024-H1"]


# --------------------------------------------------------------------- which period carries on

def test_targets_and_bases_do_not_carry_their_period_on():
    text = ("Nio delivered 61,855 vehicles in the third quarter and expects to beat its "
            "full-year target of 230,000 vehicles. Its vehicle margin was 13.1%, up from 12.2% "
            "in the second quarter. Revenue reached RMB 18.7 billion.")
    assert [(t, p) for t, _, _, _, p in _read(text)] == [
        ("61,855 vehicles", "2024-Q3"), ("230,000 vehicles", "2024"), ("13.1%", "2024-Q3"),
        ("12.2%", "2024-Q2"), ("RMB 18.7 billion", "2024-Q3")]


def test_after_an_as_of_moment_a_sentence_pointing_back_gets_the_period_before():
    text = ("第三季度收入為18.9億元。截至9月30日,公司現金為26.5億元,員工3,200人。"
            "研發人員佔55%。本季度研發開支為3.1億元。")
    assert [(t, p) for t, _, _, _, p in _read(text)] == [
        ("18.9億元", "2024-Q3"), ("26.5億元", "2024-09-30"), ("3,200人", "2024-09-30"),
        ("55%", "2024-09-30"), ("3.1億元", "2024-Q3")]
    text = ("Revenue for the first nine months of 2024 was RMB 54.6 billion, after RMB 18.9 "
            "billion in the third quarter. Cash stood at RMB 26.5 billion as of September 30, "
            "2024. R&D spending rose 8% in the quarter.")
    assert [p for *_, p in _read(text)][-1] == "2024-Q3"  # "in the quarter": the last quarter


# ------------------------------------------------------------------ periods as news writes them

@pytest.mark.parametrize("text, key, inferred", [
    ("2024年1-9月", "2024-Q1/2024-Q3", False), ("2024年1月至6月", "2024-H1", False),
    ("2024年7-9月", "2024-Q3", False), ("前9個月", "2024-Q1/2024-Q3", True),
    ("the first nine months of 2024", "2024-Q1/2024-Q3", False),
    ("the first three quarters", "2024-Q1/2024-Q3", True), ("the first half", "2024-H1", True),
    ("full-year", "2024", True), ("全年", "2024", True),
    ("the three months to June", "2024-Q2", True), ("截至6月30日止六個月", "2024-H1", True),
    ("fiscal 2024, which ended March 31, 2024", "FY2024-03", False),
    ("2025財年(截至2025年3月31日)", "FY2025-03", False),
    ("the second quarter of its fiscal year 2025", "FY2025-Q2", False),
    ("2024年中期", "2024-H1", False), ("截至2024年9月30日止第二財季", "2024-Q3", False),
    ("本年度", "2024", True), ("at the end of June", "2024-06", True),
    ("third-quarter", "2024-Q3", True), ("first-half", "2024-H1", True),
    ("August", "2024-08", True),  # "in August": the month of the reference year
])
def test_periods_as_news_writes_them(text, key, inferred):
    (period,) = detect_periods(("in " if text == "August" else "") + text, year=2024)
    assert (period.key, period.inferred, period.text) == (key, inferred, text)


def test_markers_of_an_earlier_period_are_no_period_of_their_own():
    assert detect_periods("去年同期為虧損2.2億元,上一季度為9.2%", year=2024) == []
    assert [p.key for p in detect_periods("第一季度", year=2024)] == ["2024-Q1"]


def test_respectively_takes_the_last_list_of_periods():
    assert [p for *_, p in _read("進入下半年,蔚來7月及8月分別交付新車20,498輛和20,176輛。")] == \
        ["2024-07", "2024-08"]


# ------------------------------------------------------------------- units, ranges, directions

@pytest.mark.parametrize("text, value, unit, unit_text", [
    ("交付新車57,373輛", 57373, None, "輛"), ("售出3.2萬台", 32000, None, "台"),
    ("delivered 39,790 electric vehicles", 39790, None, "vehicles"),
    ("shipped 42.8 million units", Decimal("42.8") * 10 ** 6, None, "units"),
    ("bought back 414 million ordinary shares", 414 * 10 ** 6, None, "shares"),
    ("hired 3,000 full-time employees", 3000, "PersonCount", "employees"),
    ("NT$3 billion", 3 * 10 ** 9, "TWD", "NT$"), ("12億新台幣", 12 * 10 ** 8, "TWD", "新台幣"),
    ("5億日元", 5 * 10 ** 8, "JPY", "日元"), ("€2.1 billion", Decimal("2.1") * 10 ** 9, "EUR", "€"),
    ("3億韓元", 3 * 10 ** 8, None, "韓元"), ("cut 1,000 jobs", 1000, "PersonCount", "jobs"),
    ("10,000 Nvidia GPUs", 10000, "GPUCard", "GPUs"), ("4,000 PFLOPS", 4000, "PetaFLOPS", "PFLOPS"),
    ("3 billion RMB", 3 * 10 ** 9, "CNY", "RMB"), ("£1.2 billion", Decimal("1.2") * 10 ** 9, "GBP", "£"),
    ("3億英鎊", 3 * 10 ** 8, "GBP", "英鎊"), ("GBP 500 million", 500 * 10 ** 6, "GBP", "GBP"),
])
def test_things_counted_and_currencies_of_the_region(text, value, unit, unit_text):
    (figure,) = detect_figures(text)
    assert (figure.normalized, figure.unit, figure.unit_text) == (value, unit, unit_text)


def test_a_percent_or_amount_then_one_word_is_no_count():
    assert [f.unit for f in detect_figures("5% of users, RMB 3 billion from customers")] == \
        ["Percent", "CNY"]


def test_ranges_of_amounts_and_a_change_to_a_level():
    assert _read("收入將介乎191.1億元至198.4億元。", None) == [
        ("191.1億元至198.4億元", (Decimal("191.1") * 10 ** 8, Decimal("198.4") * 10 ** 8), "CNY",
         None, None)]
    assert _read("revenue of between RMB 1.2 billion and RMB 1.5 billion", None)[0][1] == \
        (Decimal("1.2") * 10 ** 9, Decimal("1.5") * 10 ** 9)
    assert _read("收入增加3.2億元至18億元。", None) == [
        ("3.2億元", Decimal("3.2") * 10 ** 8, "CNY", "increase", None),
        ("18億元", 18 * 10 ** 8, "CNY", None, None)]
    assert _read("Shipments grew by 2 million units to 12 million units.", None) == [
        ("2 million units", 2 * 10 ** 6, None, "increase", None),
        ("12 million units", 12 * 10 ** 6, None, None, None)]


@pytest.mark.parametrize("text, directions", [
    ("毛利率同比下降2.8個百分點至42.5%", ["decrease", None]),
    ("margin slid 1.9 percentage points to 11.9%", ["decrease", None]),
    ("較上年同期的3.2%提升10.2個百分點", [None, "increase"]),
    ("收入按年升21%,純利按年跌8%", ["increase", "decrease"]), ("股價大漲8%", ["increase"]),
    ("經營虧損減少1.2億元", ["decrease"]), ("revenue increased by RMB 500 million", ["increase"]),
    ("收入為8億元,增長21%", [None, "increase"]), ("虧損收窄至3億元", [None]),
    ("the loss was narrower by 12%", ["narrowing"]), ("losses widen 5%", ["widening"]),
])
def test_directions_of_points_amounts_and_short_verbs(text, directions):
    assert [f.direction for f in detect_figures(text)] == directions


def test_the_year_before_and_the_same_quarter_of_a_year_named():
    assert _read("第四範式2023年度收入為42億元,上年度為30.8億元。")[1][4] == "2022"
    assert _read("Pony.ai reported revenue of US$39.5 million for the third quarter, up 72% "
                 "from the same quarter of 2023.") == [
        ("US$39.5 million", Decimal("39.5") * 10 ** 6, "USD", None, "2024-Q3"),
        ("72%", 72, "Percent", "increase", "2024-Q3")]  # a change, not of the year compared


def test_the_draft_keeps_changes_of_amounts_and_points_apart(tmp_path):
    from kg.ingest.intake import ingest

    root = copy_project(tmp_path)
    article = tmp_path / "xiaomi.txt"
    article.write_text("小米業績\n2024年上半年,小米收入增加3.2億元至18億元,毛利率同比提升3.5個百分點至"
                       "41.2%,經營虧損減少1.2億元。\n", encoding="utf-8")
    ingest(root, article)
    draft = yaml.safe_load((root / "data" / "sources" / "xiaomi.draft.yaml").read_text("utf-8"))
    read = [(f["value"], f.get("unit"), f.get("change"), "change" in f.get("note", ""))
            for f in draft["figures"]]
    assert read == [(3.2, "元", None, True), (18, "元", None, False), (3.5, None, None, True),
                    (41.2, "%", None, False), (1.2, "元", None, True)]


# ---------------------------------------------------------- phrasings of other outlets (round 4)

def test_the_first_three_quarters_written_without_du_and_with_a_digit():
    assert _read("商湯前三季收入為25億元,較去年同期的20億元增加。") == [
        ("25億元", 25 * 10 ** 8, "CNY", None, "2024-Q1/2024-Q3"),
        ("20億元", 20 * 10 ** 8, "CNY", None, "2023-Q1/2023-Q3")]
    assert _read("公司2023年前3季营收为9亿元。")[0][4] == "2023-Q1/2023-Q3"


def test_a_minus_written_as_a_word_is_a_sign():
    assert _read("該公司上半年淨利為負3.5億元,负债12亿元。") == [
        ("負3.5億元", -Decimal("3.5") * 10 ** 8, "CNY", None, "2024-H1"),
        ("12亿元", 12 * 10 ** 8, "CNY", None, "2024-H1")]


def test_the_reporting_period_is_the_reports_not_a_quarter_broken_out():
    text = ("某公司半年报\n上半年营收为20亿元。其中第二季度营收12亿元。报告期内毛利率为41%。"
            "研发费用3亿元。截至报告期末,员工总数为1,500人。")
    assert [(t, p) for t, _, _, _, p in _read(text)] == [
        ("20亿元", "2024-H1"), ("12亿元", "2024-Q2"), ("41%", "2024-H1"), ("3亿元", "2024-H1"),
        ("1,500人", "2024-06-30")]
    assert detect_figures(text, year=2024)[-1].period.as_of
    assert [p.key for p in detect_periods("某公司2023年半年报:营收为20亿元。")] == ["2023-H1"]


def test_the_same_period_a_year_before_opening_a_sentence_holds_for_all_of_it():
    assert _read("上半年营收为30亿元。上年同期,公司营收为24亿元,净利润为2亿元。") == [
        ("30亿元", 30 * 10 ** 8, "CNY", None, "2024-H1"),
        ("24亿元", 24 * 10 ** 8, "CNY", None, "2023-H1"),
        ("2亿元", 2 * 10 ** 8, "CNY", None, "2023-H1")]


@pytest.mark.parametrize("text, directions", [
    ("The company cut prices by 12% in 2024.", ["decrease"]),
    ("It slashed 3,000 jobs last year.", ["decrease"]),
    ("該行將手續費下調8%。", ["decrease"]), ("costs were reduced by 5%", ["decrease"]),
])
def test_cuts_and_reductions_are_decreases(text, directions):
    assert [f.direction for f in detect_figures(text)] == directions


def test_a_day_is_no_period_of_what_later_sentences_state():
    """A dateline or "on May 9" says when something happened: the amounts stated after it
    have no period of their own, while a year or a quarter stated before still carries on."""
    text = ("Robot makers raise money\n\nMay 9, 2021\n\nYuanli Robotics said it raised $45 million. "
            "On May 3, Cobot Labs closed a $12 million round.\n\n"
            "In 2020, revenue rose 30%. Net profit was $3 million.\n")
    got = {f.text: (f.period.key if f.period else None) for f in detect_figures(text, year=2021)}
    assert got["$45 million"] is None and got["$12 million"] is None
    assert got["30%"] == "2020" and got["$3 million"] == "2020"
