"""Posts and common words of one company never link in a clause about another (issue 13, §2):
time words between a company and its post, "Y的" before a post, a post restated in brackets, and
a common word glued before a noun it describes. Real-style sentences in three scripts."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def linker():
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project
    from tests.conftest import ROOT

    return Linker.from_facts(load_inputs(Project.open(ROOT)).facts)


def _entities(linker, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.entities) for m in linker.find(text)]


# every text is about SenseTime (named first and most), so only the clause can keep a word out
ABOUT = {"zh-Hans": "商汤科技上市。商汤表示。", "zh-Hant": "商湯科技上市。商湯表示。",
         "en": "SenseTime listed. SenseTime said. "}


@pytest.mark.parametrize("script,text", [
    ("zh-Hans", "此外,有媒体报道,瑞信中国前首席执行官唐臻怡将加盟商汤科技。"),
    ("zh-Hant", "此外,有媒體報道,瑞信中國原首席執行官唐臻怡將加盟商湯科技。"),
    ("en", "Credit Suisse's former CEO Tang Zhenyi will join SenseTime as a vice-president."),
])
def test_a_post_after_another_company_and_a_time_word_is_not_linked(linker, script, text):
    assert not [e for _, e in _entities(linker, ABOUT[script] + text) if "post-ceo" in e]


@pytest.mark.parametrize("script,text", [
    ("zh-Hans", "唐臻怡曾是瑞信中国的首席执行官,如今加盟商汤。"),
    ("zh-Hant", "唐臻怡曾是瑞信中國的首席執行官,如今加盟商湯。"),
])
def test_a_post_after_another_companys_possessive_is_not_linked(linker, script, text):
    assert not [e for _, e in _entities(linker, ABOUT[script] + text) if "post-ceo" in e]


@pytest.mark.parametrize("script,text", [
    ("zh-Hans", "瑞信中国前首席执行官(CEO)唐臻怡将加盟商汤科技。"),
    ("zh-Hant", "瑞信中國前首席執行官（CEO）唐臻怡將加盟商湯科技。"),
    ("en", "Credit Suisse's former chief executive officer (CEO) Tang Zhenyi joins SenseTime."),
])
def test_a_post_restated_in_brackets_is_decided_as_the_first(linker, script, text):
    assert not [e for _, e in _entities(linker, ABOUT[script] + text) if "post-ceo" in e]


@pytest.mark.parametrize("text", ["商汤首席执行官(CEO)徐立表示。", "商湯首席執行官（CEO）徐立表示。"])
def test_its_own_post_restated_in_brackets_links_twice(linker, text):
    posts = [t for t, e in _entities(linker, text) if "post-ceo" in e]
    assert posts == [text[2:7], "CEO"]


@pytest.mark.parametrize("text", [
    "2019年“AI四小龙”占国内应用市场份额的51.4%,其中商汤科技居首位。",
    "2019年「AI四小龍」佔國內應用市場份額的51.4%,其中商湯科技居首位。",
])
def test_a_common_word_describing_a_noun_is_not_a_name(linker, text):
    found = _entities(linker, text)
    assert not [e for _, e in found if "component-application" in e]
    assert [e for _, e in found if "sensetime" in e]  # the company itself still links


@pytest.mark.parametrize("text", [
    "商湯表示,“日日新”大模型整體調用量實現增長。",
    "商汤表示,“日日新”大模型整体调用量实现增长。",
])
def test_the_word_after_its_own_product_still_links(linker, text):
    assert [e for _, e in _entities(linker, text) if "component-large-model" in e]


@pytest.mark.parametrize("text,other", [
    ("高瓴资本的合伙人与商汤的首席执行官徐立对话。", "高瓴资本"),
    ("高瓴資本的合夥人與商湯的首席執行官徐立對話。", "高瓴資本"),
    ("Hillhouse's partner and SenseTime's chief executive officer Xu Li spoke.", "Hillhouse"),
])
def test_a_post_written_right_after_its_owner_links_after_another_company(linker, text, other):
    start = text.index(other)
    found = [(m.text, m.entities) for m in
             linker.find(text, organisations=[(start, start + len(other))])]
    assert [e for _, e in found if "post-ceo" in e]


# dev6: an organisation named by no suffix and proposed by nobody still owns what follows "Y的"
@pytest.mark.parametrize("script,text,entity", [
    ("zh-Hant", "騰訊的醫療業務今年收入下滑。", "medical-dept"),
    ("zh-Hans", "依图的医疗业务早已剥离。", "medical-dept"),
    ("zh-Hans", "华为的生成式AI业务增长强劲。", "segment-generative-ai"),
    ("zh-Hant", "今年騰訊的大模型部門也在擴張。", "large-model-dept"),
])
def test_a_unit_after_an_unknown_companys_possessive_is_not_linked(linker, script, text, entity):
    assert not [e for _, e in _entities(linker, ABOUT[script] + text) if entity in e]


def test_a_possessive_owner_is_an_organisation_wherever_the_text_names_it(linker):
    # 曠視 is known as a company only by 曠視的醫療團隊; in the first sentence it owns 醫療 too
    text = ABOUT["zh-Hant"] + "商湯的對手曠視則加碼醫療,推出醫療大模型。曠視的醫療團隊規模較小。"
    linked = [e for _, e in _entities(linker, text)]
    assert ("medical-dept",) not in linked and ("component-large-model",) not in linked


@pytest.mark.parametrize("script,text", [
    ("zh-Hans", "商汤的对手旷视科技则加码医疗,推出医疗大模型。"),
    ("zh-Hant", "商湯的對手曠視科技則加碼醫療,推出醫療大模型。"),
])
def test_a_clause_after_the_sentence_turned_to_another_company_is_not_linked(linker, script, text):
    linked = [e for _, e in _entities(linker, ABOUT[script] + text)]
    assert ("medical-dept",) not in linked and ("component-large-model",) not in linked


def test_its_own_units_after_its_own_possessives_still_link(linker):
    text = ABOUT["zh-Hant"] + "商湯旗下的醫療業務也在調整,公司的大模型部門保留。今年的生成式AI業務收入增長。"
    linked = {e for _, es in _entities(linker, text) for e in es}
    assert {"medical-dept", "large-model-dept", "segment-generative-ai"} <= linked


@pytest.mark.parametrize("script,text,entity", [
    ("zh-Hant", "騰訊CEO馬化騰說,大模型是關鍵。", "component-large-model"),
    ("en", "Alibaba CEO Eddie Wu said generative AI business grew fast.", "segment-generative-ai"),
    ("en", "Megvii's healthcare unit shrank. Megvii said its large model was launched.",
     "component-large-model"),
])
def test_the_owner_of_a_post_or_a_possessive_makes_the_sentence_its_own(linker, script, text,
                                                                        entity):
    assert not [e for _, e in _entities(linker, ABOUT[script] + text) if entity in e]


def test_its_own_ceo_and_what_the_ceo_says_still_link(linker):
    text = ABOUT["en"] + "SenseTime's CEO Xu Li said applications matter."
    linked = {e for _, es in _entities(linker, text) for e in es}
    assert {"post-ceo", "component-application"} <= linked


@pytest.mark.parametrize("text,entity", [
    ("從業務構成來看,曾經包括三大業務的傳統業務經過合併計算,收入下滑明顯。", "segment-traditional-ai"),
    ("徐立認爲,“商湯已邁出了兩步:即常說的傳統AI 1.0和生成式大模型AI 2.0。”", "segment-traditional-ai"),
    ("商湯不想再揹着冗餘的傳統AI業務繼續前行。", "segment-traditional-ai"),
])
def test_a_description_before_its_own_unit_is_no_owner(linker, text, entity):
    # the seed article's own words: 三大業務的, 即常說的, 冗餘的 describe; they own nothing
    assert [e for _, e in _entities(linker, ABOUT["zh-Hant"] + text) if entity in e]


@pytest.mark.parametrize("script,text,noun,verb", [
    ("zh-Hant", "商湯的技術應用於智慧城市和手機。", "商湯的應用業務增長。", "應用"),
    ("zh-Hans", "商汤的技术应用于智慧城市和手机。", "商汤的应用业务增长。", "应用"),
])
def test_a_generic_name_used_as_a_verb_before_its_object_is_not_linked(linker, script, text,
                                                                        noun, verb):
    found = _entities(linker, ABOUT[script] + text)
    assert not [e for t, e in found if t == verb], found
    # the same word as a noun, in its company's sentence, still names the unit
    assert [e for t, e in _entities(linker, ABOUT[script] + noun) if t == verb]
