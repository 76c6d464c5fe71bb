"""Constructions of news text the rules read since issue 13's recall pass: an item of a list
written after its owner (百度旗下的蘿蔔快跑), members named together as a group (並稱為“AI四小龍”),
two companies making something together (與...聯合推出), and a product after "its" in the clause
of its maker (cut prices for its Qwen models). Real-style sentences; each with a lookalike that
must propose nothing."""

from __future__ import annotations

import pytest

from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import project_with
from tests.rules import triples as _triples
from tests.test_ingest_relations import PEERS

MORE = PEERS + """\
  - {id: tenpay, class: Company, label: {zh-Hant: 財付通, zh-Hans: 财付通, en: Tenpay}}
  - {id: yitu, class: Company, label: {zh-Hant: 依圖科技, zh-Hans: 依图科技, en: Yitu}}
  - {id: hunyuan, class: Product, label: {zh-Hant: 混元, zh-Hans: 混元, en: Hunyuan}}
  - {id: brainpp, class: Product, label: {zh-Hant: Brain++, zh-Hans: Brain++, en: Brain++}}
  - {id: kingsoft, class: Company, label: {zh-Hant: 金山軟件, zh-Hans: 金山软件, en: Kingsoft}}
  - {id: fudan, class: Organization, label: {zh-Hant: 復旦大學, zh-Hans: 复旦大学, en: Fudan University}}
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("constructions"),
                                                 MORE)))


@pytest.mark.parametrize("text", [
    "分析人士認為,小米的主要競爭對手包括騰訊旗下的財付通和雲從科技。",
    "分析人士认为,小米的主要竞争对手包括腾讯旗下的财付通和云从科技。",
])
def test_a_listed_item_written_after_its_owner_is_the_item(inputs, text):
    got = _triples(inputs, text)
    assert {("xiaomi", "competesWith", "tenpay"), ("xiaomi", "competesWith", "cloudwalk")} <= got
    # the owner names whose the item is: no rival itself
    assert not {t for t in got if t[1] == "competesWith" and "tencent" in (t[0], t[2])}


@pytest.mark.parametrize("text", [
    "曠視與雲從科技、依圖科技並稱為AI 1.0時代的“AI四小龍”。",
    "旷视与云从科技、依图科技并称为“AI四小龙”。",
])
def test_members_named_together_as_a_group(inputs, text):
    got = {t for t in _triples(inputs, text) if t[1] == "memberOf"}
    assert got == {(m, "memberOf", "ai-four-little-dragons") for m in ("megvii", "cloudwalk", "yitu")}


def test_a_company_named_together_with_no_group_is_no_member(inputs):
    # 並稱 then a name that is no organisation group
    assert not {t for t in _triples(inputs, "曠視與雲從科技並稱為騰訊的對手。") if t[1] == "memberOf"}


@pytest.mark.parametrize("text", [
    "2015年,騰訊與雲從科技聯合創建了人臉識別實驗室。",
    "腾讯与云从科技联合推出了一款人脸识别平台。",
])
def test_two_companies_making_something_together_partner(inputs, text):
    assert ("tencent", "partnersWith", "cloudwalk") in _triples(inputs, text)


def test_a_joint_launch_denied_is_no_partnership(inputs):
    got = _triples(inputs, "騰訊並未與雲從科技聯合推出任何產品。")
    assert ("tencent", "partnersWith", "cloudwalk") not in got


@pytest.mark.parametrize("text, expected", [
    ("Tencent followed with price cuts of up to 90% for its Hunyuan models.",
     ("tencent", "offers", "hunyuan")),
    ("Megvii, the Beijing-based AI firm known for its facial recognition platform Brain++, cut jobs.",
     ("megvii", "offers", "brainpp")),
])
def test_a_product_after_its_makers_its(inputs, text, expected):
    assert expected in _triples(inputs, text)


@pytest.mark.parametrize("text", [
    # negated
    "Tencent is not releasing its Hunyuan models this year.",
    # another company's clause: the nearest company before "its" is the maker, never one
    # across a clause break
    "Megvii cut prices, while its rival kept its Hunyuan models free.",
])
def test_its_product_lookalikes(inputs, text):
    assert not {t for t in _triples(inputs, text) if t[1] == "offers"}


@pytest.mark.parametrize("text", [
    "楊帆2014年創立雲從科技,2018年獲騰訊、招商銀行等10億元B輪融資。",
    "杨帆2014年创立云从科技,2018年获腾讯、招商银行等10亿元B轮融资。",
])
def test_backers_of_a_round_in_a_clause_opened_by_its_date(inputs, text):
    got = _triples(inputs, text)
    assert {("tencent", "investsIn", "cloudwalk"), ("cmb", "investsIn", "cloudwalk")} <= got


def test_a_round_supposed_names_no_backer(inputs):
    got = _triples(inputs, "楊帆創立雲從科技,如果2018年獲騰訊等10億元融資,估值將翻倍。")
    assert ("tencent", "investsIn", "cloudwalk") not in got


@pytest.mark.parametrize("text", [
    "騰訊集團高級執行副總裁、雲與智慧產業 事業群CEO楊帆表示,需求強勁。",
    "腾讯集团高级执行副总裁、云与智慧产业事业群CEO杨帆表示,需求强劲。",
])
def test_a_unit_joining_two_words_between_two_titles(inputs, text):
    got = _triples(inputs, text)
    assert {("yang-fan", "holdsPost", "tencent-vice-president"),
            ("tencent-vice-president", "postIn", "tencent")} <= got


@pytest.mark.parametrize("text, post", [
    ("The start-up was created by Yang Fan, a young assistant professor at Shanghai's prestigious "
     "Fudan University, people said.", "fudan-professor"),
    ("The round was led by Yang Fan, a Tencent vice president, people said.",
     "tencent-vice-president"),
])
def test_a_post_in_an_apposition_after_the_person(inputs, text, post):
    assert ("yang-fan", "holdsPost", post) in _triples(inputs, text)


@pytest.mark.parametrize("text", [
    # a former post is no post held
    "The round was led by Yang Fan, a former Tencent vice president.",
    # a professor's own title in Chinese is a courtesy, no post
    "復旦大學楊帆教授表示,需求強勁。",
])
def test_apposition_post_lookalikes(inputs, text):
    assert not {t for t in _triples(inputs, text) if t[1] == "holdsPost"}, text


def test_it_refers_to_the_whole_name_not_a_known_piece_of_it(inputs):
    from kg.ingest.relations import End, RuleExtractor, extract
    from tests.rules import context

    # "Kingsoft" is known; the ingest proposes the longer name the source writes around it
    text = ("Kingsoft Cloudworks competes with Tencent. It formed a partnership with Xiaomi "
            "last year.")
    found = context(inputs, text)
    found.ends["kingsoft-cloudworks"] = End("kingsoft-cloudworks", "Company",
                                            ("Kingsoft Cloudworks",), ((0, 19),), proposed=True)
    found.stated = set()
    got = {(p.subject, p.relation, p.object) for p in extract(found, RuleExtractor()).proposals}
    assert ("kingsoft-cloudworks", "partnersWith", "xiaomi") in got
    assert ("kingsoft", "partnersWith", "xiaomi") not in got


@pytest.mark.parametrize("text", [
    "分析人士認為,騰訊、小米和雲從科技在政府項目上的競爭已明顯加劇。",
    "分析人士认为,腾讯、小米和云从科技在政府项目上的竞争已明显加剧。",
])
def test_the_last_of_a_list_competes_with_each_before_it(inputs, text):
    got = {frozenset((s, o)) for s, r, o in _triples(inputs, text) if r == "competesWith"}
    assert {frozenset(("tencent", "cloudwalk")), frozenset(("xiaomi", "cloudwalk"))} <= got


def test_a_listed_competitor_lookalike(inputs):
    # the list's members are a third party's rivals: no rivalry among them
    got = _triples(inputs, "騰訊、小米和雲從科技都是商湯的競爭對手。")
    assert ("tencent", "competesWith", "cloudwalk") not in got
    assert ("xiaomi", "competesWith", "cloudwalk") not in got


def test_a_list_after_a_link_is_one_companys_rivals(inputs):
    got = {frozenset((s, o)) for s, r, o in
           _triples(inputs, "小米與騰訊、雲從科技和曠視在智能語音領域競爭激烈。") if r == "competesWith"}
    assert {frozenset(("xiaomi", x)) for x in ("tencent", "cloudwalk", "megvii")} <= got
    assert frozenset(("tencent", "megvii")) not in got
