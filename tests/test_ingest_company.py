"""The third pass of issue 13, by category, on sentences of our own: names that stay in their
company, a subject named in the sentence before, outlets reporting on companies, figures with
bare multipliers, periods said once for a sentence and quarters said by their months, names of
institutes that hold 與 / 和."""

from __future__ import annotations

from decimal import Decimal
import pytest

from kg.ingest.figures import detect_figures
from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import proposals as _proposals
from tests.rules import triples as _triples
from tests.test_ingest_generalise import (  # noqa: F401
    _proposed, inputs, project, seed_linker)

EXTRA = """\
  - {id: reuters, class: MediaOutlet, label: {zh-Hant: 路透社, zh-Hans: 路透社, en: Reuters}}
"""


@pytest.fixture(scope="module")
def news(project):  # noqa: F811
    """The peers of test_ingest_generalise and an outlet."""
    facts = project / "data" / "facts" / "peers.yaml"
    facts.write_text(facts.read_text("utf-8") + EXTRA, encoding="utf-8")
    return load_inputs(Project.open(project))


# (a) a unit, post or generic alias of one company never links in a clause about another
@pytest.mark.parametrize("text,absent", [
    ("阿里雲智能集團資深副總裁劉偉光表示，阿里雲將降價。", {"sensetime", "post-ceo"}),
    ("Alibaba CEO Eddie Wu said the company would invest.", {"post-ceo"}),
    ("云从科技此前营收主要依赖智慧商业和智慧城市两大板块。",
     {"segment-smart-business", "segment-smart-city"}),
    ("Tencent said its generative AI business grew.", {"segment-generative-ai"}),
    ("腾讯集团的大模型业务增长。", {"sensetime", "component-large-model"}),
])
def test_a_generic_name_of_one_company_is_not_linked_for_another(seed_linker, text,  # noqa: F811
                                                               absent):
    linked = {e for m in seed_linker.find(text) for e in m.entities}
    assert not linked & absent


def test_the_owners_own_generic_names_still_link(seed_linker):  # noqa: F811
    linked = [(m.text, m.entities) for m in
              seed_linker.find("商汤科技此前营收主要依赖智慧商业和智慧城市两大板块。")]
    assert ("智慧商业", ("segment-smart-business",)) in linked
    assert ("智慧城市", ("segment-smart-city",)) in linked


# (b) a subject named in the sentence before
@pytest.mark.parametrize("text,expected", [
    ("出門問問成立於2012年。該公司與騰訊達成戰略合作。", {("mobvoi", "partnersWith", "tencent")}),
    ("出門問問今年虧損擴大。公司創始人李娜表示將裁員。",
     {("li-na", "holdsPost", "mobvoi-founder"), ("mobvoi-founder", "postIn", "mobvoi")}),
    ("小米的雲業務增長放緩，其CEO李娜表示將加大投入。",
     {("li-na", "holdsPost", "xiaomi-ceo"), ("xiaomi-ceo", "postIn", "xiaomi")}),
    # a new paragraph: the company of the one before is not the subject
    ("出門問問成立於2012年。\n該公司與騰訊達成戰略合作。", set()),
])
def test_a_subject_named_in_the_sentence_before(news, text, expected):
    assert _triples(news, text) == expected


# (c) outlets reporting on companies: a company is not what an outlet reports, the claims are:
# the relations the sentence states are claimed by the outlet
@pytest.mark.parametrize("text,expected", [
    ("據路透社報道，小米正與騰訊洽談合作。", {("xiaomi", "partnersWith", "tencent")}),
    ("Xiaomi plans to buy Mobvoi, Reuters reported.", {("xiaomi", "acquires", "mobvoi")}),
    ("路透社報道稱，騰訊將投資出門問問。", {("tencent", "investsIn", "mobvoi")}),
    ("小米與騰訊洽談合作。", {("xiaomi", "partnersWith", "tencent")}),  # no outlet: no claimant
])
def test_an_outlets_report_claims_what_the_sentence_states(news, text, expected):
    proposals = _proposals(news, text)
    assert {(p.subject, p.relation, p.object) for p in proposals} == expected
    outlet = "reuters" if "路透" in text or "Reuters" in text else None
    assert {p.claimed_by for p in proposals} == {outlet}


def _figures(text: str, year: int = 2025) -> list[tuple]:
    return [(f.text, f.normalized if f.value is not None else None, f.unit,
             f.period.key if f.period else None, f.direction, f.qualifier)
            for f in detect_figures(text, year=year)]


