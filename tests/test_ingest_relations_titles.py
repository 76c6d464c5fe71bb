"""Posts whose company is not where the title is (issue 13, §1): a company whose name is also a
common word (百度, 小米) holds its chairman's post when the source names it again; a title and a
person in a sentence that names no organisation are the company the sentence before names first,
also across a paragraph break (a lead naming the company, then a paragraph of its executives).
Sentences of our own, in zh-Hant, zh-Hans and en."""

from __future__ import annotations

import pytest

from kg.ingest.relations import RuleExtractor, extract
from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import context, project_with

ENTITIES = """\
source: sensetime-layoffs-2024
entities:
  - {id: tencent, class: Company, label: {zh-Hant: 騰訊, zh-Hans: 腾讯, en: Tencent}}
  - {id: meituan, class: Company, label: {zh-Hant: 美團, zh-Hans: 美团, en: Meituan}}
  - {id: ma-huateng, class: Person, label: {zh-Hant: 馬化騰, zh-Hans: 马化腾, en: Pony Ma}}
  - {id: liu-chiping, class: Person, label: {zh-Hant: 劉熾平, zh-Hans: 刘炽平, en: Martin Lau}}
  - {id: wang-xing, class: Person, label: {zh-Hant: 王興, zh-Hans: 王兴, en: Wang Xing}}
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("titles"), ENTITIES)))


def _posts(inputs, text: str, proposed: tuple = ()) -> set[tuple[str, str]]:
    """(person, organisation) of every holdsPost -> postIn pair kept; ``proposed``: entities
    the entity proposer would add, (id, class, written name, occurrences)."""
    found = context(inputs, text)
    found.stated = set()
    for ident, cls, name, times in proposed:
        at = -1
        for _ in range(times):
            at = text.index(name, at + 1)
            found.propose_entity(ident, cls, {"zh-Hant": name, "zh-Hans": name, "en": "TODO"},
                                 name, at, at + len(name), "rules")
    proposals = extract(found, RuleExtractor()).proposals
    for p in proposals:  # every kept quote is the text at its offsets, naming both ends
        assert text[p.start:p.end] == p.quote
    org = {p.subject: p.object for p in proposals if p.relation == "postIn"}
    return {(p.subject, org[p.object]) for p in proposals
            if p.relation == "holdsPost" and p.object in org}


@pytest.mark.parametrize("text", [
    "百度董事長李彥宏表示，第3季AI雲保持穩健增長。百度的收入下滑。",
    "百度董事长李彦宏表示，第3季AI云保持稳健增长。百度的收入下滑。",
])
def test_a_company_whose_name_is_a_word_holds_its_chairmans_post(inputs, text):
    names = ("百度", "李彥宏" if "李彥宏" in text else "李彦宏")
    got = _posts(inputs, text, (("baidu", "Company", names[0], 2),
                                ("li-yanhong", "Person", names[1], 1)))
    assert ("li-yanhong", "baidu") in got


def test_a_word_named_once_before_a_title_is_still_a_department(inputs):
    # 財務 named once, proposed as a company by the title after it: no post of it
    text = "財務副總裁李斌表示,毛利率改善。"
    got = _posts(inputs, text, (("caiwu", "Company", "財務", 1), ("li-bin", "Person", "李斌", 1)))
    assert not got


@pytest.mark.parametrize("text, expected", [
    ("騰訊召開了第一季度業績電話會議。\n參會高管包括董事長兼首席執行官馬化騰、總裁劉熾平及多位高管。",
     {("ma-huateng", "tencent"), ("liu-chiping", "tencent")}),
    ("腾讯召开了第一季度业绩电话会议。参会高管包括董事长兼首席执行官马化腾、总裁刘炽平及多位高管。",
     {("ma-huateng", "tencent"), ("liu-chiping", "tencent")}),
    # the person the sentence's only name
    ("美團第二季收入按年升12%。首席執行官王興表示，外賣業務競爭激烈。", {("wang-xing", "meituan")}),
    ("美团第二季收入按年升12%。首席执行官王兴表示，外卖业务竞争激烈。", {("wang-xing", "meituan")}),
])
def test_a_title_without_its_company_is_the_company_of_the_sentence_before(inputs, text,
                                                                          expected):
    assert _posts(inputs, text) == expected


@pytest.mark.parametrize("text", [
    # the sentence names an organisation of its own: the title may be its, not the one before
    "騰訊召開了業績電話會議。美團首席執行官王興表示，外賣業務競爭激烈。",
    # no company in the sentence before (騰訊 named in an earlier one)
    "騰訊召開了業績電話會議。第二季收入按年升12%。參會高管包括首席執行官馬化騰、總裁劉熾平及多位高管。",
    "騰訊召開了業績電話會議。第二季收入按年升12%。首席執行官馬化騰表示，AI帶來貢獻。",
])
def test_a_title_takes_no_company_from_elsewhere_when_the_sentence_before_names_none(inputs,
                                                                                    text):
    assert not {(p, o) for p, o in _posts(inputs, text) if o == "tencent"}


PRODUCTS = ENTITIES + """\
  - {id: minimax, class: Company, label: {zh-Hant: MiniMax, zh-Hans: MiniMax, en: MiniMax}}
  - {id: talkie, class: Product, label: {zh-Hant: Talkie, zh-Hans: Talkie, en: Talkie}}
  - {id: qwen, class: Product, label: {zh-Hant: 通義千問, zh-Hans: 通义千问, en: Qwen}}
  - {id: alibaba, class: Company, label: {zh-Hant: 阿里巴巴, zh-Hans: 阿里巴巴, en: Alibaba}}
"""


@pytest.fixture(scope="module")
def products(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("poss"), PRODUCTS)))


@pytest.mark.parametrize("text, triple", [
    ("Alibaba reported strong cloud growth. The company's upgraded AI chatbot Qwen recorded "
     "10 million downloads.", ("alibaba", "offers", "qwen")),
    ("Alibaba reported strong cloud growth, and the company’s chatbot Qwen was downloaded "
     "10 million times.", ("alibaba", "offers", "qwen")),
    ("MiniMax raised US$600 million. The startup's app Talkie is popular abroad.",
     ("minimax", "offers", "talkie")),
])
def test_the_companys_product_is_the_company_named_before(products, text, triple):
    found = context(products, text)
    found.stated = set()
    got = {(p.subject, p.relation, p.object) for p in extract(found, RuleExtractor()).proposals}
    assert triple in got


def test_the_companys_product_is_not_a_rivals(products):
    # the sentence before names a company other than the maker: no guess at another one
    text = "Tencent said sales rose. The company's chatbot Qwen was downloaded 10 million times."
    found = context(products, text)
    found.stated = set()
    got = {(p.subject, p.relation, p.object) for p in extract(found, RuleExtractor()).proposals}
    assert ("alibaba", "offers", "qwen") not in got
