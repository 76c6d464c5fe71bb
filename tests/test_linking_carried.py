"""A sentence that names no organisation goes on about the company of the sentence before it
(issue 13, §2): in a source about SenseTime, 其智慧商業 / "Its smart business unit" right after
a sentence about CloudWalk or Megvii is theirs, not SenseTime's segment. Counted companies
(兩間公司) are no organisation. Real-style sentences in three scripts."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def linker():
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project
    from tests.conftest import ROOT

    return Linker.from_facts(load_inputs(Project.open(ROOT)).facts)


def _linked(linker, text: str, after: int) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.entities) for m in linker.find(text) if m.start >= after]


# every text is about SenseTime (named first and most): only the sentence before keeps a word out
ABOUT = {"zh-Hans": "商汤科技公布中期业绩。商汤表示,收入增长。",
         "zh-Hant": "商湯科技公布中期業績。商湯表示,收入增長。",
         "en": "SenseTime reported its interim results. SenseTime said revenue grew. "}
UNITS = {"segment-smart-business", "medical-dept", "segment-generative-ai", "post-ceo"}


@pytest.mark.parametrize("script,text", [
    ("zh-Hans", "云从科技公布2024年业绩,营业收入3.98亿元。其中,智慧商业收入同比减少,医疗业务收入持平。"),
    ("zh-Hant", "曠視科技同日公布上半年業績。其智慧商業收入下降三成,醫療業務則持平。"),
    ("en", "CloudWalk posted revenue of 398 million yuan. Its smart business segment shrank "
           "and its healthcare unit held steady."),
    ("en", "Megvii Technology cut its losses. The company's generative AI business grew."),
])
def test_a_sentence_that_goes_on_about_another_company_keeps_its_words_out(linker, script, text):
    linked = _linked(linker, ABOUT[script] + text, len(ABOUT[script]))
    assert not [t for t, entities in linked if UNITS & set(entities)]
    assert any("revenue" in entities for _, entities in linked) or script == "en"


@pytest.mark.parametrize("script,text,word", [
    ("zh-Hans", "商汤公布上半年业绩。其中,生成式AI收入同比增长。", "生成式AI"),
    ("zh-Hant", "商湯同日公布上半年業績。其智慧商業收入下降三成。", "智慧商業"),
    ("en", "SenseTime narrowed its loss. Its generative AI business grew.", "generative AI"),
])
def test_its_own_words_still_link_when_the_sentence_goes_on_about_it(linker, script, text, word):
    linked = _linked(linker, ABOUT[script] + text, len(ABOUT[script]))
    assert any(t.startswith(word) and UNITS & set(entities) for t, entities in linked)


# a text about several companies, none named most: only the sentence before says whose it is
@pytest.mark.parametrize("text,word", [
    ("云从科技亏损扩大至6.96亿元。旷视科技裁撤多个部门。商汤科技2024年营收37.72亿元。"
     "其中,生成式AI收入占六成。", "生成式AI"),
    ("雲從科技虧損擴大。曠視科技裁撤多個部門。商湯科技2024年營收37.72億元。其生成式AI收入佔六成。",
     "生成式AI"),
    ("CloudWalk's losses widened. Megvii Technology cut whole departments. SenseTime's revenue "
     "rose 10.8%. Its generative AI business now brings in 60% of it.", "generative AI"),
])
def test_a_sentence_that_goes_on_about_its_owner_links_among_peers(linker, text, word):
    assert any(t.startswith(word) and "segment-generative-ai" in entities
               for t, entities in _linked(linker, text, 0))


def test_a_sentence_after_one_about_both_is_left_to_the_source(linker):
    text = ABOUT["zh-Hant"] + "商湯與雲從科技同日公布業績。智慧商業收入下降三成。"
    assert ("智慧商業", ("segment-smart-business",)) in _linked(linker, text, len(ABOUT["zh-Hant"]))


def test_counted_companies_are_no_organisation():
    from kg.inputs.mentions import find_organisations

    text = "相關公司的業務概念受捧,令兩間公司上半年收入超出預期;另外兩间公司仍在融資。"
    assert find_organisations(text) == []


def test_a_word_after_counted_companies_still_links_to_its_owner(linker):
    # the sentence before names no organisation: it does not turn the text to another company
    text = ("商湯表示,X創新業務融資順利,商湯對其持股比例或縮窄。徐立以已出表的兩家公司為例,"
            "令兩間公司上半年收入超出預期。他則強調公司注重和集團本身業務的協同。")
    assert ("集團", ("sensetime",)) in _linked(linker, text, 0)


# a generic name in one compound with a common word is a common noun, even about SenseTime
@pytest.mark.parametrize("script,text", [
    ("zh-Hans", "国内厂商纷纷降价,行业应用加速落地,AI应用层出不穷。"),
    ("zh-Hant", "業內人士指出,大模型應用的商業化仍處早期。"),
    ("zh-Hans", "业内人士认为,通用大模型之外,医疗大模型也在加速落地。"),
    ("en", "Smart city projects have been the main market for China's AI start-ups."),
    ("en", "Investors poured money into generative AI applications last year."),
])
def test_a_generic_name_in_a_compound_with_a_common_word_is_not_linked(linker, script, text):
    linked = _linked(linker, ABOUT[script] + text, len(ABOUT[script]))
    assert not [t for t, entities in linked if {"component-application", "component-large-model",
                                                "segment-smart-city",
                                                "segment-generative-ai"} & set(entities)]


@pytest.mark.parametrize("script,text,word", [
    ("en", "SenseTime's smart city projects slowed.", "smart city"),
    ("zh-Hans", "商汤的应用层业务增长。", "应用"),
])
def test_its_owner_before_a_compound_still_links_it(linker, script, text, word):
    linked = _linked(linker, ABOUT[script] + text, len(ABOUT[script]))
    assert any(t == word for t, _ in linked)
