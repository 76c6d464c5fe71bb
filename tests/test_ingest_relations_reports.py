"""Relation kinds in one clause whose two ends are entities, that no template read before
(issue 13, §1): a company one of a group (是“AI四小龍”之一, 作為
AI四小龍之一的曠視), posts taken by joining or election (加盟商湯科技,出任副總裁; 當選力帆科技董事長;
chief executive at Shenzhen-based ...), customers counted in a later clause. Real-style
sentences in zh-Hant, zh-Hans and en; each rule's lookalikes (negated, other classes, a
clause that states something of its own) propose nothing."""

from __future__ import annotations

import pytest

from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import project_with
from tests.rules import triples as _triples
from tests.test_ingest_relations import PEERS

MORE = PEERS + """\
  - {id: jiemian, class: MediaOutlet, label: {zh-Hant: 界面新聞, zh-Hans: 界面新闻, en: Jiemian}}
  - {id: huxiu, class: MediaOutlet, label: {zh-Hant: 虎嗅, zh-Hans: 虎嗅, en: Huxiu}}
  - {id: reuters, class: MediaOutlet, label: {zh-Hant: 路透社, zh-Hans: 路透社, en: Reuters}}
  - {id: bytedance, class: Company, label: {zh-Hant: 字節跳動, zh-Hans: 字节跳动, en: ByteDance}}
  - {id: yitu, class: Company, label: {zh-Hant: 依圖科技, zh-Hans: 依图科技, en: Yitu}}
  - {id: lifan, class: Company, label: {zh-Hant: 力帆科技, zh-Hans: 力帆科技, en: Lifan Technology}}
  - {id: iimedia, class: Company, label: {zh-Hant: 艾媒諮詢, zh-Hans: 艾媒咨询, en: iiMedia Research}}
  - {id: geely, class: Company, label: {zh-Hant: 吉利, zh-Hans: 吉利, en: Geely}}
  - {id: volcano-engine, class: BusinessGroup, label: {zh-Hant: 火山引擎, zh-Hans: 火山引擎,
                                                      en: Volcano Engine}}
  - {id: yin-qi, class: Person, label: {zh-Hant: 印奇, zh-Hans: 印奇, en: Yin Qi}}
  - {id: tang-zhenyi, class: Person, label: {zh-Hant: 唐臻怡, zh-Hans: 唐臻怡, en: Tang Zhenyi}}
  - {id: zhang-yi, class: Person, label: {zh-Hant: 張毅, zh-Hans: 张毅, en: Zhang Yi}}
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("reports"), MORE)))


@pytest.mark.parametrize("text", [
    # a company an outlet reports on is not reportedBy it (the outlet is the claimant of what the
    # sentence states; reportedBy is for the events it reports): the answer sets' convention
    "據界面新聞報道，曠視近期對組織架構進行調整。",
    "According to Reuters, Xiaomi is preparing to launch a new phone.",
    # what the sentence states carries the outlet as its claimant instead
    "據財新報道，招商銀行已成為商湯的客戶。",
    "According to Caixin, Tencent invested heavily in CloudWalk.",
    # the company does not open the reported clause
    "據財新報道，市場人士認為小米的新車將熱賣。",
    # an outlet is not what another outlet reports
    "據路透社報道，財新近日裁員。",
])
def test_no_company_is_reported_when_the_clause_is_not_about_it(inputs, text):
    assert not {t for t in _triples(inputs, text) if t[1] == "reportedBy"}, text


def test_an_event_the_sentence_names_is_reported_not_the_company(inputs):
    got = _triples(inputs, "據財新報道，出門問問近日啟動硬件裁員。")
    assert ("mobvoi-layoff", "reportedBy", "caixin") in got
    assert ("mobvoi", "reportedBy", "caixin") not in got


@pytest.mark.parametrize("text, member", [
    ("雲從科技是“AI四小龍”之一。", "cloudwalk"),
    ("云从科技是“AI四小龙”之一。", "cloudwalk"),
    ("作為“AI四小龍”之一的曠視近日宣布裁員。", "megvii"),
    ("作为AI四小龙之一的旷视近日宣布裁员。", "megvii"),
    ("AI四小龍中的依圖科技已暫停上市計劃。", "yitu"),
    ("“AI四小龙”中,旷视的营收增速最快。", "megvii"),
    ("据天眼查资料,自2014到2018年,曠視共完成10次融資,是“AI四小龍”中吸金最多的一家。", "megvii"),
    ("Megvii is one of the AI Four Little Dragons.", "megvii"),
    ("Yitu, one of the AI Four Little Dragons, has shelved its listing.", "yitu"),
])
def test_a_company_is_one_of_a_group(inputs, text, member):
    assert (member, "memberOf", "ai-four-little-dragons") in _triples(inputs, text), text


@pytest.mark.parametrize("text", [
    "依圖科技不是“AI四小龍”之一。",  # negated
    "Yitu is not one of the AI Four Little Dragons.",
    "曠視是騰訊的股東之一。",  # a company is no group
    "騰訊中,小米的份額最高。",
    "Megvii is one of Tencent's suppliers.",
])
def test_membership_lookalikes_propose_no_member(inputs, text):
    assert not {t for t in _triples(inputs, text) if t[1] == "memberOf"}, text


@pytest.mark.parametrize("text, person, post, org", [
    ("此外,有媒體報道,唐臻怡將加盟商湯科技,出任副總裁,輔佐目前商湯的兩名聯合創始人。",
     "tang-zhenyi", "sensetime-vice-president", "sensetime"),
    ("钛媒体App 11月11日消息,印奇当选力帆科技董事长。", "yin-qi", "lifan-chairman", "lifan"),
    ("印奇當選力帆科技董事長。", "yin-qi", "lifan-chairman", "lifan"),
    ("“Competition is even more intense,” said Zhang Yi, chief executive at Shenzhen-based "
     "iiMedia Research.", "zhang-yi", "iimedia-ceo", "iimedia"),
])
def test_a_post_taken_by_joining_or_election(inputs, text, person, post, org):
    got = _triples(inputs, text)
    assert (person, "holdsPost", post) in got, text
    assert (post, "postIn", org) in got


def test_a_post_not_taken_proposes_nothing(inputs):
    assert not _triples(inputs, "印奇未能當選力帆科技董事長。")


def test_customers_counted_in_the_clause_after(inputs):
    text = "ByteDance's Volcano Engine sells cloud services to carmakers, and counts Geely " \
           "among its customers."
    got = _triples(inputs, text)
    assert ("volcano-engine", "supplies", "geely") in got
    assert ("bytedance", "supplies", "geely") not in got  # the clause opens with its unit
    assert ("volcano-engine", "supplies", "geely") not in _triples(
        inputs, "Volcano Engine sells cloud services to carmakers, and no longer counts Geely "
                "among its customers.")


@pytest.mark.parametrize("text, people, post", [
    ("2011年,印奇與唐臻怡、楊帆三位清華大學計算機科學實驗班人才,創立了中國AI公司曠視。",
     {"yin-qi", "tang-zhenyi", "yang-fan"}, "megvii-co-founder"),
    ("2011年,印奇与唐臻怡、杨帆三位清华大学计算机科学实验班人才,创立了中国AI公司旷视。",
     {"yin-qi", "tang-zhenyi", "yang-fan"}, "megvii-co-founder"),
    ("曠視由印奇創立。", {"yin-qi"}, "megvii-founder"),
    ("Megvii was founded in 2011 by Yin Qi, a Tsinghua graduate.", {"yin-qi"}, "megvii-founder"),
    ("Megvii, which was co-founded by Yin Qi and Yang Fan, grew fast.",
     {"yin-qi", "yang-fan"}, "megvii-co-founder"),
    ("Yin Qi, who founded Megvii, said profits rose.", {"yin-qi"}, "megvii-founder"),
])
def test_the_founders_of_a_company_hold_its_founder_post(inputs, text, people, post):
    got = _triples(inputs, text)
    assert {p for p, rel, o in got if rel == "holdsPost" and o == post} == people, text
    assert (post, "postIn", "megvii") in got


@pytest.mark.parametrize("text", [
    "印奇沒有創立曠視。",  # negated
    "印奇將創立一家新公司,與曠視競爭。",  # a plan, and not 曠視
    "Yin Qi never founded Megvii.",
    "If Yin Qi founded Megvii, he would be rich.",  # supposed
    # "It" could be either company: the sentence before's first is not its founder's
    "Tencent recently funded another startup, Megvii. It was founded in 2011 by Yin Qi.",
])
def test_a_founding_denied_or_supposed_proposes_no_post(inputs, text):
    assert not {t for t in _triples(inputs, text) if t[1] == "holdsPost"}, text
