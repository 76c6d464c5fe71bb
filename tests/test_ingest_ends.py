"""Relation ends that are not entities yet (issue 13 §1-2): business groups whose name holds a
joiner, units listed beside a company's unit, products named with their maker in brackets;
each proposed with its class by ``kg ingest`` and joined to its company by the relation the
sentence states, in the scripts it applies to. Every case ingests a real-style article into a
copy of the project and reads the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.intake import ingest
from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.conftest import copy_project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("ends"))


@pytest.fixture(scope="module")
def inputs(project):
    return load_inputs(Project.open(project))


def _draft(project: Path, inputs, text: str, tmp_path: Path) -> tuple[dict, set]:
    """The draft's entities (name -> class) and relations (by names where proposed, else ids)
    for ``text`` ingested as an article of its own."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    draft = ingest(project, path, inputs=inputs, force=True).draft
    names = {e["id"]: e.get("name") or e["id"] for e in draft.get("entities") or []}
    entities = {e.get("name"): e["class"] for e in draft.get("entities") or []
                if e["class"] != "Post"}
    rows = [(r["subject"], r["relation"], r["object"]) for r in draft.get("relations") or []]
    post_in = {s: o for s, r, o in rows if r == "postIn"}  # a post: the organisation it is in
    relations = {(names.get(s, s), r, names.get(post_in.get(o, o) if r == "holdsPost" else o,
                                                post_in.get(o, o)))
                 for s, r, o in rows if r != "postIn"}
    return entities, relations


@pytest.mark.parametrize("text,unit,short", [
    ("9月16日,騰訊集團高級執行副總裁、雲與智慧產業事業群(CSIG)CEO 湯道生在大會上透露:元寶已成為"
     "國內日活排名前三的AI原生應用。", "雲與智慧產業事業群", "智慧產業事業群"),
    ("9月16日,腾讯集团高级执行副总裁、云与智慧产业事业群(CSIG)CEO 汤道生在大会上透露:元宝已成为"
     "国内日活排名前三的AI原生应用。", "云与智慧产业事业群", "智慧产业事业群"),
])
def test_a_group_whose_name_holds_a_joiner(project, inputs, tmp_path, text, unit, short):
    entities, relations = _draft(project, inputs, text, tmp_path)
    assert entities.get(unit) == "BusinessGroup", entities
    assert short not in entities  # no fragment cut at the joiner
    company = "騰訊集團" if "騰" in text else "腾讯集团"
    person = "湯道生" if "湯" in text else "汤道生"
    assert (company, "hasUnit", unit) in relations, relations
    assert {(person, "holdsPost", unit), (person, "holdsPost", company)} <= relations


def test_groups_glossed_after_their_abbreviation(project, inputs, tmp_path):
    text = ("隨後,騰訊將QQ瀏覽器、搜狗輸入法等產品,從PCG(平台與內容事業群)正式轉入"
            "CSIG(雲與智慧產業事業群)。")
    entities, _ = _draft(project, inputs, text, tmp_path)
    assert entities.get("平台與內容事業群") == "BusinessGroup", entities
    assert entities.get("雲與智慧產業事業群") == "BusinessGroup", entities
    assert "內容事業群" not in entities and "智慧產業事業群" not in entities


def test_a_known_name_before_the_joiner_is_no_part_of_the_group(project, inputs, tmp_path):
    # 騰訊與 + a group: two parties, the group is the words after the joiner only
    entities, _ = _draft(project, inputs, "騰訊與智能汽車事業群達成合作,雙方將共建平台。", tmp_path)
    assert not any(n.startswith("騰訊與") for n in entities if n), entities


@pytest.mark.parametrize("text,company,units,fragments", [
    ("阿里巴巴宣布重組,其組織架構已被四大業務板塊取代,包括阿里巴巴中國電商集團、阿里國際數字商業集團、"
     "雲智能集團及其他業務板塊。", "阿里巴巴",
     ("阿里巴巴中國電商集團", "阿里國際數字商業集團", "雲智能集團"), ("商業集團", "電商集團")),
    ("阿里巴巴宣布重组,其组织架构已被四大业务板块取代,包括阿里巴巴中国电商集团、阿里国际数字商业集团、"
     "云智能集团及其他业务板块。", "阿里巴巴",
     ("阿里巴巴中国电商集团", "阿里国际数字商业集团", "云智能集团"), ("商业集团", "电商集团")),
])
def test_groups_listed_after_a_group_named_with_its_company(project, inputs, tmp_path, text,
                                                           company, units, fragments):
    entities, relations = _draft(project, inputs, text, tmp_path)
    for unit in units:
        assert entities.get(unit) == "BusinessGroup", (unit, entities)
        assert any(r == "hasUnit" and o == unit for _, r, o in relations), (unit, relations)
    assert not set(fragments) & set(entities), entities


def test_companies_listed_after_a_group_stay_companies(project, inputs, tmp_path):
    text = "阿里巴巴中國電商集團、騰訊集團、百度集團等公司都在加大投入。"
    entities, _ = _draft(project, inputs, text, tmp_path)
    assert entities.get("騰訊集團") != "BusinessGroup" and entities.get("百度集團") != "BusinessGroup"


