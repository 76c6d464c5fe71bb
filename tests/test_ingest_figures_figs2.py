"""Figures read right in phrasings of the second figures set (benchmarks/figs2): cents, dollars
the vocabulary lacks, abbreviated multipliers, compound and Chinese-numeral amounts, 多 / 余,
Chinese-numeral years, first three quarters, quarters ended without a year, as of a quarter's
end, negative rates, a year earlier after a per-share amount, bases' and parenthesised years,
and 元 after 新台幣."""

from __future__ import annotations

from decimal import Decimal

from kg.ingest.figures import detect_figures
from tests.test_ingest_figures_general import _read




def test_cents_per_share_are_hundredths_of_the_currency():
    found = _read("Sprint's net loss narrowed to $283 million, or 7 cents per share. Henderson's "
                  "basic earnings per share were 12.1港仙.", 2017)
    assert [(t, v, u) for t, v, u, *_ in found] == [
        ("$283 million", Decimal("283000000"), "USD"), ("7 cents", Decimal("0.07"), "USD"),
        ("12.1港仙", Decimal("0.121"), "HKD")]


def test_canadian_dollars_are_no_us_dollars():
    found = _read("Normalized net income was a loss of C$1.4 million, compared with a loss of "
                  "C$4.8 million.")
    assert [(t, v, u) for t, v, u, *_ in found] == [
        ("C$1.4 million", Decimal("1400000"), None), ("C$4.8 million", Decimal("4800000"), None)]


def test_m_after_a_currency_is_million():
    found = _read("Net loss narrowed 31.1% to -$4.6M, or -$0.05 per share, from -$6.6M.")
    assert [(t, v) for t, v, *_ in found] == [
        ("31.1%", Decimal("31.1")), ("-$4.6M", Decimal("-4600000")),
        ("-$0.05", Decimal("-0.05")), ("-$6.6M", Decimal("-6600000"))]


def test_a_smaller_multipliers_part_after_a_larger_one_is_added():
    found = _read("鴻海第3季合併營收新台幣2兆589.49億元，較第2季的1兆7934.68億元季增14.47%。另有收入1億2000萬元。")
    assert [(t, v, u, p) for t, v, u, _d, p, _a in found] == [
        ("新台幣2兆589.49億元", Decimal("2058949000000"), "TWD", "2025-Q3"),
        ("1兆7934.68億元", Decimal("1793468000000"), "TWD", "2025-Q2"),
        ("14.47%", Decimal("14.47"), "Percent", "2025-Q3"),
        # a bare 元 in a text that names the New Taiwan dollar (and no renminbi) is that dollar
        ("1億2000萬元", Decimal("120000000"), "TWD", "2025-Q3")]


def test_more_than_written_after_the_number():
    found = detect_figures("小米已经投资了400多家企业，Fitbit 支援全球 2800 多萬活躍用戶。")
    assert [(f.text, f.normalized, f.qualifier) for f in found] == [
        ("400多家", Decimal(400), "more-than"), ("2800 多萬", Decimal(28000000), "more-than")]


def test_amounts_and_years_in_chinese_numerals():
    found = _read("截至2025年6月30日止六個月，恒基地產每股基礎盈利為港幣0.63元（二零二四年：港幣1.12元）。"
                  "期內投資物業錄得公允價值虧損港幣一億四千萬元（二零二四年：港幣二十二億六千七百萬元）。")
    assert [(t, v, u, p) for t, v, u, _d, p, _a in found] == [
        ("港幣0.63元", Decimal("0.63"), "HKD", "2025-H1"),
        ("港幣1.12元", Decimal("1.12"), "HKD", "2024-H1"),
        ("港幣一億四千萬元", Decimal("140000000"), "HKD", "2025-H1"),
        ("港幣二十二億六千七百萬元", Decimal("2267000000"), "HKD", "2024-H1")]


