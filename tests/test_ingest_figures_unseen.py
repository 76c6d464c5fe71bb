"""Figures read right on unseen text (issue 13, §3): the periods a figure does not inherit (a
span's start, "since"; a day a statement was made), "now" as of the news day, bare amounts of
money, multiples in words (threefold, 翻倍), and small counts compared with a counted figure."""

from __future__ import annotations

from decimal import Decimal

from kg.ingest.figures import detect_figures
from tests.test_ingest_figures_general import _read


def test_a_span_up_to_now_starts_no_period_of_its_figures():
    found = _read("9月24日，阿里巴巴港股全天大涨9.14%，股价创下2021年10月以来新高，市值一日暴增近3000亿。"
                  "从2017年开始,这四家就成为国内前四,四小龙的市场份额超过60%。"
                  "商汤从2014年成立至今完成12轮融资,历史总融资金额为52亿美元。", 2025)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("9.14%", "2025-09-24"), ("近3000亿", "2025-09-24"), ("超过60%", None),
        ("52亿美元", None)]


def test_a_month_an_action_starts_in_is_its_period():
    found = _read("去年,公司员工约1200人。从2023年12月开始,公司裁员约15%。", 2024)
    assert [(t, p) for t, _v, _u, _d, p, _a in found][-1] == ("约15%", "2023-12")


def test_as_of_press_time_is_as_of_the_news_day():
    found = _read("2025财年第二季度收入同比增长26%。9月24日，阿里巴巴港股全天大涨9.14%。"
                  "截至发稿，其总市值达到3.32万亿港元。", 2025)
    assert found[-1] == ("3.32万亿港元", Decimal("3320000000000"), "HKD", None, "2025-09-24",
                         True)


def test_as_of_press_time_without_a_day_before_it_has_no_period():
    found = _read("2025财年第二季度收入同比增长26%。截至发稿，其总市值达到3.32万亿港元。", 2025)
    assert found[-1][4] is None


def test_a_bare_amount_after_a_noun_of_money_is_renminbi_in_a_text_of_renminbi():
    text = ("商汤只披露了CEO徐立、联合创始人王晓刚、联合创始人徐冰三位的薪酬,前两位超过300万、徐冰为176万。"
            "QQ浏览器的AI月活数超过1亿。")
    found = _read(text + "\n云从的总融资额是53亿元。", 2021)
    assert [(t, v, u) for t, v, u, *_ in found] == [
        ("超过300万", Decimal("3000000"), "CNY"), ("176万", Decimal("1760000"), "CNY"),
        ("超过1亿", Decimal("100000000"), None), ("53亿元", Decimal("5300000000"), "CNY")]
    # a text that states no amount in renminbi leaves its currency unsaid
    assert [u for _t, _v, u, *_ in _read(text, 2021)] == [None, None, None]


def test_a_bare_amount_of_money_takes_the_currency_named_beside_it():
    found = _read("据报道,该公司估值为30亿,此前一轮为12亿美元。", 2021)
    assert [(t, u) for t, _v, u, *_ in found] == [("30亿", "USD"), ("12亿美元", "USD")]


def test_a_year_opening_a_reports_title_is_the_period_of_its_figures():
    found = _read("据胡润研究院发布的《2020胡润全球独角兽榜》显示,商汤科技、旷视科技依次排名,"
                  "估值分别为 500亿、300亿。只有商汤科技的估值相比2019年有所上升,从400 亿上升到了500亿元。",
                  2021)
    assert [(t, v, u, p) for t, v, u, _d, p, _a in found] == [
        ("500亿", Decimal("50000000000"), "CNY", "2020"),
        ("300亿", Decimal("30000000000"), "CNY", "2020"),
        ("400 亿", Decimal("40000000000"), "CNY", "2019"),
        ("500亿元", Decimal("50000000000"), "CNY", "2020")]


def test_multiples_in_words_are_increases():
    found = _read("China had released 238 large models, up from 79 - a threefold increase. "
                  "美团AI助手的日调用量较上季度翻倍。", 2023)
    assert [(t, v, u, d) for t, v, u, d, *_ in found if t in ("threefold", "翻倍")] == [
        ("threefold", Decimal("3"), None, "increase"), ("翻倍", Decimal("100"), "Percent",
                                                        "increase")]


