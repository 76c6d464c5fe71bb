"""Figures read from their context: a bare 全年 after a year's report, a share's price on its
trading day, a month/day as Taiwanese papers write it, a rate compared with a quarter, and
"improving" as a change (issue 13 section 3). Each sentence is written for these tests, in
the style of real results news."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.ingest.figures import detect_figures
from tests.rules import read_figures


_read = read_figures


def test_a_bare_full_year_after_a_years_report_is_of_that_year():
    text = ("聯發科公布2024年財報，全年營收達5305億元，年增22%。全年稅後純益1063億元，"
            "年增38%，EPS達66.9元。")
    got = _read(text, date="2025-02-07")
    assert got["1063億元"][2] == "2024"
    assert got["38%"][2:] == ("2024", "increase")
    assert got["66.9元"][2] == "2024"


def test_a_bare_full_year_with_no_year_before_is_the_reference_year():
    got = _read("公司表示，全年營收可望成長兩成。", date="2025-02-07")
    assert got["兩成"][2] == "2025"


def test_a_bare_full_year_after_a_heading_is_not_carried():
    text = "公司公布2024年財報，全年營收達100億元。\n\n展望\n\n全年營收預計達120億元。"
    got = _read(text, date="2025-03-01")
    assert got["100億元"][2] == "2024"
    assert got["120億元"][2] == "2025"


@pytest.mark.parametrize("text, date, figure, expected", [
    # 2025-10-30 is a Thursday: 今天 is that day; a price named after 股價 is of that trading day
    ("台達電今天股價盤中重挫，最低殺落1005元，終場以1010元作收。", "2025-10-30",
     "1005元", (Decimal("1005"), "CNY", "2025-10-30", None)),
    ("台達電今天股價盤中重挫，最低殺落1005元，終場以1010元作收。", "2025-10-30",
     "1010元", (Decimal("1010"), "CNY", "2025-10-30", None)),
    ("Shares of the chipmaker slid on Monday, touching a low of $98.", "2025-10-30",
     "$98", (Decimal("98"), "USD", "2025-10-27", None)),
])
def test_a_share_price_on_a_day_is_of_that_trading_day(text, date, figure, expected):
    assert _read(text, date=date)[figure] == expected


def test_an_amount_agreed_on_a_day_is_still_of_no_period():
    assert _read("小米今天同意以25億元收購一家晶片公司。", date="2025-10-30")["25億元"][2] is None


@pytest.mark.parametrize("text, figure, period", [
    ("華碩週三(3/11)鎖住漲停，股價來到584元。", "584元", "2026-03-11"),
    ("鴻海今年2/2股價來到180元。", "180元", "2026-02-02"),
    ("鴻海去年12/31股價來到200元。", "200元", "2025-12-31"),
])
def test_a_month_and_day_written_with_a_slash_is_a_day(text, figure, period):
    assert _read(text, date="2026-03-12")[figure][2] == period


def test_a_fraction_written_with_a_slash_is_no_day():
    got = _read("公司約1/3的營收，即30億元，來自伺服器。", date="2026-03-12")
    assert all(not (v[2] or "").startswith(("2026-01", "asof-2026-01")) for v in got.values())


@pytest.mark.parametrize("text, figure, expected", [
    ("Trip.com reports results for the third quarter of 2020. Packaged-tour revenue was "
     "$48 million, down 80% year-on-year but up 151% on Q2, 2020.",
     "151%", (Decimal("151"), "Percent", "2020-Q3", "increase")),
    ("Trip.com reports results for the third quarter of 2020. Marketing expenses were up "
     "71% compared to Q2 in 2020.",
     "71%", (Decimal("71"), "Percent", "2020-Q3", "increase")),
    ("Trip.com reports results for the third quarter of 2020. Net revenue for Q3 was "
     "$805 million, improving 78% on the previous quarter.",
     "78%", (Decimal("78"), "Percent", "2020-Q3", "increase")),
])
def test_a_rate_compared_with_a_quarter_is_of_the_quarter_stated(text, figure, expected):
    assert _read(text, date="2020-11-20")[figure] == expected


def test_a_rate_on_a_day_moved_that_day():
    got = _read("Shares of the lender jumped 8.2% on Tuesday.", date="2024-06-13")
    assert got["8.2%"][2:] == ("2024-06-11", "increase")


def test_periods_enumerated_with_a_comma_pair_with_as_many_amounts():
    text = "而在 2023 年、2024 全年,该系列的营收只达到了 3.68 亿元、30.4 亿元。"
    got = _read(text, date="2025-08-20")
    assert got["3.68 亿元"][2] == "2023"
    assert got["30.4 亿元"][2] == "2024"


def test_periods_enumerated_with_fewer_amounts_do_not_pair():
    text = "公司在2023年、2024年持续投入研发,累计投入30亿元。"
    got = _read(text, date="2025-08-20")
    assert got["30亿元"][2] == "2024"  # the nearest period, as before: no pairing


def test_a_year_written_apart_from_its_full_year_is_that_year():
    assert _read("该系列 2024 全年营收达到 30.4 亿元。", date="2025-08-20")["30.4 亿元"][2] == "2024"


@pytest.mark.parametrize("text, figure, value, unit", [
    ("廣達舉行旺年會，現場約1.3萬多名員工參與。", "約1.3萬多名員工", Decimal("13000"), "PersonCount"),
    ("公司去年營收達3億多元。", "3億多元", Decimal("300000000"), "CNY"),
])
def test_more_after_a_multiplier_keeps_the_unit(text, figure, value, unit):
    assert _read(text, date="2026-01-16")[figure][:2] == (value, unit)


def test_through_a_run_of_quarters_is_the_run_not_a_moment():
    text = "但截至今年前3季，伺服器電源占比已達23%。截至2025年第三季度末，員工人數為3000人。"
    got = _read(text, date="2025-10-30")
    assert got["23%"][2] == "2025-Q1/2025-Q3"
    assert got["3000人"][2] == "asof-2025-09-30"


def test_a_day_in_a_later_clause_is_not_the_period_of_an_amount():
    got = _read("聯嘉光電公告，將以800萬元收購盛創能源80%股權，預計交割日為11月30日。", date="2025-11-14")
    assert got["800萬元"][2] is None
    assert got["80%"][2] is None


def test_a_day_in_the_figures_own_clause_still_dates_it():
    got = _read("11月30日，公司股價收在58元。", date="2025-12-01")
    assert got["58元"][2] == "2025-11-30"


@pytest.mark.parametrize("text, figure, period", [
    ("Its net income for the quarter that ended on March 29 was $24.78 billion.",
     "$24.78 billion", "2025-Q1"),
    ("Net income for the three months that ended June 30 was $5 billion.", "$5 billion",
     "2025-Q2"),
    ("Revenue in the quarter which ended September 30, 2024 rose 5%.", "5%", "2024-Q3"),
])
def test_a_period_that_ended_on_a_day(text, figure, period):
    assert _read(text, date="2025-07-30")[figure][2] == period


def test_a_level_for_the_same_period_last_year_after_its_per_share_amount():
    text = ("Net income for the quarter ended March 29 was $24.78 billion, or $1.65 per share, "
            "in contrast to $23.636 billion, or $1.53 per share, for the same period last year. "
            "Revenue grew to $95.359 billion, up from $90.753 billion the previous year.")
    got = _read(text, date="2025-05-02")
    assert [got[k][2] for k in ("$24.78 billion", "$1.65", "$23.636 billion", "$1.53",
                                "$95.359 billion", "$90.753 billion")] == \
        ["2025-Q1", "2025-Q1", "2024-Q1", "2024-Q1", "2025-Q1", "2024-Q1"]


@pytest.mark.parametrize("text, figure, value", [
    ("混元2.0采用混合专家架构,具备高达406B总参数量(激活参数32B)。", "406B", Decimal("406e9")),
    ("混元2.0采用混合专家架构,具备高达406B总参数量(激活参数32B)。", "32B", Decimal("32e9")),
    ("1月15日只推了一個13b(參數總量)的模型。", "13b", Decimal("13e9")),
    ("DeepSeek released a 671B-parameter model.", "671B", Decimal("671e9")),
])
def test_a_models_size_in_parameters_is_a_count_of_no_period(text, figure, value):
    assert _read(text, date="2025-03-05")[figure] == (value, None, None, None)


@pytest.mark.parametrize("text", ["It beat Llama 3 70B models.", "Qwen 72B models are open.",
                                  "The Qwen-72B model is open.", "Revenue was 3B."])
def test_a_models_name_is_no_parameter_count(text):
    assert not [f for f in detect_figures(text) if f.unit is None]


def test_a_bare_annual_report_is_the_year_of_the_one_named_before():
    text = ("公司收到《关于2024年年度报告的问询函》。\n\n1、关于营业收入\n\n"
            "年报显示,公司实现营业收入3.98亿元,同比减少36.69%。")
    got = _read(text, date="2025-07-09")
    assert got["3.98亿元"][2] == "2024"
    assert _read("年报显示,公司实现营业收入3.98亿元。", date="2025-07-09")["3.98亿元"][2] == "2024"


def test_a_reports_total_for_its_period_keeps_the_period():
    text = "在2026財年第二財季,中國電商集團累計收入1325.78億元。國際數字商業集團累計收入347.99億元。"
    assert _read(text, date="2025-11-26")["347.99億元"][2] == "FY2026-Q2"
    assert _read("公司累計融資超過50億元。", date="2025-11-26")["超過50億元"][2] is None


@pytest.mark.parametrize("text, figure, unit", [
    ("2016年獲富士康等1億美元C輪融資。", "1億美元", "USD"),
    ("公司完成5亿元B轮融资。", "5亿元", "CNY"),
    ("The service carried 821,000 passengers last quarter.", "821,000 passengers", None),
])
def test_a_unit_before_a_latin_letter_and_counts_of_passengers(text, figure, unit):
    assert _read(text, date="2025-01-01")[figure][1] == unit
