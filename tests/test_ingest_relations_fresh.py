"""Relation recall on fresh text (issue 13, §1): a company named by its short name (蔚來 of
蔚來汽車, NIO of NIO Group), a model written right after its maker (蔚來ET9), a title and a
name whose company the sentence names after them, and funding rounds told with their size or
with the backers after the raise. Sentences of our own, in zh-Hant, zh-Hans and en."""

from __future__ import annotations

import pytest

from kg.ingest.relations import RuleExtractor, extract
from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import context, project_with

ENTITIES = """\
source: sensetime-layoffs-2024
entities:
  - {id: nio, class: Company, label: {zh-Hant: 蔚來汽車, zh-Hans: 蔚来汽车, en: NIO Group}}
  - {id: meituan, class: Company, label: {zh-Hant: 美團, zh-Hans: 美团, en: Meituan}}
  - {id: stepfun, class: Company, label: {zh-Hant: 階躍星辰, zh-Hans: 阶跃星辰, en: StepFun}}
  - {id: tencent, class: Company, label: {zh-Hant: 騰訊, zh-Hans: 腾讯, en: Tencent}}
  - {id: li-bin, class: Person, label: {zh-Hant: 李斌, zh-Hans: 李斌, en: William Li}}
  - {id: es8, class: Product, label: {zh-Hant: ES8, zh-Hans: ES8, en: ES8}}
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("fresh"), ENTITIES)))


def _extraction(inputs, text: str):
    found = context(inputs, text)
    found.stated = set()  # the seed states some of these; here every stated one counts
    extraction = extract(found, RuleExtractor())
    for p in extraction.proposals:  # every kept quote is the text at its offsets
        assert text[p.start:p.end] == p.quote
    return extraction


def _triples(inputs, text: str) -> set[tuple[str, str, str]]:
    return {(p.subject, p.relation, p.object) for p in _extraction(inputs, text).proposals}


def _new_product(inputs, text: str, maker: str) -> str:
    """The name of the one product the rules propose that ``maker`` offers in ``text``."""
    extraction = _extraction(inputs, text)
    new = {e["id"]: e for e in extraction.new_entities}
    offered = [new[p.object] for p in extraction.proposals
               if p.subject == maker and p.relation == "offers" and p.object in new]
    assert [e["class"] for e in offered] == ["Product"], text
    return offered[0]["name"]


@pytest.mark.parametrize("text, name", [
    ("蔚來汽車公布第三季業績。全新蔚來ET9將於下月開始交付。", "ET9"),
    ("阶跃星辰今日宣布,阶跃星辰Step-3模型已经全面上线。", "Step-3"),
])
def test_a_model_after_its_maker_is_proposed_as_its_product(inputs, text, name):
    maker = "nio" if "蔚" in text else "stepfun"
    assert _new_product(inputs, text, maker) == name


@pytest.mark.parametrize("text", [
    "美團Q1財報顯示,外賣業務收入增長。",  # a quarter, no model
    "阶跃星辰StepFun今日发布财报。",  # the company's own Latin name
    "美团AI助手用户数突破一亿。",  # an abbreviation
])
def test_no_product_from_a_period_a_name_or_an_abbreviation(inputs, text):
    assert not [p for p in _extraction(inputs, text).proposals if p.relation == "offers"]


def test_a_known_product_right_after_its_maker(inputs):
    text = "蔚來汽車發布新車。蔚來ES8的交付量創下新高,蔚來ES8團隊隨後擴編。"
    offers = [p for p in _extraction(inputs, text).proposals if p.relation == "offers"]
    assert [(p.subject, p.object, p.quote) for p in offers] == \
        [("nio", "es8", "蔚來ES8的交付量創下新高")]


@pytest.mark.parametrize("text, triple", [
    # the short name alone: 蔚来 of 蔚来汽车, in a sentence of its own
    ("蔚来汽车发布三季度财报。蔚来与美团签署了战略合作协议。", ("nio", "partnersWith", "meituan")),
    ("NIO Group reported higher deliveries. Tencent later invested in NIO, the filing shows.",
     ("tencent", "investsIn", "nio")),
])
def test_a_company_named_by_its_short_name(inputs, text, triple):
    assert triple in _triples(inputs, text)


@pytest.mark.parametrize("text", [
    "蔚來汽車公布季度業績,蔚來的毛利率改善。執行董事兼首席執行官李斌表示,蔚來的交付量創下新高。",
    "蔚来汽车公布季度业绩,蔚来的毛利率改善。执行董事兼首席执行官李斌表示,蔚来的交付量创下新高。",
    "NIO Group reported higher deliveries. NIO said margins improved. “We will keep investing,” "
    "co-Chief Executive Officer William Li said on NIO’s earnings call.",
])
def test_a_title_and_name_in_the_company_the_sentence_names_after(inputs, text):
    extraction = _extraction(inputs, text)
    posts = {p.object for p in extraction.proposals
             if p.subject == "li-bin" and p.relation == "holdsPost"}
    assert "nio-ceo" in posts
    assert ("nio-ceo", "postIn", "nio") in {(p.subject, p.relation, p.object)
                                             for p in extraction.proposals}


def test_a_title_and_name_stay_out_of_a_company_the_article_is_not_about(inputs):
    # Meituan is named once: no company stands out, the CEO is nobody's here
    text = "首席執行官李斌表示,美團的訂單增長放緩。"
    assert not [p for p in _extraction(inputs, text).proposals if p.relation == "postIn"]


@pytest.mark.parametrize("text, triples", [
    ("Meituan has reportedly led a funding round of over US$ 300 million for AI startup StepFun.",
     {("meituan", "investsIn", "stepfun")}),
    ("StepFun has raised fresh capital at a valuation above $2 billion, with Meituan and Tencent "
     "investing.", {("meituan", "investsIn", "stepfun"), ("tencent", "investsIn", "stepfun")}),
    # a gloss in brackets negates nothing
    ("StepFun closed a new round in May, with Tencent and Meituan (formerly Sankuai) investing.",
     {("meituan", "investsIn", "stepfun"), ("tencent", "investsIn", "stepfun")}),
])
def test_a_round_with_its_size_or_its_backers_after(inputs, text, triples):
    assert triples <= _triples(inputs, text)


@pytest.mark.parametrize("text", [
    "Meituan denied it led a funding round of $300 million for AI startup StepFun.",
    "StepFun raised fresh capital last year, with Meituan not investing.",
])
def test_a_denied_round_is_no_investment(inputs, text):
    assert ("meituan", "investsIn", "stepfun") not in _triples(inputs, text)


def test_words_describing_a_named_company_make_no_new_one(inputs):
    extraction = _extraction(inputs, "Chinese tech group Meituan has led a funding round of "
                                     "US$ 300 million for AI startup StepFun.")
    assert {(p.subject, p.relation, p.object) for p in extraction.proposals} == \
        {("meituan", "investsIn", "stepfun")}
    assert not extraction.new_entities


@pytest.mark.parametrize("text, triples", [
    ("階躍星辰的投資方還包括美團、騰訊等。",
     {("meituan", "investsIn", "stepfun"), ("tencent", "investsIn", "stepfun")}),
    ("腾讯为阶跃星辰第一大股东(12%)。", {("tencent", "investsIn", "stepfun")}),
])
def test_shareholders_listed_after_also_or_without_de(inputs, text, triples):
    assert triples <= _triples(inputs, text)


def test_no_shareholder_when_denied(inputs):
    assert not _triples(inputs, "腾讯并非阶跃星辰大股东。")


@pytest.mark.parametrize("text, owner, unit", [
    ("Meituan said on Friday that Meituan's food delivery unit grew 20 per cent.", "meituan",
     "food delivery unit"),
    # the company's, opening the sentence after one naming the company the text is about
    ("NIO Group reported results. Analysts said NIO beat estimates. NIO said sales rose. "
     "The company’s battery swap unit, which runs 3,000 stations, broke even.", "nio",
     "battery swap unit"),
])
def test_a_unit_after_its_company_s_possessive(inputs, text, owner, unit):
    extraction = _extraction(inputs, text)
    new = {e["id"]: e for e in extraction.new_entities}
    units = [(p.subject, new[p.object]["name"], new[p.object]["class"])
             for p in extraction.proposals if p.relation == "hasUnit" and p.object in new]
    assert units == [(owner, unit, "BusinessGroup")]


@pytest.mark.parametrize("text", [
    "Meituan’s shares fell. The group's biggest unit lost money.",
    "Meituan's travel unit was not part of the deal.",  # one word: what the unit does
    # the sentence before names another company than the one the text is about
    "NIO Group reported results. Analysts said NIO beat estimates. Tencent said sales rose. "
    "The company’s battery swap unit broke even.",
])
def test_no_unit_from_a_description_or_another_company(inputs, text):
    assert not [p for p in _extraction(inputs, text).proposals if p.relation == "hasUnit"]


def test_a_new_organisation_named_by_a_common_word_holds_no_post(inputs):
    # 會計 (accounting), proposed as a company by a title after it: a department's word
    text = "財務與會計副總裁李斌表示,毛利率改善。"
    found = context(inputs, text)
    found.stated = set()
    at = text.index("會計")
    found.propose_entity("kuaiji", "Company", {"zh-Hant": "會計", "zh-Hans": "会计", "en": "TODO"},
                         "會計", at, at + 2, "post")
    proposals = extract(found, RuleExtractor()).proposals
    assert not [p for p in proposals if p.relation == "postIn" and p.object == "kuaiji"]


@pytest.mark.parametrize("text", [
    "階躍星辰今日宣布完成融資。該公司表示,騰訊和美團是其主要競爭對手。",
    "阶跃星辰今日宣布完成融资。该公司表示,腾讯和美团是其主要竞争对手。",
    "阶跃星辰称,腾讯与美团都是它的竞争者。",
])
def test_two_companies_named_as_a_third_partys_rivals_are_no_rivals_of_each_other(inputs, text):
    assert ("tencent", "competesWith", "meituan") not in _triples(inputs, text)
    assert ("tencent", "competesWith", "meituan") in _triples(inputs, "騰訊與美團在外賣市場競爭。")
