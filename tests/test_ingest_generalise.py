"""Relations and entity proposals by category, on sentences of our own: the patterns real
articles use (a list faced in a later clause, a challenge posed, a pair that co-launches, the
chips a company works with, a kind of company before its name, a person's apposition...), each
with a look-alike that must propose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.entities import propose_entities
from kg.inputs.corpus import load_inputs
from kg.inputs.mentions import Linker
from kg.inputs.project import Project
from tests.rules import project_with
from tests.rules import triples as _triples

PEERS = """\
source: sensetime-layoffs-2024
entities:
  - {id: kingsoft-cloud, class: Company, label: {zh-Hant: 金山雲, zh-Hans: 金山云, en: Kingsoft Cloud}}
  - {id: tencent, class: Company, label: {zh-Hant: 騰訊, zh-Hans: 腾讯, en: Tencent}}
  - {id: xiaomi, class: Company, label: {zh-Hant: 小米, zh-Hans: 小米, en: Xiaomi}}
  - {id: megvii, class: Company, label: {zh-Hant: 曠視, zh-Hans: 旷视, en: Megvii}}
  - {id: nvidia, class: Company, label: {zh-Hant: 英偉達, zh-Hans: 英伟达, en: Nvidia}}
  - {id: cambricon, class: Company, label: {zh-Hant: 寒武紀, zh-Hans: 寒武纪, en: Cambricon}}
  - {id: toyota, class: Company, label: {zh-Hant: 豐田, zh-Hans: 丰田, en: Toyota}}
  - {id: mobvoi, class: Company, label: {zh-Hant: 出門問問, zh-Hans: 出门问问, en: Mobvoi}}
  - {id: redmi, class: Product, label: {zh-Hant: 紅米, zh-Hans: 红米, en: Redmi}}
  - {id: poco, class: Product, label: {zh-Hant: POCO, zh-Hans: POCO, en: Poco}}
  - {id: tang-wenbin, class: Person, label: {zh-Hant: 唐文斌, zh-Hans: 唐文斌, en: Tang Wenbin}}
  - {id: yin-qi, class: Person, label: {zh-Hant: 印奇, zh-Hans: 印奇, en: Yin Qi}}
  - {id: li-na, class: Person, label: {zh-Hant: 李娜, zh-Hans: 李娜, en: Li Na}}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return project_with(tmp_path_factory.mktemp("generalise"), PEERS)


@pytest.fixture(scope="module")
def inputs(project):
    return load_inputs(Project.open(project))


@pytest.fixture(scope="module")
def seed_linker():
    """The seed's names only: what a new article meets."""
    return Linker.from_facts(load_inputs(Project.open(Path(__file__).parents[1])).facts)