def test_a_parenthesised_year_is_only_its_figures():
    found = _read("海港企业公布2022年度中期业绩，录得基础净亏损8600万港元（2021年：2900万港元）。"
                  "集团收入减少70%至5.38亿港元。", 2022)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("8600万港元", "2022-H1"), ("2900万港元", "2021-H1"), ("70%", "2022-H1"),
        ("5.38亿港元", "2022-H1")]


def test_the_first_three_quarters_written_hong_kong_style():
    found = _read("皖通高速公佈截至9月30日止首三季度業績，歸屬股東淨利潤12.21億元人民幣，按年下滑9.6%。"
                  "期內營業收入50.43億元，按年增加16.1%。")
    assert {p for *_, p, _a in found} == {"2025-Q1/2025-Q3"}


def test_a_quarter_ended_without_its_year_is_of_the_reference_year():
    found = _read("Sprint said its net loss narrowed to $283 million in the fourth quarter ended "
                  "March 31, from $554 million, or 14 cents per share, a year earlier. Napster "
                  "reported a net loss of $9 million for the fiscal quarter ended Sept. 30.", 2017)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("$283 million", "2017-Q1"), ("$554 million", "2016-Q1"), ("14 cents", "2016-Q1"),
        ("$9 million", "2017-Q3")]


def test_as_of_a_quarters_end_is_its_last_day():
    found = _read("小米Q1财报显示，截至一季度末，小米共投资超过320家公司。", 2021)
    assert found[0][4:] == ("2021-03-31", True)


def test_a_negative_rate_is_a_level_below_zero():
    found = _read("The normalized profit margin climbed to negative 28.7% from negative 106.6% in "
                  "the year-earlier period.")
    assert [(t, v, d) for t, v, _u, d, _p, _a in found] == [
        ("negative 28.7%", Decimal("-28.7"), None), ("negative 106.6%", Decimal("-106.6"), None)]


def test_growth_in_taiwan_and_the_year_before():
    found = _read("鴻海今年前三季資本支出約新台幣1,128億元，年成長17%。中國東方航空2024年股東應佔虧損42.26億元"
                  "人民幣，較上年的81.90億元人民幣收窄。")
    assert [(t, d, p) for t, _v, _u, d, p, _a in found] == [
        ("約新台幣1,128億元", None, "2025-Q1/2025-Q3"), ("17%", "increase", "2025-Q1/2025-Q3"),
        ("42.26億元", None, "2024"), ("81.90億元", None, "2023")]


def test_a_period_after_a_base_is_not_the_next_clauses():
    found = _read("China Southern Airlines' loss narrowed to RMB1.77 billion in 2024 from RMB4.14 "
                  "billion in 2023, while turnover rose 8.9% to RMB174.22 billion. Twitter had "
                  "321 million monthly active users in the fourth quarter of 2018, down from 326 "
                  "million in the third quarter and 330 million a year earlier.")
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("RMB1.77 billion", "2024"), ("RMB4.14 billion", "2023"), ("8.9%", "2024"),
        ("RMB174.22 billion", "2024"), ("321 million monthly active users", "2018-Q4"),
        ("326 million", "2018-Q3"),
        ("330 million", "2017-Q4")]


def test_yuan_after_new_taiwan_dollars_in_a_sentence_is_theirs():
    # (a text naming no renminbi would be read as Taiwan's, its every bare 元 the Taiwan dollar)
    found = _read("鴻海每股純益新台幣4.15元，去年同期為3.55元。上汽每股收益人民幣0.6元，去年同期為0.5元。")
    assert [(t, u) for t, _v, u, *_ in found] == [
        ("新台幣4.15元", "TWD"), ("3.55元", "TWD"), ("人民幣0.6元", "CNY"), ("0.5元", "CNY")]


def test_fiscal_quarters_against_chinese_characters():
    found = _read("Hopper平台FY26Q3营收约为20亿美元。")
    assert found[0][4] == "FY2026-Q3"


