"""Relation recall (issue 13, §1): rivals named before 其 (A和B是其競爭對手: whose rivals the
clause before says), a person no entity names right after a company's title (the post rules
bind the name the title ends on; a name written again before a verb), and a title opening a
clause before a verb of announcing or in a list of titled people; and constructions that had
no rule: rivals like X, A and B announced a partnership, the owner of X, a company's product
after its kind, new models of the company named before, a unit a company builds
(打造「X事業群」). Sentences of our own, in zh-Hant, zh-Hans and en."""

from __future__ import annotations

import pytest

from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import extraction, project_with

ENTITIES = """\
source: sensetime-layoffs-2024
entities:
  - {id: pop-mart, class: Company, label: {zh-Hant: 泡泡瑪特, zh-Hans: 泡泡玛特, en: Pop Mart}}
  - {id: miniso, class: Company, label: {zh-Hant: 名創優品, zh-Hans: 名创优品, en: Miniso}}
  - {id: bandai, class: Company, label: {zh-Hant: 萬代, zh-Hans: 万代, en: Bandai}}
  - {id: quanta, class: Company, label: {zh-Hant: 廣達, zh-Hans: 广达, en: Quanta}}
  - {id: li-auto, class: Company, label: {zh-Hant: 理想汽車, zh-Hans: 理想汽车, en: Li Auto}}
  - {id: li-xiang, class: Person, label: {zh-Hant: 李想, zh-Hans: 李想, en: Li Xiang}}
  - {id: puma, class: Company, label: {zh-Hant: 彪馬, zh-Hans: 彪马, en: Puma}}
  - {id: hoka, class: Company, label: {zh-Hant: Hoka, zh-Hans: Hoka, en: Hoka}}
  - {id: asics, class: Company, label: {zh-Hant: 亞瑟士, zh-Hans: 亚瑟士, en: Asics}}
  - {id: stellantis, class: Company, label: {zh-Hant: Stellantis, zh-Hans: Stellantis,
                                               en: Stellantis}}
  - {id: leapmotor, class: Company, label: {zh-Hant: 零跑汽車, zh-Hans: 零跑汽车, en: Leapmotor}}
  - {id: xpeng, class: Company, label: {zh-Hant: 小鵬汽車, zh-Hans: 小鹏汽车, en: XPeng}}
  - {id: g6, class: Product, label: {zh-Hant: G6, zh-Hans: G6, en: G6}}
  - {id: g9, class: Product, label: {zh-Hant: G9, zh-Hans: G9, en: G9}}
  - {id: tencent, class: Company, label: {zh-Hant: 騰訊, zh-Hans: 腾讯, en: Tencent}}
  - {id: yuanbao, class: Product, label: {zh-Hant: 元寶, zh-Hans: 元宝, en: Yuanbao}}
  - {id: ima, class: Product, label: {zh-Hant: ima, zh-Hans: ima, en: ima}}
  - {id: asus, class: Company, label: {zh-Hant: 華碩, zh-Hans: 华硕, en: Asus}}
  - {id: asus-infra, class: BusinessGroup, label: {zh-Hant: 基礎方案事業群, zh-Hans: 基础方案事业群,
                                                  en: Infrastructure Solutions BG}}
  - {id: ma-huateng, class: Person, label: {zh-Hant: 馬化騰, zh-Hans: 马化腾, en: Pony Ma}}
  - {id: liu-chiping, class: Person, label: {zh-Hant: 劉熾平, zh-Hans: 刘炽平, en: Martin Lau}}
  - {id: minimax, class: Company, label: {zh-Hant: MiniMax, zh-Hans: MiniMax, en: MiniMax}}
  - {id: yan-junjie, class: Person, label: {zh-Hant: 閆俊傑, zh-Hans: 闫俊杰, en: Yan Junjie}}
  - {id: unitree, class: Company, label: {zh-Hant: 宇樹科技, zh-Hans: 宇树科技, en: Unitree}}
  - {id: wang-xingxing, class: Person, label: {zh-Hant: 王興興, zh-Hans: 王兴兴, en: Wang Xingxing}}
  - {id: alibaba, class: Company, label: {zh-Hant: 阿里巴巴, zh-Hans: 阿里巴巴, en: Alibaba}}
  - {id: qwen, class: Product, label: {zh-Hant: Qwen, zh-Hans: Qwen, en: Qwen}}
  - {id: midea, class: Company, label: {zh-Hant: 美的, zh-Hans: 美的, en: Midea}}
  - {id: lenovo, class: Company, label: {zh-Hant: 聯想, zh-Hans: 联想, en: Lenovo}}
  - {id: hoeld, class: Person, label: {zh-Hant: TODO, zh-Hans: TODO, en: Arthur Hoeld}}
  - {id: yang, class: Person, label: {zh-Hant: 楊元慶, zh-Hans: 杨元庆, en: Yuanqing Yang}}
  - {id: pdd, class: Company, label: {zh-Hant: 拼多多控股, zh-Hans: 拼多多控股, en: PDD Holdings}}
  - {id: temu, class: Product, label: {zh-Hant: Temu, zh-Hans: Temu, en: Temu}}
  - {id: pinduoduo, class: Product, label: {zh-Hant: 拼多多, zh-Hans: 拼多多, en: Pinduoduo}}
  - {id: miniso-app, class: Product, label: {zh-Hant: MINISO Land, zh-Hans: MINISO Land,
                                              en: MINISO Land}}
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("recall"), ENTITIES)))


def _triples(inputs, text: str) -> set[tuple[str, str, str]]:
    return {(p.subject, p.relation, p.object) for p in extraction(inputs, text).proposals}


@pytest.mark.parametrize("text", [
    "泡泡瑪特成立於2010年,名創優品和萬代是其主要競爭對手。",
    "泡泡玛特公布了中期业绩。名创优品和万代都是其竞争对手。",
])
def test_rivals_before_its_pronoun_compete_with_the_company_named_before(inputs, text):
    assert _triples(inputs, text) == {("miniso", "competesWith", "pop-mart"),
                                      ("bandai", "competesWith", "pop-mart")}


def test_its_pronoun_with_no_company_before_proposes_nothing(inputs):
    # the rivals themselves are no antecedent of 其: nobody's rivals are named
    assert _triples(inputs, "名創優品和萬代是其競爭對手。") == set()


@pytest.mark.parametrize("text, name, posts", [
    ("泡泡玛特董事长兼 CEO 王宁化身带货博主,在直播间介绍新品。", "王宁",
     {"pop-mart-chairman", "pop-mart-ceo"}),
    ("泡泡瑪特執行長王寧表示,公司將擴大海外門店。", "王寧", {"pop-mart-ceo"}),
])
def test_a_name_after_a_company_title_is_proposed_as_the_person_holding_it(inputs, text, name,
                                                                           posts):
    found = extraction(inputs, text)
    people = [e for e in found.new_entities if e["class"] == "Person"]
    assert [e["name"] for e in people] == [name]
    held = {p.object for p in found.proposals
            if p.subject == people[0]["id"] and p.relation == "holdsPost"}
    assert held == posts
    assert {(p.subject, p.object) for p in found.proposals if p.relation == "postIn"} == \
        {(post, "pop-mart") for post in posts}


def test_a_title_alone_proposes_no_person(inputs):
    found = extraction(inputs, "總裁王寧表示,門店將擴大。")
    assert found.new_entities == [] and found.proposals == []


def test_a_name_the_text_writes_again_before_a_verb_is_the_titled_person(inputs):
    # 林百里昨(15)日: no verb ends the name where the title is; 林百里表示 further on does
    found = extraction(inputs, "廣達（2382）董事長林百里昨（15）日預告,廣達去年獲利創新高。"
                                     "林百里表示,訂單已經滿載。")
    (person,) = [e for e in found.new_entities if e["class"] == "Person"]
    assert person["name"] == "林百里"
    assert {(p.subject, p.relation, p.object) for p in found.proposals} == \
        {(person["id"], "holdsPost", "quanta-chairman"), ("quanta-chairman", "postIn", "quanta")}


def test_a_title_opening_a_clause_before_an_announcement(inputs):
    text = ("理想汽车公布了第三季度业绩。理想汽车营收下降。"
            "在电话会上,CEO 李想宣布理想汽车将回归创业公司管理模式。")
    assert _triples(inputs, text) == {("li-xiang", "holdsPost", "li-auto-ceo"),
                                      ("li-auto-ceo", "postIn", "li-auto")}


@pytest.mark.parametrize("text, expected", [
    ("Puma has lost ground to competitors like Asics and Hoka in running shoes.",
     {("puma", "competesWith", "asics"), ("puma", "competesWith", "hoka")}),
    ("Stellantis and Leapmotor announced a long-term partnership in October.",
     {("stellantis", "partnersWith", "leapmotor")}),
    ("PDD Holdings warned on profits after the Chinese owner of shopping sites Temu and "
     "Pinduoduo reported results.", {("pdd", "offers", "temu"), ("pdd", "offers", "pinduoduo")}),
    ("Miniso's membership app, MINISO Land, drew new users.", {("miniso", "offers", "miniso-app")}),
    ("小鵬汽車第二季毛利率改善,主要由於毛利率較健康的新款G6和G9交付佔比提升。",
     {("xpeng", "offers", "g6"), ("xpeng", "offers", "g9")}),
    ("華碩打造「基礎方案事業群」,專攻伺服器。", {("asus", "hasUnit", "asus-infra")}),
    ("騰訊公布業績,參會高管包括董事長兼首席執行官馬化騰、總裁劉熾平以及首席財務官羅碩瀚。",
     {("ma-huateng", "holdsPost", "tencent-chairman"), ("ma-huateng", "holdsPost", "tencent-ceo"),
      ("liu-chiping", "holdsPost", "tencent-president"), ("tencent-chairman", "postIn", "tencent"),
      ("tencent-ceo", "postIn", "tencent"), ("tencent-president", "postIn", "tencent")}),
])
def test_constructions_that_had_no_rule(inputs, text, expected):
    assert _triples(inputs, text) == expected


@pytest.mark.parametrize("text", [
    # a new model right after another maker's name is that maker's (maker-product-zh), not the
    # sentence's first company's
    "華碩表示,小鵬汽車新款G6熱賣。",
    # rivals like X: the rivals of the clause's own company only
    "Asics said that Puma, whose shoes sell well, faces pressure; Hoka is growing.",
    # 將X、Y等產品接入: what a company connects is not always its own
    "騰訊將元寶、ima等多款產品接入DeepSeek。",
    # the name right before "the developer of" is the maker, not the sentence's first company
    "Asics praised Puma, the developer of MINISO Land.",
])
def test_new_constructions_keep_to_their_clause(inputs, text):
    found = _triples(inputs, text)
    assert not {t for t in found if t[0] in ("asus", "asics", "tencent")}
    assert not {t for t in found if t[1] == "competesWith"}


def _offered(found) -> set[tuple[str, str]]:
    """(maker's name, product's name) of the offers the rules propose, by the names written."""
    names = {e["id"]: e["name"] for e in found.new_entities} | {"asus": "華碩"}
    return {(names[p.subject], names[p.object]) for p in found.proposals if p.relation == "offers"}


@pytest.mark.parametrize("text, expected", [
    # the maker no entity names, its name ending like a company's; products named in Latin
    # letters first, listed after 包括
    ("库卡中国新品不断推出,包括:LBR iisy协作机器人、KR SCARA机器人家族、KR CYBERTECH nano ARC系列等。",
     {("库卡中国", "LBR iisy协作机器人"), ("库卡中国", "KR SCARA机器人家族"),
      ("库卡中国", "KR CYBERTECH nano ARC系列")}),
    # what the product is before it, up to 的
    ("美的威灵汽车部件公司推出全球首批量产的800V SiC高转速电动压缩机;美仁芯片年销量超过100万颗。",
     {("美的威灵汽车部件公司", "800V SiC高转速电动压缩机")}),
    ("華碩推出了ROG Phone 9手機和Zenbook筆電。", {("華碩", "ROG Phone 9手機"), ("華碩", "Zenbook筆電")}),
    # a known company's name inside the maker's (美的 of 美的威靈...公司) is a piece of it
    ("美的威靈汽車部件公司推出800V SiC電動壓縮機。", {("美的威靈汽車部件公司", "800V SiC電動壓縮機")}),
])
def test_products_a_maker_launches_are_proposed_with_the_maker(inputs, text, expected):
    found = extraction(inputs, text)
    assert _offered(found) == expected
    products = {product for _, product in expected}
    assert {e["class"] for e in found.new_entities if e["name"] in products} == {"Product"}


@pytest.mark.parametrize("text", [
    "華碩推出AI大模型。",  # common words, no name
    "華碩發布2024年財報。",  # a year, no product
    "市場人士推出X1手機的傳言。",  # no company launches it
])
def test_a_launch_of_no_named_product_proposes_nothing(inputs, text):
    assert not {p for p in extraction(inputs, text).proposals if p.relation == "offers"}


@pytest.mark.parametrize("text, expected", [
    ("The deal arrives as Puma battles a 50% drop in value, with new CEO Arthur Hoeld "
     "struggling to reverse the decline.",
     {("hoeld", "holdsPost", "puma-ceo"), ("puma-ceo", "postIn", "puma")}),
    ("Lenovo's non-PC business grew and company chairman and CEO Yuanqing Yang told Reuters "
     "that it will grow.",
     {("yang", "holdsPost", "lenovo-ceo"), ("yang", "holdsPost", "lenovo-chairman"),
      ("lenovo-ceo", "postIn", "lenovo"), ("lenovo-chairman", "postIn", "lenovo")}),
    ("Puma fell, with former CEO Arthur Hoeld struggling.", set()),  # no longer his post
])
def test_an_english_title_after_with_or_and(inputs, text, expected):
    assert _triples(inputs, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Founded in 2021 by former Alibaba employees, including Yan Junjie, MiniMax specializes in "
     "social AI.", {("yan-junjie", "holdsPost", "minimax-founder"),
                    ("minimax-founder", "postIn", "minimax")}),
    ("由王兴兴创立的宇树科技今年申请上市。", {("wang-xingxing", "holdsPost", "unitree-founder"),
                                 ("unitree-founder", "postIn", "unitree")}),
    ("The upgraded AI chatbot Qwen, Alibaba's answer to ChatGPT, drew users.",
     {("alibaba", "offers", "qwen")}),
])
def test_founders_opening_the_sentence_and_a_makers_answer(inputs, text, expected):
    assert _triples(inputs, text) == expected
