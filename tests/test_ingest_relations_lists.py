"""Relation rules for rivals listed in a comparison, a unit between two titles of one person,
and subsidiaries (issue 13): each from a real-style sentence, in the scripts it applies to."""

from __future__ import annotations


import pytest

from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import project_with
from tests.rules import triples as _triples
from tests.test_ingest_relations import PEERS

MORE = """\
  - {id: meituan, class: Company, label: {zh-Hant: 美團, zh-Hans: 美团, en: Meituan}}
  - {id: wang-puzhong, class: Person, label: {zh-Hant: 王莆中, zh-Hans: 王莆中, en: Wang Puzhong}}
  - {id: meituan-city, class: BusinessGroup, label: {zh-Hant: 城市事業部, zh-Hans: 城市事业部,
                                                   en: City Business Group}}
  - {id: cloudwalk-ai, class: Company, label: {zh-Hant: 雲從智能, zh-Hans: 云从智能,
                                              en: CloudWalk AI}}
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("lists"), PEERS + MORE)))


@pytest.mark.parametrize("text", [
    "相較於曠視（02706.HK）、騰訊、小米等競爭對手，雲從科技在政府市場的份額更高。",
    "相较于旷视、腾讯、小米等竞争对手，云从科技在政府市场的份额更高。",
    "Compared with rivals Megvii, Tencent and Xiaomi, CloudWalk has more government clients.",
])
def test_rivals_listed_in_a_comparison(inputs, text):
    got = _triples(inputs, text)
    assert {("cloudwalk", "competesWith", o) for o in ("megvii", "tencent", "xiaomi")} <= got


def test_a_comparison_without_a_rival_cue_proposes_no_rivals(inputs):
    got = _triples(inputs, "相較於曠視、騰訊等公司，雲從科技在政府市場的份額更高。")
    assert not {t for t in got if t[1] == "competesWith"}


@pytest.mark.parametrize("text", [
    "美團高級副總裁、城市事業部總經理王莆中表示，外賣業務增長強勁。",
    "美团高级副总裁、城市事业部总经理王莆中表示，外卖业务增长强劲。",
])
def test_a_unit_between_two_titles(inputs, text):
    got = _triples(inputs, text)
    assert ("wang-puzhong", "holdsPost", "meituan-vice-president") in got
    assert ("meituan-vice-president", "postIn", "meituan") in got
    assert ("meituan", "hasUnit", "meituan-city") in got
    assert ("wang-puzhong", "holdsPost", "meituan-city-general-manager") in got


@pytest.mark.parametrize("text", [
    "雲從智能是雲從科技的全資子公司。",
    "云从科技旗下子公司云从智能发布了新模型。",
    "CloudWalk AI, a wholly owned subsidiary of CloudWalk, released a model.",
    "CloudWalk's subsidiary CloudWalk AI released a model.",
])
def test_subsidiary_is_has_subsidiary(inputs, text):
    got = _triples(inputs, text)
    assert ("cloudwalk", "hasSubsidiary", "cloudwalk-ai") in got
    assert ("cloudwalk", "hasUnit", "cloudwalk-ai") not in got


def test_a_unit_called_a_subsidiary_stays_a_unit(inputs):
    got = _triples(inputs, "城市事業部是美團的子公司。")
    assert ("meituan", "hasUnit", "meituan-city") in got
    assert ("meituan", "hasSubsidiary", "meituan-city") not in got


@pytest.mark.parametrize("text", [
    "如果再加上此前小米投資的騰訊、曠視等智能車相關企業，小米已投資近30家企業。",
    "如果再加上此前小米投资的腾讯、旷视等智能车相关企业，小米已投资近30家企业。",
])
def test_companies_it_invested_in(inputs, text):
    got = _triples(inputs, text)
    assert {("xiaomi", "investsIn", "tencent"), ("xiaomi", "investsIn", "megvii")} <= got


@pytest.mark.parametrize("text", [
    "騰訊今天同意以 21 億美元(新台幣 645 億元)收購穿戴式裝置公司曠視，以進軍穿戴式市場。",
    "腾讯今天同意以21亿美元收购自动驾驶技术公司旷视。",
])
def test_acquisition_with_a_price_and_a_kind(inputs, text):
    assert ("tencent", "acquires", "megvii") in _triples(inputs, text)


@pytest.mark.parametrize("text", [
    "小米宣布成立城市事業部，由集團CEO楊帆親自領導。",
    "小米宣布成立城市事业部，由集团CEO杨帆亲自领导。",
])
def test_group_title_is_the_company_named_first(inputs, text):
    got = _triples(inputs, text)
    assert ("yang-fan", "holdsPost", "xiaomi-ceo") in got
    assert ("xiaomi-ceo", "postIn", "xiaomi") in got


@pytest.mark.parametrize("text", [
    "小米的架構已被三大業務板塊取代，包括城市事業部、硬件部及其他業務板塊。",
    "小米的架构已被三大业务板块取代，包括城市事业部、硬件部及其他业务板块。",
])
def test_units_listed_after_a_count_of_units(inputs, text):
    got = _triples(inputs, text)
    assert {("xiaomi", "hasUnit", "meituan-city"), ("xiaomi", "hasUnit", "mobvoi-devices")} <= got


def test_units_a_unit_brings_together(inputs):
    got = _triples(inputs, "新成立的城市事業部整合了硬件部、研發部等核心業務。")
    assert {("meituan-city", "hasUnit", "mobvoi-devices"),
            ("meituan-city", "hasUnit", "mobvoi-research")} <= got
    # the rule reads a unit that brings units together, never a company merging them
    assert not {t for t in _triples(inputs, "騰訊整合了硬件部、研發部。") if t[1] == "hasUnit"}


@pytest.mark.parametrize("text", [
    "曾經頭頂光環的“AI四小龍”(商湯科技、曠視科技、雲從科技)正逐漸褪色。",
    "曾经头顶光环的“AI四小龙”(商汤科技、旷视科技、云从科技)正逐渐褪色。",
])
def test_group_members_linked_by_a_shorter_name(inputs, text):
    got = _triples(inputs, text)
    assert ("ai-four-little-dragons", "hasMember", "megvii") in got  # 曠視 of 曠視科技


@pytest.mark.parametrize("text", [
    "2023年，小米把業務重心調整為城市事業部、硬件部和研發部三個板塊。",
    "2023年，小米把业务重心调整为城市事业部、硬件部和研发部三个板块。",
])
def test_units_listed_before_their_count(inputs, text):
    got = _triples(inputs, text)
    assert {("xiaomi", "hasUnit", u) for u in ("meituan-city", "mobvoi-devices",
                                               "mobvoi-research")} <= got


@pytest.mark.parametrize("text", [
    "Tencent plans to invest in Mobvoi, the developer of TicWatch, in a deal.",
    "TicWatch開發商出門問問宣布裁員。",
    "TicWatch开发商出门问问宣布裁员。",
])
def test_a_maker_named_by_what_it_makes(inputs, text):
    assert ("mobvoi", "offers", "ticwatch") in _triples(inputs, text)


@pytest.mark.parametrize("text", [
    "雲從智能母公司雲從科技股價大漲。",
    "云从智能的母公司云从科技股价大涨。",
    "CloudWalk, the parent company of CloudWalk AI, said demand was strong.",
    "CloudWalk AI's parent CloudWalk said demand was strong.",
])
def test_a_parent_company(inputs, text):
    assert ("cloudwalk", "hasSubsidiary", "cloudwalk-ai") in _triples(inputs, text)


def test_a_rival_is_no_maker(inputs):
    got = _triples(inputs, "Tencent, a rival of Mobvoi, said demand was strong.")
    assert not {t for t in got if t[1] in ("offers", "hasSubsidiary", "hasUnit")}


def test_a_proposed_latin_name_is_found_as_whole_words_only(project_copy):
    """Intel is not the start of "intelligence": an end found inside a word would take the
    place of the real one (nvidia supplies intel, for "its artificial intelligence models run
    on Nvidia GPUs")."""
    from kg.ingest.intake import ingest

    path = project_copy / "intel-en.txt"
    path.write_text("Nvidia and Intel compete in chips. OpenAI said its artificial intelligence "
                    "models run on Nvidia GPUs, and Intel also supplies OpenAI.\n",
                    encoding="utf-8")
    found = {(p["subject"], p["relation"], p["object"]) for p in ingest(project_copy, path).relations}
    assert ("nvidia", "competesWith", "intel") in found
    # "intelligence models run on Nvidia GPUs" makes Intel no customer; "Intel also supplies
    # OpenAI" is stated
    assert not any(o == "intel" and r == "supplies" for s, r, o in found), found


@pytest.mark.parametrize("text", [
    "CloudWalk said demand was strong. The rival firm Megvii cut prices.",
    "CloudWalk said demand was strong. The holding company of Megvii cut prices.",
])
def test_the_rival_or_holding_company_is_not_the_company_named_before(inputs, text):
    """"the rival firm" and "the holding company of" name another company, not CloudWalk."""
    assert not any(s == "cloudwalk" and r == "hasSubsidiary" for s, r, _ in _triples(inputs, text))
