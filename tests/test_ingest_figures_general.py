"""Figures read right in phrasings beyond the first articles (benchmarks/figs): currencies
written against the number or around it, 兆, halves and fiscal quarters written other ways,
comparison bases, a minus before a currency, rates listed with "and", and days' levels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.ingest.figures import detect_figures


def _read(text: str, year: int | None = 2025) -> list[tuple]:
    """(text, normalised value or range's lower end, unit, direction, period key, as of)."""
    out = []
    for f in detect_figures(text, year=year):
        value = f.normalized if f.value is not None else f.normalized_range[0]
        out.append((f.text, value, f.unit, f.direction, f.period.key if f.period else None,
                    bool(f.period and f.period.as_of)))
    return out


def test_a_currency_written_against_its_number_is_read():
    found = _read("Tencent announced its results for the first quarter of 2019. Total revenues "
                  "were RMB85,465 million (USD12,693 million), an increase of 16% over the "
                  "first quarter of 2018.", 2019)
    assert found == [
        ("RMB85,465 million", Decimal("85465000000"), "CNY", None, "2019-Q1", False),
        ("USD12,693 million", Decimal("12693000000"), "USD", None, "2019-Q1", False),
        ("16%", Decimal(16), "Percent", "increase", "2019-Q1", False)]


def test_currency_words_before_the_number_or_after_its_yuan_are_the_amounts():
    found = _read("台積電第3季合併營收約新台幣9,899.2億元，港幣30.48億元，前三季營收2.7629萬億元新台幣。")
    assert [(t, v, u) for t, v, u, *_ in found] == [
        ("約新台幣9,899.2億元", Decimal("989920000000"), "TWD"),
        ("港幣30.48億元", Decimal("3048000000"), "HKD"),
        ("2.7629萬億元", Decimal("2762900000000"), "TWD")]


def test_zhao_is_ten_to_the_twelfth_but_not_in_megawatts():
    found = _read("台積電今年前三季累計稅後純益達新台幣1.21兆元。電站裝機容量為100兆瓦。")
    assert [(t, v) for t, v, *_ in found] == [("新台幣1.21兆元", Decimal("1210000000000"))]


@pytest.mark.parametrize("text, period", [
    ("海港企业公布2022年度中期业绩，录得基础净亏损8600万港元。", "2022-H1"),
    ("神州泰岳2025年H1归母净利润5.09亿元。", "2025-H1"),
    ("小米2024财年第一财季营收755亿元。", "FY2024-Q1"),
    ("海港企業前年度錄得近1.1億港元虧損。", "2023"),
])
def test_halves_fiscal_quarters_and_the_year_before_last(text, period):
    assert _read(text)[0][4] == period


def test_a_rate_over_an_earlier_quarter_is_of_the_quarter_stated():
    found = _read("Total revenues were RMB11,565.6 million for the third quarter of 2012, an "
                  "increase of 9.9% over the second quarter of 2012 (QoQ) or an increase of "
                  "54.3% over the third quarter of 2011 (YoY). Gross margin decreased to 58.6% "
                  "from 59.0% last quarter.", 2012)
    assert [(t, d, p) for t, _v, _u, d, p, _a in found] == [
        ("RMB11,565.6 million", None, "2012-Q3"), ("9.9%", "increase", "2012-Q3"),
        ("54.3%", "increase", "2012-Q3"), ("58.6%", None, "2012-Q3"), ("59.0%", None, "2012-Q2")]


def test_a_minus_before_a_currency_is_the_sign():
    found = _read("In 2023 the company's operating cash flow was -RMB 1.2 billion.", 2024)
    assert found[0][:3] == ("-RMB 1.2 billion", Decimal("-1200000000"), "CNY")


def test_a_rate_listed_with_and_after_a_change_shares_its_direction():
    found = _read("NIO delivered 57,373 vehicles in the second quarter of 2024, up 143.9% year "
                  "over year and 91.1% quarter over quarter.", 2024)
    assert [(t, d, p) for t, _v, _u, d, p, _a in found][1:] == [
        ("143.9%", "increase", "2024-Q2"), ("91.1%", "increase", "2024-Q2")]


def test_a_period_after_another_figure_is_that_figures():
    found = _read("For the year ended December 31, 2024, underlying profit was HK$83 million "
                  "versus a loss of HK$200 million in 2023.")
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("HK$83 million", "2024"), ("HK$200 million", "2023")]


def test_the_same_quarter_of_a_year_is_the_quarter_the_sentence_states():
    found = _read("Baidu's total revenue in the fourth quarter of 2024 was RMB 34.1 billion, "
                  "versus RMB 34.95 billion in the same quarter of 2023, a 2% decrease.")
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("RMB 34.1 billion", "2024-Q4"), ("RMB 34.95 billion", "2023-Q4"),
        ("2%", "2024-Q4")]


def test_a_days_level_is_as_of_that_day():
    found = _read("商湯員工從2021年12月31日的6113名削減至2023年底的4531名。")
    assert [(t, p, a) for t, _v, _u, _d, p, a in found] == [
        ("6113名", "2021-12-31", True), ("4531名", "2023-12", True)]
