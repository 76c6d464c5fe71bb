"""The gazetteer of well-known organisations (kg/ingest/known.tsv) in entity proposals."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ingest(project, name: str, text: str):
    from kg.ingest.intake import ingest

    path = project / name
    path.write_text(text, encoding="utf-8")
    return ingest(project, path)


def _proposed(result) -> dict[str, str]:
    return {c.name: c.cls for c in result.candidates if not c.alias_of}


def test_a_list_of_banks_is_proposed_with_their_labels(project_copy):
    text = ("據知情人士透露，本輪融資的承銷商包括高盛、摩根大通、瑞銀和野村證券，"
            "騰訊亦有跟投。\n")
    result = _ingest(project_copy, "banks.txt", text)
    classes = _proposed(result)
    for name in ("高盛", "摩根大通", "瑞銀", "野村證券", "騰訊"):
        assert classes.get(name) == "Company", name
    drafted = {e["name"]: e for e in result.draft["entities"]}
    assert drafted["瑞銀"]["id"] == "ubs"
    assert drafted["瑞銀"]["label"] == {"zh-Hant": "瑞銀", "zh-Hans": "瑞银", "en": "UBS"}
    assert drafted["騰訊"]["label"]["en"] == "Tencent"


def test_a_name_written_once_in_passing_is_proposed(project_copy):
    text = "去年冬天，宁德时代和比亚迪都在扩产，而市场的目光仍在新车上。\n"
    classes = _proposed(_ingest(project_copy, "once.txt", text))
    assert classes.get("宁德时代") == "Company" and classes.get("比亚迪") == "Company"


def test_a_latin_name_inside_a_word_or_a_longer_name_is_not_found(project_copy):
    text = ("Pineapple prices rose and Applesauce makers gained, while Michael Dell sold "
            "an apple orchard. Intelligence budgets grew at OpenAI.\n")
    classes = _proposed(_ingest(project_copy, "latin.txt", text))
    assert classes.get("OpenAI") == "Company"
    assert not {"Apple", "Dell", "Intel"} & set(classes)


def test_a_short_name_inside_a_longer_name_is_one_proposal(project_copy):
    text = "小米集團今年營收增長。報告指出，小米的手機出貨量居前，施工行業則持續低迷。\n"
    result = _ingest(project_copy, "short.txt", text)
    xiaomi = [c for c in result.candidates if "小米" in c.name]
    assert [(c.name, c.cls) for c in xiaomi] == [("小米集團", "Company")]
    assert xiaomi[0].short == ("小米",)
    assert "工行" not in _proposed(result)  # 施工|行業, no bank
    # a name of the entry with its legal tail, and the short name alone: one proposal
    result = _ingest(project_copy, "tail.txt", "騰訊控股周三公布業績，騰訊的遊戲收入增長。\n")
    tencent = [c for c in result.candidates if "騰訊" in c.name]
    assert [(c.name, c.short, c.cls) for c in tencent] == [("騰訊控股", ("騰訊",), "Company")]


def test_a_project_entity_and_an_ambiguous_name_alone_are_not_proposed(project_copy):
    text = "商湯與阿里雲合作，微軟亦參與。我聯想到蘋果的味道，水果攤上的蘋果很甜。\n"
    classes = _proposed(_ingest(project_copy, "known.txt", text))
    assert classes.get("微軟") == "Company"
    assert not {"阿里", "聯想", "蘋果", "阿里雲", "商湯"} & set(classes)


def test_an_ambiguous_name_counts_beside_an_unambiguous_one(project_copy):
    text = "Apple今年推出新手機，蘋果的供應商隨即擴產。\n"
    result = _ingest(project_copy, "apple.txt", text)
    apple = [c for c in result.candidates if c.cls == "Company" and
             {"Apple", "蘋果"} & {c.name, *c.short}]
    assert len(apple) == 1 and {apple[0].name, *apple[0].short} == {"Apple", "蘋果"}


def test_the_gazetteer_is_well_formed_and_packaged():
    from kg.ingest.known import gazetteer
    from kg.inputs.ontology import load_ontology

    entries = gazetteer()
    assert len(entries) >= 400
    keys = [e.key for e in entries]
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", k) for k in keys)
    classes = load_ontology([ROOT / "ontology" / "kg.ttl"], str).classes
    assert {e.cls for e in entries} <= classes  # Organization is a kgo: class
    assert all(all(e.labels[lang] for lang in ("zh-Hant", "zh-Hans", "en")) for e in entries)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "ingest/known.tsv" in data["tool"]["setuptools"]["package-data"]["kg"]


def test_a_known_organisation_is_proposed_by_its_full_name_however_often_its_short_one(
        project_copy):
    """科大讯飞 once and 讯飞 three times: one proposal, 科大讯飞, with 讯飞 its short name, so that
    every relation to it names the company as its full name does."""
    text = ("科大讯飞董事长刘庆峰表示,讯飞将加大大模型投入。\n\n"
            "讯飞与百度、阿里巴巴竞争。讯飞的星火大模型已经发布。\n")
    result = _ingest(project_copy, "short.txt", text)
    ours = [c for c in result.candidates if not c.alias_of and "讯飞" in c.name]
    assert [c.name for c in ours] == ["科大讯飞"]
    assert "讯飞" in ours[0].short


def test_a_well_known_product_is_proposed_as_a_product_with_its_labels(project_copy):
    # named once, with no launch or maker's cue; 昇騰 would read as a company from 與...合作
    text = ("多家銀行已在微信上開通服務,而芯片方面,國內廠商與昇騰合作。"
            "The bank's app now runs on HarmonyOS, and its rivals build ChatGPT-like bots.\n")
    result = _ingest(project_copy, "products.txt", text)
    classes = _proposed(result)
    assert classes.get("微信") == "Product" and classes.get("昇騰") == "Product"
    assert classes.get("HarmonyOS") == "Product"
    assert "ChatGPT" not in classes  # a likeness: nothing is said of ChatGPT
    drafted = {e["name"]: e for e in result.draft["entities"]}
    assert drafted["微信"]["label"] == {"zh-Hant": "微信", "zh-Hans": "微信", "en": "WeChat"}


def test_an_ambiguous_products_name_needs_its_full_name_in_the_text():
    from kg.ingest.known import find_known

    assert not [f for f in find_known("They hoped to ascend. Ascend, they said.") if
                f.entry.key == "ascend"]
    assert [f.text for f in find_known("華為昇騰芯片出貨增長,Ascend 910C 供不應求。")
            if f.entry.key == "ascend"] == ["昇騰", "Ascend"]


def test_a_piece_of_a_known_name_is_no_proposal_and_an_investors_kind_no_name(project_copy):
    # 之暗面 of 月之暗面 (a list's item read from the left), 資本 of 順為資本 (a kind of investor)
    text = ("與月之暗面、百川智能相比,智譜更側重企業市場。今年以來,智譜已先後獲得美團、順為資本、"
            "紅杉中國等機構的投資。北京智譜華章科技有限公司CEO張鵬表示,公司將加大投入。\n")
    result = _ingest(project_copy, "pieces.txt", text)
    classes = _proposed(result)
    assert "之暗面" not in classes and "資本" not in classes
    assert classes.get("月之暗面") == "Company" and classes.get("順為資本") == "Company"
    drafted = {e["name"]: e["id"] for e in result.draft["entities"]}
    assert drafted.get("北京智譜華章科技有限公司", drafted.get("智譜")) == "zhipu"
