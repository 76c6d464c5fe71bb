"""Relations and entity proposals around companies the project does not know yet (issue 13):
posts written as Taiwan and Hong Kong write them, a company's unit before a title, a person's
name glossed in its own language, a product's head before its model name, partners listed,
a product named by its maker, an amount with another currency in brackets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.entities import propose_entities
from kg.inputs.corpus import load_inputs
from kg.inputs.mentions import Linker
from kg.inputs.project import Project
from tests.test_ingest_relations import _triples
from tests.test_ingest_relations import inputs as inputs  # noqa: F401  (fixtures)
from tests.test_ingest_relations import project as project  # noqa: F401


@pytest.fixture(scope="module")
def seed_linker() -> Linker:
    """The seed's names only: what a new article meets."""
    return Linker.from_facts(load_inputs(Project.open(Path(__file__).parents[1])).facts)


def _proposed(linker: Linker, text: str) -> dict[str, str]:
    known = [m for m in linker.scan(text) if not linker.is_generic(m)]
    return {c.name: c.cls for c in propose_entities(text, known, linker) if not c.alias_of}


@pytest.mark.parametrize("text,expected", [
    # 共同創辦人 / 執行長 / 資深副總裁: the titles as Taiwan writes them
    ("雲從科技共同創辦人兼執行長楊帆表示,公司將擴大投資。",
     {("yang-fan", "holdsPost", "cloudwalk-co-founder"), ("yang-fan", "holdsPost", "cloudwalk-ceo")}),
    # a unit of the company between its name and the title
    ("騰訊 雲端事業資深副總裁楊帆說,需求強勁。", {("yang-fan", "holdsPost", "tencent-vice-president")}),
    # the deal's size between the verb and the agreement
    ("騰訊已與雲從科技簽訂交易金額達11億美元的合作協議。",
     {("tencent", "partnersWith", "cloudwalk")}),
    # an amount with another currency in brackets before "in"
    ("Tencent plans to invest up to $100 billion (£73 billion) in CloudWalk.",
     {("tencent", "investsIn", "cloudwalk")}),
    # a product's head between its maker and its name
    ("出門問問旗艦手錶TicWatch銷量大增。", set()),
    ("出門問問的旗艦App TicWatch上線。", set()),
])
def test_rules_for_companies_and_posts(inputs, text, expected):  # noqa: F811
    got = _triples(inputs, text)
    assert expected <= got
    if not expected:  # no head the rule knows (手錶), or a space it does not cross: nothing
        assert not {t for t in got if t[1] == "offers"}


def test_head_product_rule(inputs):  # noqa: F811
    got = _triples(inputs, "出門問問新款手機TicWatch推出後好評如潮。")
    assert ("mobvoi", "offers", "ticwatch") in got
    # another company named between: the product is not the first one's
    got = _triples(inputs, "小米與出門問問新款手機TicWatch推出後好評如潮。")
    assert ("xiaomi", "offers", "ticwatch") not in got


def test_a_unit_between_company_and_title_stops_at_a_verb(inputs):  # noqa: F811
    # 投資 between: the post is the invested company's, not the investor's
    got = _triples(inputs, "騰訊投資的雲從科技首席執行官楊帆表示。")
    assert ("yang-fan", "holdsPost", "tencent-ceo") not in got


@pytest.mark.parametrize("text,expected,absent", [
    # a transliterated name glossed in brackets after a title: a person, whatever its surname
    ("Fitbit 共同創辦人兼執行長帕克(James Park)在聲明中表示,品牌值得信賴。", {"帕克": "Person"}, set()),
    # a Latin name after a Chinese title; the Latin company before its unit and the title
    ("Google硬體資深副總裁Rick Osterloh出席記者會。",
     {"Rick Osterloh": "Person", "Google": "Company"}, set()),
    # a product's head, then its model name
    ("宏達電旗艦手機U11推出後,獲得好評。", {"U11": "Product"}, set()),
    # partners listed after what organisations are to one another
    ("Both already collaborate with major tech players, including Microsoft, Oracle, and "
     "SoftBank.", {"Microsoft": "Company", "Oracle": "Company", "SoftBank": "Company"}, set()),
    # a product named by its maker
    ("OpenAI, the developer of ChatGPT, said the deal was large.", {"ChatGPT": "Product"},
     set()),
    # no title before the bracket: no person
    ("市場上的帕克(James Park)品牌賣得好。", {}, {"帕克"}),
])
def test_proposals_for_names_not_known(seed_linker, text, expected, absent):
    got = _proposed(seed_linker, text)
    for name, cls in expected.items():
        assert got.get(name) == cls, (name, got)
    assert not absent & set(got)