@pytest.mark.parametrize("text,units", [
    ("新成立的ATH事業群整合了通義實驗室、MaaS業務線、千問事業部、悟空事業部及AI創新事業部等核心AI業務。",
     ("通義實驗室", "MaaS業務線", "千問事業部", "悟空事業部", "AI創新事業部")),
    ("新成立的ATH事业群整合了通义实验室、MaaS业务线、千问事业部、悟空事业部及AI创新事业部等核心AI业务。",
     ("通义实验室", "MaaS业务线", "千问事业部", "悟空事业部", "AI创新事业部")),
])
def test_units_a_group_brings_together_each_whole(project, inputs, tmp_path, text, units):
    # 千问事业部: a unit named after a product, neither the product nor cut at its numeral
    entities, relations = _draft(project, inputs, text, tmp_path)
    group = next(n for n in entities if n and n.startswith("ATH"))
    for unit in units:
        assert entities.get(unit) in ("BusinessGroup", "Department"), (unit, entities)
        assert (group, "hasUnit", unit) in relations, (unit, relations)


@pytest.mark.parametrize("text,made", [
    ("QuestMobile數據顯示,截至今年3月,豆包(字節跳動)、文心一言(百度)、天工(崑崙萬維)位居AIGC APP月活"
     "前三。", {"豆包": "字節跳動", "文心一言": "百度", "天工": "崑崙萬維"}),
    ("QuestMobile 数据显示,截至今年 3 月,豆包(字节跳动)、文心一言(百度)、天工(昆仑万维)、"
     "Kimi 智能助手(月之暗面)位居 AIGC APP月活 TOP5。",
     {"豆包": "字节跳动", "文心一言": "百度", "天工": "昆仑万维", "Kimi 智能助手": "月之暗面"}),
])
def test_products_listed_with_their_makers_in_brackets(project, inputs, tmp_path, text, made):
    entities, relations = _draft(project, inputs, text, tmp_path)
    for product, maker in made.items():
        assert entities.get(product) == "Product", (product, entities)
        assert entities.get(maker) == "Company", (maker, entities)
        assert (maker, "offers", product) in relations, (product, relations)


def test_a_name_glossed_in_brackets_is_no_product(project, inputs, tmp_path):
    # one name in brackets is a gloss (its English name, its full name), no maker
    text = "蘋果公司(Apple)與PCG(平台與內容事業群)都未回應。"
    entities, relations = _draft(project, inputs, text, tmp_path)
    assert entities.get("蘋果公司") != "Product" and "PCG" not in entities, entities
    assert not {t for t in relations if t[1] == "offers"}, relations


def test_a_group_named_at_its_company(project, inputs, tmp_path):
    text = ('"Horizon Robotics has a talented team," says Daniel McNamara, corporate vice president '
            "and general manager of the Programmable Solutions Group at Intel Corporation.")
    entities, relations = _draft(project, inputs, text, tmp_path)
    assert entities.get("Programmable Solutions Group") == "BusinessGroup", entities
    assert ("Intel Corporation", "hasUnit", "Programmable Solutions Group") in relations or \
        ("intel", "hasUnit", "Programmable Solutions Group") in relations, relations


def test_a_company_named_group_stays_a_company(project, inputs, tmp_path):
    entities, _ = _draft(project, inputs, "Shares of the Boyu Capital Group rose 5% on Monday, "
                         "the Boyu Capital Group said.", tmp_path)
    assert entities.get("Boyu Capital Group") == "Company", entities


@pytest.mark.parametrize("text,people,company", [
    ("“姚班”享譽頗重,曠視科技三位聯合創始人印奇、唐文斌、楊沐均出自這裏。", ("印奇", "唐文斌", "楊沐"), "曠視科技"),
    ("“姚班”享誉颇重,旷视科技三位联合创始人印奇、唐文斌、杨沐均出自这里。", ("印奇", "唐文斌", "杨沐"), "旷视科技"),
])
def test_people_a_count_and_a_title_name(project, inputs, tmp_path, text, people, company):
    # 印 is no common surname: the count says how many names the list holds
    entities, relations = _draft(project, inputs, text, tmp_path)
    for person in people:
        assert entities.get(person) == "Person", (person, entities)
        assert any(s == person and r == "holdsPost" for s, r, _ in relations), (person, relations)
    assert "楊沐均" not in entities and "杨沐均" not in entities


def test_a_count_that_the_list_does_not_match_names_nobody(project, inputs, tmp_path):
    entities, _ = _draft(project, inputs, "公司三位高管出席了會議,兩位創始人未到場。", tmp_path)
    assert not [n for n, c in entities.items() if c == "Person"], entities


@pytest.mark.parametrize("text,maker,model", [
    ("2月7日,鷹瞳科技宣布自主研發的萬語醫療大模型完成升級並接入DeepSeek R1模型。", "鷹瞳科技", "萬語醫療大模型"),
    ("2月7日,鹰瞳科技宣布自主研发的万语医疗大模型完成升级并接入DeepSeek R1模型。", "鹰瞳科技", "万语医疗大模型"),
])
def test_a_model_its_maker_developed(project, inputs, tmp_path, text, maker, model):
    entities, relations = _draft(project, inputs, text, tmp_path)
    assert entities.get(model) == "Product", entities
    assert (maker, "offers", model) in relations, relations


def test_a_kind_of_model_developed_is_no_name(project, inputs, tmp_path):
    entities, _ = _draft(project, inputs, "鷹瞳科技表示,自主研發的通用大模型與醫療大模型都將開源。", tmp_path)
    assert not [n for n, c in entities.items() if c == "Product" and "大模型" in n], entities
