"""Periods a figure takes from what the text says elsewhere: a headline that restates the
body's figure, 本年度 inside an annual report's words, and "last quarter" in a story dated by a
month."""

from __future__ import annotations

from kg.ingest.figures import detect_figures


def _periods(text: str, year: int | None = 2025) -> list[tuple[str, str | None]]:
    return [(f.text, f.period.key if f.period else None) for f in detect_figures(text, year=year)]


def test_a_headline_figure_takes_the_period_of_the_same_figure_in_the_body():
    text = ("騰訊音樂收入增長12%;付費用戶達1.2億。\n\n"
            "騰訊音樂公佈2025年第三季度業績,總收入為73.2億元,同比增長12%;在線音樂付費用戶為"
            "1.2億。")
    assert _periods(text) == [("12%", "2025-Q3"), ("1.2億", "2025-Q3"), ("73.2億元", "2025-Q3"),
                              ("12%", "2025-Q3"), ("1.2億", "2025-Q3")]


def test_a_headline_figure_stays_without_a_period_when_the_body_has_it_twice_apart():
    text = ("Revenue up 8% at Acme\n\n"
            "Acme's revenue rose 8% in the first quarter of 2024. Its revenue rose 8% in the "
            "second quarter of 2024 too.")
    assert _periods(text) == [("8%", None), ("8%", "2024-Q1"), ("8%", "2024-Q2")]


def test_this_year_in_an_annual_reports_words_is_the_reports_year():
    text = ("公司于近日收到关于2024年年度报告的问询函。年报显示,公司实现营业收入5.12亿元。"
            "前五名客户销售额为2.3亿元,其中三名为本年度新增客户。公司综合毛利率为41.3%。")
    assert _periods(text, 2025) == [("5.12亿元", "2024"), ("2.3亿元", "2024"), ("41.3%", "2024")]


def test_this_year_without_a_report_is_the_year_of_the_news():
    assert _periods("本年度公司综合毛利率为41.3%。", 2025) == [("41.3%", "2025")]


def test_last_quarter_in_a_story_dated_by_a_month_is_the_quarter_before_that_months():
    text = ("The company released its new model in July. Its delivery service completed "
            "1.4 million orders last quarter, a 52% increase from a year ago.")
    assert _periods(text, 2024) == [("1.4 million orders", "2024-Q2"), ("52%", "2024-Q2")]


def test_a_results_storys_subheading_goes_on_with_the_period_stated_before_it():
    text = ("小米集團公佈2025年前三季度業績,總收入達3,400億元。\n\n"
            "智能汽車業務高速增長,同比增長逾兩倍\n\n"
            "智能汽車業務收入達680億元。")
    assert _periods(text)[-1] == ("680億元", "2025-Q1/2025-Q3")