def test_hyphenated_amounts():
    found = _read("Alibaba is in the midst of a three-year, 380-billion-yuan investment cycle.")
    assert found[0][:3] == ("380-billion-yuan", Decimal("380000000000"), "CNY")


def test_a_fiscal_quarter_without_its_year_is_of_the_latest_fiscal_year_stated():
    found = _read("Microsoft finished fiscal 2009 with 92,736 direct employees, compared with "
                  "91,259 at the end of fiscal 2008. It saved $750 million in operating expenses "
                  "in its fiscal fourth quarter. 英伟达2026财年第三财季营收570亿美元，预计第四财季营收650亿美元。",
                  2009)
    assert [(t, p) for t, _v, _u, _d, p, _a in found][2:] == [
        ("$750 million", "FY2009-Q4"), ("570亿美元", "FY2026-Q3"), ("650亿美元", "FY2026-Q4")]


def test_a_loss_that_improves_narrows_and_a_margin_that_improves_rises():
    found = _read("Operating loss improved 33.7% to -$4.3M. 风电设备毛利率大幅改善4.22个百分点至7.97%。")
    assert [(t, d) for t, _v, _u, d, _p, _a in found] == [
        ("33.7%", "narrowing"), ("-$4.3M", None), ("4.22个百分点", "increase"), ("7.97%", None)]


def test_bare_counts_compared_with_a_counted_figure_are_counts_of_it():
    found = _read("Microsoft finished fiscal 2009 with 92,736 direct employees, compared with "
                  "91,259 at the end of fiscal 2008. Amazon ended the quarter with 1.46 million "
                  "employees, about 4,000 fewer than three months earlier.", 2009)
    assert [(t, v, u, d) for t, v, u, d, _p, _a in found] == [
        ("92,736 direct employees", Decimal(92736), "PersonCount", None),
        ("91,259", Decimal(91259), "PersonCount", None),
        ("1.46 million employees", Decimal(1460000), "PersonCount", None),
        ("about 4,000", Decimal(4000), "PersonCount", "decrease")]


def test_things_counted_after_two_words():
    found = _read("Alibaba Cloud's infrastructure includes 87 so-called availability zones across "
                  "29 regions. Nvidia backed 15 startups.")
    assert [(t, u) for t, _v, u, *_ in found] == [
        ("87 so-called availability zones", None), ("29 regions", None),
        ("15 startups", "EnterpriseCount")]


def test_from_the_years_start_to_the_end_of_the_quarter_stated():
    found = _read("上海洗霸2024年第三季度营业收入为10,761.69万元，比上年同期减少21.03%；年初至报告期末营业收入"
                  "37,460.47万元，较上年同期下降1.61%。", 2024)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("10,761.69万元", "2024-Q3"), ("21.03%", "2024-Q3"), ("37,460.47万元", "2024-Q1/2024-Q3"),
        ("1.61%", "2024-Q1/2024-Q3")]


def test_a_later_base_without_a_period_is_of_the_earlier_bases():
    found = _read("For the nine months ended September 30, 2013, Eli Lilly's net income was "
                  "$3,957.3 million, up from $3,261.3 million a year earlier, and diluted earnings "
                  "per share rose to $3.64 from $2.92.", 2013)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("$3,957.3 million", "2013-Q1/2013-Q3"), ("$3,261.3 million", "2012-Q1/2012-Q3"),
        ("$3.64", "2013-Q1/2013-Q3"), ("$2.92", "2012-Q1/2012-Q3")]


def test_an_amount_last_year_in_a_quarters_sentence_is_of_that_quarter_last_year():
    found = _read("Napster reported a net loss of $9 million for the fiscal quarter ended "
                  "September 30. Net revenue was $25.5 million, up 9 percent from $23.4 million last "
                  "year.", 2006)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("$9 million", "2006-Q3"), ("$25.5 million", "2006-Q3"), ("9 percent", "2006-Q3"),
        ("$23.4 million", "2005-Q3")]