def test_a_small_count_a_counted_figure_rose_from_is_read():
    found = _read("By October, China had released 238 large models, up from around 79 in June.",
                  2023)
    # "by October" is the month the count is of, not a moment as of which it stands
    assert [(t, v, p, a) for t, v, _u, _d, p, a in found] == [
        ("238 large models", Decimal("238"), "2023-10", False),
        ("around 79", Decimal("79"), "2023-06", False)]


def test_a_day_of_saying_is_not_the_period_of_what_is_said():
    found = _read("2025年上半年收入增长20%。9月16日,腾讯云CEO汤道生在大会上透露:ima文件数量已经超过1亿。"
                  "5月21日,阿里云宣布:旗下大模型降价,降价幅度为67%-97%。"
                  "9月24日,阿里巴巴港股全天大涨9.14%。", 2025)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("20%", "2025-H1"), ("超过1亿", None), ("67%-97%", None), ("9.14%", "2025-09-24")]


def test_a_sentence_about_the_future_inherits_no_past_period():
    found = _read("今年一季度,大陆大模型用户数达2.49亿。面向未来,在中国,76%的工作或被替代,但也将产生1.7亿新岗位。"
                  "公司同时宣布,将在未来十二个月内回购不超过10亿美元的股份。", 2025)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("2.49亿", "2025-Q1"), ("76%", None), ("1.7亿", None), ("不超过10亿美元", None)]


def test_no_more_than_is_up_to():
    (found,) = detect_figures("公司宣布回购不超过10亿美元的股份。")
    assert (found.text, found.qualifier) == ("不超过10亿美元", "up-to")


def test_a_total_to_date_inherits_no_past_period():
    found = _read("2019年上半年,旷视收入增长20%。\n旷视、依图、云从三家公司的已知总融资额分别是12.3亿美元、5亿美元和53亿元。"
                  "据招股书披露,商汤历史总融资金额为52亿美元。", 2021)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("20%", "2019-H1"), ("12.3亿美元", None), ("5亿美元", None), ("53亿元", None),
        ("52亿美元", None)]


def test_a_figure_after_a_span_up_to_now_inherits_no_past_period():
    found = _read("其2019年研发人员平均薪资增长10%。\n从2017年开始,这四家就成为国内前四,根据IDC的数据,"
                  "四小龙的市场份额超过60%,到2019年上半年,排序是商汤、旷视。", 2021)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [("10%", "2019"), ("超过60%", None)]


def test_a_deadline_is_no_period_of_its_figures():
    found = _read("2018年商汤完成融资约40亿美元。商汤将于今年底前进行规模20亿美元的首次公开募股。"
                  "商汤考虑进行规模20亿美元的募股。", 2021)
    assert [(t, p, a) for t, _v, _u, _d, p, a in found] == [
        ("约40亿美元", "2018", False), ("20亿美元", None, False), ("20亿美元", None, False)]


def test_a_figure_over_a_span_of_time_is_of_no_one_period():
    found = _read("Earlier this year, the company pledged to invest at least 380 billion yuan "
                  "($53 billion) over three years. Alibaba is in a three-year, 380-billion-yuan "
                  "investment cycle. China had released 238 large models, up from around 79 in "
                  "June - a threefold increase in just four months.", 2025)
    assert [(t, p) for t, _v, _u, _d, p, _a in found if t != "238 large models"] == [
        ("380 billion yuan", None), ("$53 billion", None), ("380-billion-yuan", None),
        ("around 79", "2025-06"), ("threefold", None)]


def test_a_market_value_or_headcount_inherits_no_flow_period():
    found = _read("2024年,云从全年亏损扩大至6.96亿元。\n\n商汤科技的市值从巅峰期的3,200亿港元暴跌至500亿港元左右。"
                  "本次裁员后,出门问问的员工人数将减少至约800人。", 2025)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("6.96亿元", "2024"), ("3,200亿港元", None), ("500亿港元", None), ("约800人", None)]


def test_an_interim_report_without_a_year_is_the_first_half_of_the_reference_year():
    found = _read("寒武紀科技8月26日晚間發佈半年報。報告期內,寒武紀營業收入為6476萬元,同比下降45.8%。"
                  "據報告中報道,公司員工增加。", 2024)
    assert [(t, p) for t, _v, _u, _d, p, _a in found] == [
        ("6476萬元", "2024-H1"), ("45.8%", "2024-H1")]
