"""Figures written in words and in forms the first readings missed, in each script: Chinese
numerals (一兆元, 百分之二十五, 三成, 半成, 兩倍, 二○二六年, 十一月廿一日), the currency of a bare 元
(兆 is Taiwan's, 折合港元), ¥ by context, a fiscal quarter that is the calendar's, "the three
months ending in June", "fiscal 2026 first quarter", 按年少, a stake in percent, and the report
cited again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.ingest.figures import detect_figures, detect_periods
from kg.ingest.numerals import numeral_value


def _read(text: str, year: int | None = 2025) -> list[tuple]:
    """(text, normalised value, unit, direction, period key, qualifier) per figure."""
    return [(f.text, f.normalized, f.unit, f.direction, f.period.key if f.period else None,
             f.qualifier) for f in detect_figures(text, year=year)]


def test_chinese_numerals_are_read_as_numbers():
    assert numeral_value("二十二亿六千七百万") == 2267000000
    assert numeral_value("一兆二千亿") == 12 * 10 ** 11
    assert numeral_value("三百") == 300
    assert numeral_value("十二点五") == Decimal("12.5")
    assert numeral_value("廿一") == 21
    assert numeral_value("二○二六") == 2026
    assert numeral_value("成长") is None


# zh-Hant

def test_zh_hant_tenths_and_percent_in_words_are_rates():
    found = _read("聯發科第二季天璣晶片出貨季增百分之二十五，在手機晶片的市占率已達三成，"
                  "美國存託憑證盤中升約半成。")
    assert found == [
        ("百分之二十五", 25, "Percent", "increase", "2025-Q2", None),
        ("三成", 30, "Percent", None, "2025-Q2", None),
        ("約半成", 5, "Percent", "increase", "2025-Q2", "approximately")]


def test_zh_hant_trillions_in_numerals_are_taiwan_dollars_of_the_year_written_so():
    found = _read("廣達董事長表示，二○二六年AI伺服器營收可望突破一兆元，市占率較現有逾四成進一步提升。")
    assert found == [("突破一兆元", 10 ** 12, "TWD", None, "2026", "more-than"),
                     ("逾四成", 40, "Percent", None, "2026", "more-than")]
    # a bare 兆元 in digits is Taiwan's too
    assert _read("緯創去年合併營收達1.05兆元。")[0][1:3] == (Decimal("1.05") * 10 ** 12, "TWD")


def test_zh_hant_a_bare_yuan_after_a_conversion_is_of_that_currency():
    found = _read("阿里巴巴美股昨晚收報120.5美元，折合港元約117.3元，較港股收市價高出約1%。")
    assert [(t, u) for t, _, u, *_ in found] == [
        ("120.5美元", "USD"), ("約117.3元", "HKD"), ("約1%", "Percent")]


def test_zh_hant_a_year_on_year_fall_said_with_shao_is_a_decrease():
    found = _read("金蝶上半年雲訂閱以外的收入按年少9.6%，經常性收入則按年多12%。")
    assert [(t, d, p) for t, _, _, d, p, _ in found] == [
        ("9.6%", "decrease", "2025-H1"), ("12%", "increase", "2025-H1")]


def test_zh_hant_a_day_in_numerals_is_a_date_not_a_figure():
    text = "仁寶將於十一月廿一日舉行法說會，並於十二月三十一日前完成增資。"
    assert [(p.text, p.key) for p in detect_periods(text, year=2025)] == [
        ("十一月廿一日", "2025-11-21"), ("十二月三十一日", "2025-12-31")]
    assert detect_figures(text, year=2025) == []


# zh-Hans

def test_zh_hans_percent_tenths_and_multiples_in_words():
    found = _read("小米汽车第三季度交付量同比增长百分之二百，毛利率接近两成，单车利润是行业平均的三倍。")
    assert found == [
        ("百分之二百", 200, "Percent", "increase", "2025-Q3", None),
        ("接近两成", 20, "Percent", None, "2025-Q3", "nearly"),
        ("三倍", 3, None, None, "2025-Q3", None)]


def test_zh_hans_a_fiscal_quarter_the_text_states_as_a_calendar_one_is_that_quarter():
    found = _read("哔哩哔哩2025财年第二季度营收同比增长20%至73亿元。毛利率由2024年第二季度的29.9%"
                  "升至2025年第二季度的36.5%。")
    assert [(t, p) for t, _, _, _, p, _ in found] == [
        ("20%", "2025-Q2"), ("73亿元", "2025-Q2"), ("29.9%", "2024-Q2"), ("36.5%", "2025-Q2")]


def test_zh_hans_a_stake_in_percent_is_a_percentage():
    assert _read("创始人李想直接持有21.86%股权。") == [
        ("21.86%", Decimal("21.86"), "Percent", None, None, None)]


def test_zh_hans_the_report_cited_again_gives_its_period_not_a_month_since():
    found = _read("百度发布2025年第一季度财报，营收325亿元。今年3月，百度推出新一代模型。"
                  "财报显示，智能云收入达67亿元，同比增长42%。")
    assert [(t, p) for t, _, _, _, p, _ in found] == [
        ("325亿元", "2025-Q1"), ("67亿元", "2025-Q1"), ("42%", "2025-Q1")]


# en

def test_en_three_months_ending_in_a_month_are_a_quarter():
    found = _read("For the three months ending in September, Acer's revenue rose 12 per cent "
                  "to $2.1 billion.")
    assert [(t, p) for t, _, _, _, p, _ in found] == [
        ("12 per cent", "2025-Q3"), ("$2.1 billion", "2025-Q3")]


def test_en_a_fiscal_year_then_its_quarter_is_a_fiscal_quarter():
    found = _read("Nvidia reported revenue of $44.1 billion for its fiscal 2026 first quarter, "
                  "up 69% from a year ago.")
    assert [(t, p) for t, _, _, _, p, _ in found] == [
        ("$44.1 billion", "FY2026-Q1"), ("69%", "FY2026-Q1")]


def test_en_the_yen_sign_is_the_yen_in_a_text_about_japan():
    found = _read("Tokyo-based Sony posted an operating profit of ¥1.3 trillion for the year.")
    assert found[0][:3] == ("¥1.3 trillion", Decimal("1.3") * 10 ** 12, "JPY")
    # with no word of Japan, ¥ stays the renminbi
    assert _read("Meituan's revenue reached ¥93.6 billion.")[0][2] == "CNY"


def test_en_a_short_fiscal_year_then_its_quarter_is_a_fiscal_quarter():
    found = _read("Lenovo said FY25 third quarter revenue rose 20% to $18.8 billion.")
    assert [(t, p) for t, _, _, _, p, _ in found] == [
        ("20%", "FY2025-Q3"), ("$18.8 billion", "FY2025-Q3")]


def test_zh_hant_a_level_started_from_keeps_its_month_and_the_level_reached_its_own():
    found = _read("8月行動支付在零售通路的占比已從3月的41%升至52%。")
    assert [(t, p) for t, _, _, _, p, _ in found] == [("41%", "2025-03"), ("52%", "2025-08")]
    assert detect_figures("8月行動支付在零售通路的占比已從3月的41%升至52%。",
                          year=2025)[0].compared_to is None


def test_zh_hant_a_figure_over_the_years_ahead_is_of_no_period():
    found = _read("展望2026年，董事長認為未來三到五年全球車用晶片市場規模可達到一千億美元。")
    assert found == [("一千億美元", 10 ** 11, "USD", None, None, None)]


def test_zh_hans_a_fiscal_year_across_two_years_runs_april_to_march():
    found = _read("联想集团2025/26财年第二财季营收达1462亿元，同比增长15%。")
    assert [(t, p) for t, _, _, _, p, _ in found] == [("1462亿元", "2025-Q3"), ("15%", "2025-Q3")]
    assert [p.key for p in detect_periods("周大福2024/25财年全年营收下降17.5%。")] == ["FY2025-03"]


def test_en_a_fiscal_year_across_two_years_and_its_quarter():
    found = _read("Revenue for the FY2024/25 fourth quarter rose 11% to $17 billion.")
    assert [(t, p) for t, _, _, _, p, _ in found] == [("11%", "2025-Q1"), ("$17 billion", "2025-Q1")]
    # a season or a score written so is no fiscal year
    assert detect_periods("The club's 2025/26 season starts in August.", year=2025)[0].key == \
        "2025-08"


def test_zh_hant_counts_in_numerals_and_a_month_end_in_numerals():
    found = _read("截至九月底，和碩在台員工共三千二百人，另有一家子公司。")
    assert found == [("三千二百人", 3200, "PersonCount", None, "2025-09", None)]
    assert detect_figures("截至九月底，和碩在台員工共三千二百人。", year=2025)[0].period.as_of


def test_zh_hans_a_tenth_and_a_hundredth_and_a_bare_multiplier_with_its_qualifier():
    found = _read("公司研发人员占比超过六成五。受此影响，其市值一度蒸发逾千亿港元。")
    assert found == [("超过六成五", 65, "Percent", None, None, "more-than"),
                     ("逾千亿港元", 10 ** 11, "HKD", None, None, "more-than")]


def test_en_a_founding_year_and_an_earlier_time_give_later_figures_no_period():
    found = _read("Zhipu was founded in 2019 by Tsinghua researchers. It has 800 employees.")
    assert found == [("800 employees", 800, "PersonCount", None, None, None)]
    found = _read("Moonshot raised $1 billion in 2024. Previously, it had secured $60 million "
                  "from HongShan.")
    assert [(t, p) for t, _, _, _, p, _ in found] == [("$1 billion", "2024"), ("$60 million", None)]


def test_zh_hans_a_founding_year_is_no_period_of_the_figures_after_it():
    found = _read("智谱成立于2019年。公司员工超过800人。")
    assert found == [("超过800人", 800, "PersonCount", None, None, "more-than")]
    found = _read("面壁智能2019年成立，目前估值超过100亿元。")
    assert [(t, p) for t, _, _, _, p, _ in found] == [("超过100亿元", None)]


def test_zh_hant_a_sentence_about_an_earlier_time_takes_no_carried_period():
    found = _read("月之暗面2024年融資10億美元。此前，公司曾獲紅杉6000萬美元投資。")
    assert [(t, p) for t, _, _, _, p, _ in found] == [("10億美元", "2024"), ("6000萬美元", None)]


def test_zh_hant_fractions_in_words_are_percentages():
    found = _read("創辦人直接與間接持股超過三分之一，海外收入約占四分之一。")
    assert found == [("超過三分之一", Decimal("33.33"), "Percent", None, None, "more-than"),
                     ("約占四分之一", 25, "Percent", None, None, "approximately")]
    assert _read("三分之二的收入來自雲端。")[0][1:] == (Decimal("66.67"), "Percent", None, None,
                                                 "approximately")


def test_zh_hant_an_approximation_said_after_the_figure():
    found = _read("商湯對其持股比例可能降至15%左右，相關團隊約有八百名員工。")
    assert found == [("15%", 15, "Percent", None, None, "approximately"),
                     ("約有八百名員工", 800, "PersonCount", None, None, "approximately")]


def test_zh_hans_a_bound_below_is_an_upper_bound():
    found = _read("该业务营收不足5亿元，员工1000人上下。")
    assert found == [("不足5亿元", 5 * 10 ** 8, "CNY", None, None, "up-to"),
                     ("1000人", 1000, "PersonCount", None, None, "approximately")]


def test_en_fewer_and_less_than_are_upper_bounds():
    found = _read("The start-up has fewer than 200 employees and less than $5 million in cash.")
    assert [(t, q) for t, *_, q in found] == [("fewer than 200 employees", "up-to"),
                                             ("less than $5 million", "up-to")]


def _units(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.unit) for f in detect_figures(text, year=2025)]


def test_a_bare_yuan_in_taiwans_press_is_the_new_taiwan_dollar():
    # Taiwan's own words (季增, 執行長, 純益), no currency named: the 元 is the island's
    text = "聯電第三季營收620億元，季增4%，執行長王石表示，每股純益1.2元。"
    assert [u for t, u in _units(text) if "元" in t] == ["TWD", "TWD"]
    # the currency named once in the text decides the bare 元 elsewhere in it
    text = "華碩公布財報。全年營收達新台幣5,000億元。第四季營收1,500億元。"
    assert {u for t, u in _units(text) if "元" in t} == {"TWD"}


def test_a_bare_yuan_stays_renminbi_in_hong_kong_and_mainland_papers():
    # a Hong Kong paper on a mainland company: one Taiwanese-looking word is not enough
    assert _units("比亞迪第二季收入按年增加30%至2000億元，季增5%。")[1] == ("2000億元", "CNY")
    # a Taiwanese paper that names the renminbi: its bare 元 is left as read
    text = "比亞迪營收年增三成，達人民幣2000億元，執行長王傳福稱，淨利300億元。"
    assert ("300億元", "CNY") in _units(text)
    # Simplified text is never Taiwan's
    assert _units("联电第三季营收620亿元，季增4%，执行长王石表示。")[0] == ("620亿元", "CNY")


@pytest.mark.parametrize("text", [
    "MediaTek reported third-quarter net profit of $800 million. It projects revenue of "
    "$1 billion in 2027.\n\n"
    "Revenue was $4.5 billion, down 5%.",
    "華碩公布第三季財報，營收1,500億元。公司預估2026年營收上看6,000億元。\n\n毛利率為15%，季增1個百分點。",
    "华硕公布第三季财报，营收1500亿元。公司预测2026年营收将达6000亿元。毛利率为15%。",
    "華碩公布第三季財報，營收1,500億元，並以2027年營收達6,000億元為目標。\n\n毛利率為15%。",
])
def test_the_year_of_a_forecast_is_not_carried_to_the_results_after_it(text):
    keys = [f.period.key if f.period else None for f in detect_figures(text, year=2025)]
    results, forecast, *after = keys
    assert forecast in ("2026", "2027")
    assert results == "2025-Q3" and after and set(after) == {"2025-Q3"}