# (d) amounts with bare multipliers, and figures fully right
def test_bare_multipliers_are_amounts():
    got = _figures("公司计划投入数百亿元，营收达百亿元，融资数十亿美元，拿下上亿元订单，五十亿元。")
    assert got == [("数百亿元", Decimal(10) ** 10, "CNY", None, None, "more-than"),
                   ("百亿元", Decimal(10) ** 10, "CNY", None, None, None),
                   ("数十亿美元", Decimal(10) ** 9, "USD", None, None, "more-than"),
                   ("上亿元", Decimal(10) ** 8, "CNY", None, None, "more-than"),
                   # in Chinese numerals, whole: never its tail 十亿元
                   ("五十亿元", 5 * Decimal(10) ** 9, "CNY", None, None, None)]


def test_a_year_said_once_holds_for_the_sentence_not_the_reference_year():
    got = _figures("3月26日，据乙公司发布的2024年财报显示，全年总营收37.7亿元，同比增长10.8%。"
                   "其中，新业务营收24.04亿元。今年上半年营收5亿元。")
    assert [(t, p) for t, _, _, p, _, _ in got] == [
        ("37.7亿元", "2024"), ("10.8%", "2024"), ("24.04亿元", "2024"), ("5亿元", "2025-H1")]
    assert _figures("2024年，甲公司全年亏损扩大至6.96亿元。")[0][3] == "2024"
    assert _figures("2024下半年，市场增速17.7%。")[0][3:5] == ("2024-H2", "increase")


def test_quarters_said_by_their_months_or_their_end():
    got = _figures("Cloud revenue posted a 34% year-on-year increase in the July-September "
                   "quarter, accelerating from the 26% growth of the previous April-June period.")
    assert [(t, p, d) for t, _, _, p, d, _ in got] == [("34%", "2025-Q3", "increase"),
                                                      ("26%", "2025-Q2", "increase")]
    got = _figures("Results for the quarter ending March 2026: total revenue of 243 billion yuan, "
                   "a 3% year-over-year increase, and a 52% drop in profit.")
    assert [(t, p, d) for t, _, _, p, d, _ in got] == [
        ("243 billion yuan", "2026-Q1", None), ("3%", "2026-Q1", "increase"),
        ("52%", "2026-Q1", "decrease")]


def test_an_amount_called_negative_has_its_sign():
    got = _figures("Despite a negative free cash flow of RMB 8.9 billion in Q1, margins held at 16%.")
    assert got[0][:4] == ("RMB 8.9 billion", Decimal("-8.9E9"), "CNY", "2025-Q1")
    assert _figures("Free cash flow of RMB 8.9 billion in Q1.")[0][1] == Decimal("8.9E9")


# (e) names of institutes and labs that hold 與 / 和 are not cut into fragments
@pytest.mark.parametrize("text,expected,absent", [
    ("中國科學院腦科學與智能技術卓越創新中心與小米達成合作。",
     "中國科學院腦科學與智能技術卓越創新中心", "智能技術卓越創新中心"),
    ("北京大學與騰訊聯合成立了人工智能與數字經濟研究院。", "人工智能與數字經濟研究院", "數字經濟研究院"),
])
def test_a_name_holding_a_joiner_is_whole(seed_linker, text, expected, absent):  # noqa: F811
    got = _proposed(seed_linker, text)
    assert expected in got and absent not in got


def test_an_organisation_before_the_joiner_stays_its_own(seed_linker):  # noqa: F811
    got = _proposed(seed_linker, "騰訊研究院與上海人工智能實驗室發布報告。")
    assert not any("與" in name for name in got)


# rivals named in a later clause of the company's sentence
@pytest.mark.parametrize("text,expected", [
    ("Xiaomi's revenue fell, facing competition from rivals like Tencent and Megvii.",
     {("xiaomi", "competesWith", "tencent"), ("xiaomi", "competesWith", "megvii")}),
    ("Tencent reported higher sales, as evidenced by rival Megvii reporting a drop.",
     {("tencent", "competesWith", "megvii")}),
    ("Xiaomi's revenue fell, while Tencent and Megvii grew.", set()),
    ("Tencent reported higher sales, as did Megvii.", set()),
])
def test_rivals_named_in_a_later_clause(news, text, expected):
    assert {t for t in _triples(news, text) if t[1] == "competesWith"} == expected


def test_a_group_and_its_members_listed_in_brackets(inputs):  # noqa: F811
    got = _triples(inputs, "曾经的“AI四小龙”(商湯、曠視、出門問問)正逐渐褪色。")
    assert got == {("ai-four-little-dragons", "hasMember", i) for i in ("sensetime", "megvii", "mobvoi")}
    # a company is no group: a list in brackets after it says nothing of membership
    assert _triples(inputs, "小米(騰訊、曠視)的股價上漲。") == set()