RELATION_CASES = [
    # a list faced in a later clause: who faces it is the sentence's company
    ("金山雲第二季度利潤下滑，其雲業務面臨騰訊、小米等對手的激烈競爭。",
     {("kingsoft-cloud", "competesWith", "tencent"), ("kingsoft-cloud", "competesWith", "xiaomi")}),
    ("金山雲第二季度利潤下滑，騰訊和小米的收入都在增長。", set()),
    # a challenge posed
    ("Cheaper models from Megvii and Tencent pose a serious challenge to Kingsoft Cloud's "
     "hosting business.",
     {("megvii", "competesWith", "kingsoft-cloud"), ("tencent", "competesWith", "kingsoft-cloud")}),
    ("騰訊的新模型對金山雲的業務構成了直接威脅。", {("tencent", "competesWith", "kingsoft-cloud")}),
    # a pair that co-develops
    ("Toyota and Nvidia co-developed a driving computer.", {("toyota", "partnersWith", "nvidia")}),
    ("Toyota and Nvidia reported higher sales.", set()),
    # the chips a company works with, listed after it
    ("小米首次披露自研芯片進展，合作的芯片廠商包括英偉達、寒武紀等。",
     {("nvidia", "supplies", "xiaomi"), ("cambricon", "supplies", "xiaomi")}),
    # products listed under a company's unit
    ("Xiaomi's phone unit, including Redmi and Poco products, grew fast.",
     {("xiaomi", "offers", "redmi"), ("xiaomi", "offers", "poco")}),
    # investors: a startup someone backed; a pair that funded a startup; money poured into
    ("Li Na later joined a startup Tencent backed, Mobvoi, as an engineer.",
     {("tencent", "investsIn", "mobvoi")}),
    # an English negation is a whole word: "another" holds no "not"
    ("Li Na later joined another startup Tencent backed, Mobvoi.", {("tencent", "investsIn", "mobvoi")}),
    ("Li Na said Tencent has not backed Mobvoi.", set()),
    ("Toyota and Nvidia, meanwhile, jointly funded an autonomous-driving startup, Mobvoi.",
     {("toyota", "investsIn", "mobvoi"), ("nvidia", "investsIn", "mobvoi")}),
    ("Tencent has poured US$2 billion into a dozen AI firms such as Mobvoi and Megvii.",
     {("tencent", "investsIn", "mobvoi"), ("tencent", "investsIn", "megvii")}),
    ("Tencent has poured US$2 billion into data centres.", set()),
    # built upon a supplier's processor; a possessed thing is no company
    ("Toyota's new cockpit is built upon Nvidia's in-house driving processor.",
     {("nvidia", "supplies", "toyota")}),
    # a launch in a later clause of the company's sentence
    ("小米將於下月舉行發布會，屆時將推出紅米新機。", {("xiaomi", "offers", "redmi")}),
    ("小米將於下月舉行發布會，屆時騰訊高管也將出席。", set()),
]


@pytest.mark.parametrize("text,expected", RELATION_CASES, ids=[c[0][:28] for c in RELATION_CASES])
def test_relation_categories(inputs, text, expected):
    got = {t for t in _triples(inputs, text) if t[1] not in {"holdsPost", "postIn"}}
    assert got == expected


@pytest.mark.parametrize("text,person,post,org", [
    ("曠視聯合創始人兼執行副總裁唐文斌表示，公司將擴大研發。", "tang-wenbin", "megvii-vice-president",
     "megvii"),
    ("Megvii Founder & CEO Dr. Yin Qi said the company would grow.", "yin-qi", "megvii-ceo",
     "megvii"),
    ("Tencent spokesperson Li Na declined to comment.", "li-na", "tencent-spokesperson", "tencent"),
    ("Li Na, corporate vice president and general manager of the Cloud Group at Tencent, spoke.",
     "li-na", "tencent-vice-president", "tencent"),
    # the title opens a later clause of the company's sentence
    ("出門問問今年首次盈利，董事長李娜表示將擴大海外業務。", "li-na", "mobvoi-chairman", "mobvoi"),
    ("Mobvoi returned to profit this year, chief executive Li Na said.", "li-na", "mobvoi-ceo",
     "mobvoi"),
    # a seat on the board
    ("Yin Qi will join Mobvoi's board of directors next month.", "yin-qi", "mobvoi-board-member",
     "mobvoi"),
])
def test_post_categories(inputs, text, person, post, org):
    got = _triples(inputs, text)
    assert (person, "holdsPost", post) in got and (post, "postIn", org) in got


def _proposed(linker, text: str) -> dict[str, str]:
    known = [m for m in linker.scan(text) if not linker.is_generic(m)]
    return {c.name: c.cls for c in propose_entities(text, known, linker) if not c.alias_of}