@pytest.mark.parametrize("text,expected,absent", [
    # 現任 before an institute: the verb of the post, not part of the name
    ("代表將由現任麻省理工學院計算機科學與人工智能實驗室主任Daniela Rus教授擔任。",
     {"Daniela Rus": "Person"}, {"現任麻省理工學院計算機科學與人工智能實驗室"}),
    # a business group named right after its company: the whole name, a unit
    ("阿里巴巴宣布重組。四大業務板塊包括阿里巴巴中國電商集團、雲智能集團及其他業務。",
     {"阿里巴巴中國電商集團": "BusinessGroup"}, {"電商集團"}),
    # 暨 inside a unit's name, after a Latin company
    ("HTC智慧手機暨物聯網事業總經理張嘉臨出席。", {"智慧手機暨物聯網事業": "BusinessGroup"},
     {"暨物聯網事業"}),
])
def test_unit_names_and_office_verbs(seed_linker, text, expected, absent):
    got = _proposed(seed_linker, text)
    for name, cls in expected.items():
        assert got.get(name) == cls, (name, got)
    assert not absent & set(got), got


def _unit_triples(inputs, text: str, name: str) -> set[tuple[str, str, str]]:
    """The relations read with one proposed unit, as the draft proposes it."""
    from kg.ingest.relations import RuleExtractor, extract, make_context
    from kg.inputs.mentions import Linker as _Linker
    from kg.inputs.sources import Source, split_sentences

    source = Source(id="t", path=Path("t.txt"), label="t.txt", text=text, title="", language="",
                    meta={})
    source.sentences = split_sentences(text)
    at = text.index(name)  # the company's name inside the unit's is not linked (as in ingest)
    mentions = [m for m in _Linker.from_entities(inputs.facts.entities.values()).find(text)
                if not (at <= m.start < at + len(name))]
    unit = {"id": "unit", "class": "BusinessGroup", "label": {"zh-Hant": name}, "name": name}
    context = make_context(source, inputs.ontology, inputs.facts, mentions, [unit])
    return {(p.subject, p.relation, p.object) for p in extract(context, RuleExtractor()).proposals}


def test_unit_named_after_its_company(inputs):  # noqa: F811
    got = _unit_triples(inputs, "四大業務板塊包括騰訊中國電商集團、雲智能集團及其他業務。", "騰訊中國電商集團")
    assert ("tencent", "hasUnit", "unit") in got
    # an institute named after its company may be a body of its own: no unit proposed
    got = _unit_triples(inputs, "騰訊鞍山智能工業研究院揭牌。", "騰訊鞍山智能工業研究院")
    assert not any(r == "hasUnit" for _, r, _ in got), got


@pytest.mark.parametrize("text,expected", [
    # an intent between the company and its verb
    ("Tencent has announced plans to invest up to $1 billion in CloudWalk.",
     {("tencent", "investsIn", "cloudwalk")}),
    ("Tencent agreed to acquire CloudWalk.", {("tencent", "acquires", "cloudwalk")}),
    # a stake among a company's investments, with a curly apostrophe
    ("The deal follows Tencent’s recent investments in the sector, including a $5 billion "
     "stake in CloudWalk.", {("tencent", "investsIn", "cloudwalk")}),
])
def test_english_intent_and_stakes(inputs, text, expected):  # noqa: F811
    assert expected <= _triples(inputs, text)


def test_a_fact_stated_the_other_way_is_not_proposed(inputs):  # noqa: F811
    from kg.ingest.relations import RuleExtractor, extract
    from tests.test_ingest_relations import _context

    # the seed states alibaba-cloud memberOf cloud-vendors: cloud-vendors hasMember it is no news
    context = _context(inputs, "國內雲廠商(阿里雲、華爲雲)瓜分了主要的市場份額。")
    assert ("cloud-vendors", "hasMember", "alibaba-cloud") in context.stated
    extraction = extract(context, RuleExtractor())
    assert not {(p.subject, p.object) for p in extraction.proposals} & \
        {("cloud-vendors", "alibaba-cloud"), ("cloud-vendors", "huawei-cloud")}
    assert extraction.rejected["already-stated"] >= 2


def test_two_companies_joined_by_a_conjunction_are_no_unit():
    from kg.ingest.entities import Candidate, _units_of_companies

    text = "腾讯集团和阿里巴巴集团也在加大投入。"
    found = {"阿里巴巴集团": Candidate("阿里巴巴集团", "Company", 5, 11, found_by="suffix")}
    mentions = []
    found["腾讯集团"] = Candidate("腾讯集团", "Company", 0, 4, found_by="suffix")
    _units_of_companies(found, text, mentions)
    assert sorted((c.name, c.cls) for c in found.values()) == [("腾讯集团", "Company"),
                                                               ("阿里巴巴集团", "Company")]
