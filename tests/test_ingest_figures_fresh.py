"""Figures of fresh news: days said relative to the article's day, runs of months with no key,
spans of time, changes said after an amount, and the present after a span up to now (issue 13
section 3). Each sentence is written for these tests, in zh-Hant, zh-Hans and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.ingest.figures import detect_periods
from tests.rules import read_figures


_read = read_figures


@pytest.mark.parametrize("text, date, figure, expected", [
    # 2024-06-13 is a Thursday: "on Tuesday" is two days before it
    ("Shares of the lender jumped 8.2% on Tuesday to close at HK$41.5.", "2024-06-13",
     "HK$41.5", (Decimal("41.5"), "HKD", "2024-06-11", None)),
    ("Shares of the lender jumped 8.2% on Tuesday to close at HK$41.5.", "2024-06-13",
     "8.2%", (Decimal("8.2"), "Percent", "2024-06-11", "increase")),
    ("該公司股價昨日大漲6.5%，收於每股58.2港元。", "2024-03-08",
     "6.5%", (Decimal("6.5"), "Percent", "2024-03-07", "increase")),
    ("該公司股價昨日大漲6.5%，收於每股58.2港元。", "2024-03-08",
     "58.2港元", (Decimal("58.2"), "HKD", "2024-03-07", None)),
    # 2025-01-10 is a Friday: 周三 is the Wednesday before it
    ("周三，该股上涨4.1%，报23.6元。", "2025-01-10",
     "4.1%", (Decimal("4.1"), "Percent", "2025-01-08", "increase")),
    ("周三，该股上涨4.1%，报23.6元。", "2025-01-10",
     "23.6元", (Decimal("23.6"), "CNY", "2025-01-08", None)),
])
def test_a_day_said_relative_to_the_articles_dates_what_moved_on_it(text, date, figure, expected):
    assert _read(text, date=date)[figure] == expected


@pytest.mark.parametrize("text, figure", [
    ("Apple agreed today to buy the start-up for $1.2 billion.", "$1.2 billion"),
    ("小米今天同意以25億元收購一家晶片公司。", "25億元"),
    ("阿里今天同意以20亿元入股一家公司。", "20亿元"),
])
def test_an_amount_merely_named_on_the_day_is_of_no_period(text, figure):
    found = _read(text, date="2024-05-20")
    assert found[figure][2] is None
    # the day is read all the same: it is the article's
    assert [p.key for p in detect_periods(text, date="2024-05-20")] == ["2024-05-20"]


def test_the_year_of_the_articles_day_is_the_reference_year():
    assert _read("今年上半年營收為12億元。", date="2024-08-30")["12億元"][2] == "2024-H1"


def test_an_app_named_today_is_no_day():
    assert detect_periods("今日头条的日活跃用户超过1亿人。", date="2024-05-20") == []


@pytest.mark.parametrize("text, figure", [
    ("截至發稿，其總市值為1.2萬億港元。", "1.2萬億港元"),
    ("截至发稿，其总市值为1.2万亿港元。", "1.2万亿港元"),
    ("As of press time, its market value was $80 billion.", "$80 billion"),
])
def test_as_of_press_time_without_a_day_before_it_is_as_of_the_articles_day(text, figure):
    assert _read(text, date="2025-02-14")[figure][2] == "asof-2025-02-14"


@pytest.mark.parametrize("text, figure", [
    ("The stock closed 12.5% above its offer price.", "12.5%"),
    ("該股收市價較招股價高出12.5%。", "12.5%"),
    ("该股收盘价较发行价高出12.5%。", "12.5%"),
])
def test_a_percentage_above_a_level_is_an_increase(text, figure):
    assert _read(text)[figure][3] == "increase"


def test_a_percentage_below_a_level_is_a_decrease():
    assert _read("The shares ended 4% below the offer price.")["4%"][3] == "decrease"


@pytest.mark.parametrize("text, figure", [
    ("台灣某晶片廠今年前8月累計營收為新台幣1,520億元。", "新台幣1,520億元"),
    ("2024年1-10月，公司累计营收86亿元。", "86亿元"),
    ("Revenue for the first eight months of 2024 was $5.2 billion.", "$5.2 billion"),
])
def test_a_run_of_months_with_no_key_is_no_month_and_no_year(text, figure):
    assert _read(text, year=2024)[figure][2] is None


def test_a_period_before_a_run_of_months_with_no_key_is_not_carried_past_it():
    text = "2024年第三季度營收52億元。今年前10月累計營收150億元。毛利率為31%。"
    found = _read(text, year=2024)
    assert found["52億元"][2] == "2024-Q3"
    assert found["31%"][2] is None


@pytest.mark.parametrize("text, figure", [
    ("In the second quarter of 2025, the new app drew 5 million sign-ups within a week of its "
     "launch.", "5 million"),
    ("2025年第二季度，新App上線三天內下載量突破500萬次。", "突破500萬次"),
    ("2025年第二季度，新App上线一周内下载量突破500万次。", "突破500万次"),
])
def test_a_figure_counted_within_a_span_of_days_or_weeks_is_of_no_one_period(text, figure):
    assert _read(text)[figure][2] is None


def test_a_year_within_which_something_is_done_stays_its_period():
    assert _read("公司2024年內營收達5億元。")["5億元"][2] == "2024"


@pytest.mark.parametrize("text, figure, period, direction", [
    ("2024年上半年，公司經營虧損為4.2億元，較上年同期收窄。", "4.2億元", "2024-H1", "narrowing"),
    ("2024年第三季度，新业务经营亏损8亿元，同比收窄，主要得益于效率提升。", "8亿元", "2024-Q3",
     "narrowing"),
    ("In 2024 the unit's operating loss was $85 million, which narrowed from a year earlier.",
     "$85 million", "2024", "narrowing"),
    ("2024年，公司收入為52億元，同比增長。", "52億元", "2024", "increase"),
])
def test_a_change_said_right_after_an_amount_is_its_direction(text, figure, period, direction):
    assert _read(text)[figure][2:] == (period, direction)


def test_a_change_after_an_amount_with_a_figure_of_its_own_is_that_figures():
    found = _read("2024年上半年，公司亏损8亿元，同比扩大12%。")
    assert found["8亿元"][3] is None
    assert found["12%"][3] == "widening"


@pytest.mark.parametrize("text, figure", [
    ("2015年，三位創辦人創立了公司。\n\n成立至今，公司共完成8輪融資。其中，某基金持股12.5%。",
     "12.5%"),
    ("2015年，三位创始人创立了公司。\n\n成立至今，公司共完成8轮融资。其中，某基金持股12.5%。",
     "12.5%"),
    ("The company was founded in 2016.\n\nSo far it has raised about $900 million. Its largest "
     "investor holds 18%.", "18%"),
])
def test_a_span_up_to_now_leaves_the_periods_before_it_behind(text, figure):
    assert _read(text)[figure][2] is None


@pytest.mark.parametrize("text, figure", [
    ("The start-up launched its app in March 2024 and now has more than 20 million users.",
     "more than 20 million users"),
    ("公司於2019年成立，目前員工超過800人。", "超過800人"),
    ("该公司2018年推出首款产品，现在拥有超过1200名员工。", "超过1200名员工"),
])
def test_now_between_a_period_and_a_figure_makes_the_figure_the_presents(text, figure):
    assert _read(text)[figure][2] is None


def test_a_period_after_now_is_the_figures_own():
    assert _read("目前公司2024年營收預計為50億元。")["50億元"][2] == "2024"


@pytest.mark.parametrize("text, figures", [
    ("某晶片公司去年全年營收為7.09億元，全年淨虧損8.48億元。", ("7.09億元", "8.48億元")),
    ("某芯片公司去年全年营收为7.09亿元，全年净亏损8.48亿元。", ("7.09亿元", "8.48亿元")),
])
def test_a_part_of_a_year_after_a_relative_year_is_of_that_year(text, figures):
    found = _read(text, year=2025)
    assert [found[f][2] for f in figures] == ["2024", "2024"]


@pytest.mark.parametrize("text, base, level", [
    ("AI生成內容的占比已從3月的28%提升至51%。", "28%", "51%"),
    ("AI生成内容的占比已从3月的28%提升至51%。", "28%", "51%"),
    ("毛利率由2023年的12%升至15%。", "12%", "15%"),
])
def test_a_level_started_from_with_its_period_between_is_no_change(text, base, level):
    found = _read(text, year=2025)
    assert found[base][3] is None


@pytest.mark.parametrize("text, figure, period", [
    ("截至2024年底，員工共520名，相比於2021年上市首年的870名，減少了350名。", "870名", "2021"),
    ("截至2024年底，员工共520名，相比于2021年上市首年的870名，减少了350名。", "870名", "2021"),
])
def test_a_level_after_a_compared_period_and_a_few_words_is_of_that_period(text, figure, period):
    assert _read(text)[figure][2] == period


@pytest.mark.parametrize("text, figure", [
    ("2023年5月，該集團投資了兩家晶片企業。\n該集團這幾年已對近40家企業進行了投資。", "近40家"),
    ("2023年5月，该集团投资了两家芯片企业。\n该集团近年来已对近40家企业进行了投资。", "近40家"),
    ("In May 2023 the group invested in two chip firms.\nIn recent years it has backed more than "
     "40 companies.", "more than 40 companies"),
])
def test_a_figure_over_the_years_up_to_now_inherits_no_earlier_period(text, figure):
    assert _read(text)[figure][2] is None


@pytest.mark.parametrize("text, figures, periods", [
    ("Operating losses in 2021 and 2022 were RMB 2.4 billion and RMB 3.1 billion, respectively, "
     "while the loss for 2023 narrowed 20% to RMB 2.5 billion.",
     ("RMB 2.4 billion", "RMB 3.1 billion", "RMB 2.5 billion"), ("2021", "2022", "2023")),
    ("2021年和2022年的經營虧損分別為24億元和31億元，而2023年虧損收窄至25億元。",
     ("24億元", "31億元", "25億元"), ("2021", "2022", "2023")),
    ("2021年和2022年的经营亏损分别为24亿元和31亿元，而2023年亏损收窄至25亿元。",
     ("24亿元", "31亿元", "25亿元"), ("2021", "2022", "2023")),
])
def test_respectively_spreads_the_list_of_periods_before_it_not_a_later_period(text, figures,
                                                                                periods):
    found = _read(text)
    assert tuple(found[f][2] for f in figures) == periods


def test_the_quarter_and_fiscal_year_ended_a_day_is_the_quarter_for_its_figures():
    text = ("The group announced its results for the quarter and fiscal year ended March 31, "
            "2024. In the quarter, revenue was RMB 221 billion, an increase of 7% year-over-year.")
    found = _read(text)
    assert found["RMB 221 billion"][2] == "2024-Q1"
    assert found["7%"][2:] == ("2024-Q1", "increase")


@pytest.mark.parametrize("text, figure, period", [
    ("In the third quarter of 2024, gross margin rose to 31% from 28% last year.", "28%",
     "2023-Q3"),
    ("In the third quarter of 2024, gross margin rose to 31 percent from 28 percent last year.",
     "28 percent", "2023-Q3"),
])
def test_a_rate_last_year_is_of_the_same_part_of_the_year_before(text, figure, period):
    assert _read(text, year=2024)[figure][2] == period


@pytest.mark.parametrize("text, figure", [
    ("某科技集團第三季度業績今天公佈，收入1,670億元。", "1,670億元"),
    ("某科技集团今天公布第三季度业绩：收入1670亿元，同比增长8%。", "1670亿元"),
    ("The group said on Tuesday that third-quarter revenue rose 8% to 167 billion yuan.",
     "167 billion yuan"),
])
def test_a_day_said_relative_to_the_articles_gives_way_to_a_period_stated(text, figure):
    assert _read(text, year=2024, date="2024-11-14")[figure][2] == "2024-Q3"


def test_a_rate_changed_last_year_is_of_last_year():
    assert _read("Revenue fell 18% last year as orders slowed.", year=2024)["18%"][2:] == \
        ("2023", "decrease")