@pytest.mark.parametrize("text,expected,absent", [
    # a list of organisations of a kind, with words between 等 and the kind
    ("榜单显示，美团、京东等国内互联网巨头均加大了投入。", {"美团": "Company", "京东": "Company"}, set()),
    # a kind of company right before its name, in a list
    ("该基金投资了语音公司思必驰和芯片公司燧原等企业。", {"思必驰": "Company", "燧原": "Company"},
     {"语音公司", "芯片公司"}),
    # a kind, then the organisations of it
    ("其合作的芯片厂商包括瀚博、天数智芯等。", {"瀚博": "Company", "天数智芯": "Company"}, set()),
    # a common word that only an organisation's chairman follows
    ("小米董事长雷军表示，小米将继续投入汽车业务。", {"小米": "Company", "雷军": "Person"}, set()),
    # pronouns and demonstratives are no names; a university is no company, an Organization
    ("他表示：“我们很荣幸与华为这样的公司合作，也与清华大学合作。”", {"清华大学": "Organization"},
     {"我们", "华为这样"}),
    # a person after a title, before 博士
    ("研究院联席院长周明博士介绍了进展。", {"周明": "Person"}, set()),
    # a list item with a gloss in brackets
    ("美团、快手（短视频平台）和京东等互联网公司都在招聘。",
     {"美团": "Company", "快手": "Company", "京东": "Company"}, set()),
    # media: two outlets reporting; an outlet opening a clause with its report
    ("据新华社和The Paper报道，该公司已完成融资。第一财经报道，融资由红杉领投。",
     {"新华社": "MediaOutlet", "The Paper": "MediaOutlet", "第一财经": "MediaOutlet"}, set()),
])
def test_chinese_entity_categories(seed_linker, text, expected, absent):
    got = _proposed(seed_linker, text)
    assert {n: got.get(n) for n in expected} == expected
    assert not absent & set(got)


@pytest.mark.parametrize("text,expected,absent", [
    # a person's apposition; who founded something
    ("Liu Wei, a former professor at Fudan, joined the board. The lab was founded in 2019 by "
     "Chen Tianshi.", {"Liu Wei": "Person", "Chen Tianshi": "Person"}, set()),
    # organisations by their suffix; a university is no company, an Organization; places are none
    ("Northern Light Venture Capital and Black Lake Partners led the round, Peking University "
     "said. Beijing-based rivals followed, and Beijing's regulators watched.",
     {"Northern Light Venture Capital": "Company", "Black Lake Partners": "Company",
      "Peking University": "Organization"},
     {"Beijing"}),
    # a name led by a digit; a name before what organisations do
    ("8Lanes announced a new model. Zuoyebang, which develops tutoring apps, raised more.",
     {"8Lanes": "Company", "Zuoyebang": "Company"}, set()),
    # names listed before a product's head
    ("The group sells devices including Echo, Kindle and Fire products.",
     {"Echo": "Product", "Kindle": "Product", "Fire": "Product"}, set()),
    # a name with a place word is no person's: written twice, an organisation
    ("Hillhouse Asia backed the round. Hillhouse Asia later sold.", {"Hillhouse Asia": "Company"},
     set()),
    # a surname alone is the person's, no company
    ("Jane McAllister, chief analyst at Omdia, said demand rose. McAllister added more.",
     {"Jane McAllister": "Person"}, {"McAllister"}),
])
def test_english_entity_categories(seed_linker, text, expected, absent):
    got = _proposed(seed_linker, text)
    assert {n: got.get(n) for n in expected} == expected
    assert not absent & set(got)


def test_a_company_written_without_its_suffix_has_that_short_name(seed_linker):
    text = "驭势科技完成新一轮融资。驭势表示，资金将用于扩大产能；驭势的客户包括多家车企。"
    known = [m for m in seed_linker.scan(text) if not seed_linker.is_generic(m)]
    (company,) = [c for c in propose_entities(text, known, seed_linker) if c.cls == "Company"]
    assert company.name == "驭势科技" and company.short == ("驭势",) and company.count == 3


def test_an_english_surname_alone_is_a_short_name_of_the_person(seed_linker):
    text = "Jane McAllister, chief analyst at Omdia, said demand rose. McAllister added more."
    known = [m for m in seed_linker.scan(text) if not seed_linker.is_generic(m)]
    (person,) = [c for c in propose_entities(text, known, seed_linker) if c.cls == "Person"]
    assert person.name == "Jane McAllister" and person.short == ("McAllister",)
