"""Products, platforms and events (issue 13): Latin model names with a digit, a name and its
version, products listed before their kind, a model after its maker, events with their year,
edition or quotes; offers relations after a launch verb with a product's head, and from a
list of a maker's products."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.entities import propose_entities
from kg.inputs.corpus import load_inputs
from kg.inputs.mentions import Linker
from kg.inputs.project import Project
from tests.rules import project_with
from tests.rules import triples as _triples
from tests.test_ingest_relations import PEERS

MORE = PEERS + """\
  - {id: alibaba, class: Company, label: {zh-Hant: 阿里巴巴, zh-Hans: 阿里巴巴, en: Alibaba}}
  - {id: qwen3-max, class: Product, label: {zh-Hant: Qwen3-Max, zh-Hans: Qwen3-Max, en: Qwen3-Max}}
  - {id: yuanbao, class: Product, label: {zh-Hant: 元寶, zh-Hans: 元宝, en: Yuanbao}}
  - {id: ima, class: Product, label: {zh-Hant: ima, zh-Hans: ima, en: ima}}
  - {id: megengine, class: Product, label: {zh-Hant: MegEngine, zh-Hans: MegEngine, en: MegEngine}}
"""


@pytest.fixture(scope="module")
def seed_linker() -> Linker:
    """The seed's names only: what a new article meets."""
    return Linker.from_facts(load_inputs(Project.open(Path(__file__).parents[1])).facts)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("products"), MORE)))


def _proposed(linker: Linker, text: str) -> dict[str, str]:
    known = [m for m in linker.scan(text) if not linker.is_generic(m)]
    return {c.name: c.cls for c in propose_entities(text, known, linker) if not c.alias_of}


@pytest.mark.parametrize("text,expected,absent", [
    # a Latin model name with a digit: glued or joined by hyphens, whatever stands before it
    ("阿里巴巴正式发布了其能力最强的模型Qwen3-Max，其预览版超越了GPT-5-Chat。",
     {"Qwen3-Max": "Product", "GPT-5-Chat": "Product"}, set()),
    ("今年2月,DeepSeek-R1橫空出世後,需求大增。", {"DeepSeek-R1": "Product"}, set()),
    # a name and its version; periods, amounts and references are none
    ("Baidu compared ERNIE X1 with DeepSeek R1 and Llama 3.1 on Tuesday.",
     {"ERNIE X1": "Product", "DeepSeek R1": "Product", "Llama 3.1": "Product"}, set()),
    ("Tencent Q1 revenue rose 13% in FY2024 to 1.5 billion, as Figure 2.1 shows; e-commerce "
     "grew year-on-year in B2B and AI4S.", {}, {"Tencent Q1", "FY2024", "Figure 2.1", "e-commerce",
                                                 "year-on-year", "B2B", "AI4S"}),
])
def test_model_names(seed_linker, text, expected, absent):
    got = _proposed(seed_linker, text)
    assert {n: got.get(n) for n in expected} == expected
    assert not absent & set(got)


def test_products_listed_before_their_kind(seed_linker):
    text = "騰訊將元寶、微信搜一搜、ima、騰訊文件、QQ瀏覽器等多款產品接入新模型。"
    got = _proposed(seed_linker, text)
    for name in ("元寶", "微信搜一搜", "ima", "騰訊文件", "QQ瀏覽器"):
        assert got.get(name) == "Product", name
    assert "騰訊將元寶" not in got and "多款產品" not in got
    # common words before 等產品 are kinds, never products
    assert not {"手機", "電腦"} & set(_proposed(seed_linker, "公司銷售手機、電腦等產品。"))


def test_a_model_after_its_maker(seed_linker):
    text = "騰訊表示,薄列峰加入騰訊混元大模型團隊。騰訊的多模態大模型仍在訓練。"
    got = _proposed(seed_linker, text)
    assert got.get("混元大模型") == "Product"
    assert not any("多模態" in n for n in got)


@pytest.mark.parametrize("text,name", [
    ("9月24日，在2025云栖大会上，阿里巴巴集团CEO吴泳铭发表演讲。", "2025云栖大会"),
    ('湯道生在"騰訊全球數字生態大會"上透露了進展。', "騰訊全球數字生態大會"),
    ("公司在第七屆世界智能大會上發布新品。", "世界智能大會"),
    ("Robin Li spoke at the Xili Lake Forum in Shenzhen.", "Xili Lake Forum"),
])
def test_events(seed_linker, text, name):
    assert _proposed(seed_linker, text).get(name) == "Event"


def test_a_kind_of_meeting_is_no_event(seed_linker):
    got = _proposed(seed_linker, "公司將於2025年股東大會上表決。")
    assert not any(c == "Event" for c in got.values())


def test_offers_after_a_launch_verb_and_a_head(inputs):
    got = _triples(inputs, "值得注意的是，阿里巴巴正式发布了其迄今为止规模最大、能力最强的模型Qwen3-Max。")
    assert ("alibaba", "offers", "qwen3-max") in got
    # another company named between: no offers of the first one
    got = _triples(inputs, "小米發布了與騰訊合作的模型Qwen3-Max。")
    assert ("xiaomi", "offers", "qwen3-max") not in got


def test_offers_from_a_list_of_products(inputs):
    got = _triples(inputs, "騰訊的元寶、ima等產品增長迅速。")
    assert {("tencent", "offers", "yuanbao"), ("tencent", "offers", "ima")} <= got
    # 將...接入: the products are moved, the sentence does not say who offers them
    assert not {t for t in _triples(inputs, "騰訊將元寶、ima等多款產品,接入DeepSeek。")
                if t[1] == "offers"}


@pytest.mark.parametrize("text,expected,absent", [
    # a series' name before 系列 and what it is; the maker's name and verbs are left out
    ("公司下半年將重點放在思元系列新品的量產上。", {"思元": "Product"}, {"重點放在思元"}),
    ("華為Mate系列手機銷量大增,這一系列產品很受歡迎。", {"Mate": "Product"}, {"華為Mate"}),
    # a name, AI and a product's head, whole; a kind of platform is none
    ("公司將繼續聚焦先知AI平台,而生成式AI平台眾多。", {"先知AI平台": "Platform"}, {"生成式AI平台"}),
    # an English product's head before its name
    ("The firm, known for its facial recognition platform Face++, open-sourced its deep "
     "learning framework MegEngine.", {"Face++": "Platform", "MegEngine": "Product"}, set()),
])
def test_series_ai_heads_and_english_heads(seed_linker, text, expected, absent):
    got = _proposed(seed_linker, text)
    assert {n: got.get(n) for n in expected} == expected
    assert not absent & set(got)


def test_offers_after_a_launch_verb_and_an_english_head(inputs):
    text = ("Megvii said little. In a sign of confidence, the firm announced in March it would "
            "open-source its proprietary deep learning framework MegEngine.")
    assert ("megvii", "offers", "megengine") in _triples(inputs, text)
    text = "Tencent said Megvii had released its framework MegEngine."
    got = _triples(inputs, text)
    assert ("megvii", "offers", "megengine") in got and ("tencent", "offers", "megengine") not in got
