"""Entity proposals on fresh articles: no fragments, kinds or phrases proposed as names, a
person's class from a title or a post taken, a company under the name the text calls it by."""

from __future__ import annotations


def _proposed(project, name: str, text: str) -> dict[str, str]:
    from kg.ingest.intake import ingest

    path = project / name
    path.write_text(text, encoding="utf-8")
    return {c.name: c.cls for c in ingest(project, path).candidates if not c.alias_of}


def test_a_repeated_name_after_a_title_or_taking_a_post_is_a_person(project_copy):
    text = ("力准科技今日发布公告称,选举深蓝智能联合创始人、CEO印朗为公司董事长。随着印朗当选力准科技"
            "董事长,深蓝智能的上市之路或将中止。2019年,印朗与王洋创立了深蓝智能。\n")
    classes = _proposed(project_copy, "post-zh.txt", text)
    assert classes.get("印朗") == "Person"


def test_a_legal_name_written_once_gives_way_to_the_name_in_use(project_copy):
    text = ("作為曾經的「醫療AI第一股」,北京鷹眸科技發展股份有限公司(2299.HK)重回視野。2月10日,"
            "鷹眸科技發布公告。根據鷹眸科技的介紹,其產品已進入醫院。3月,鷹眸科技再度上漲。\n")
    classes = _proposed(project_copy, "legal-zh.txt", text)
    assert classes.get("鷹眸科技") == "Company"
    assert not any(name.endswith("有限公司") for name in classes)


def test_a_kind_before_a_name_is_neither_a_name_nor_part_of_one(project_copy):
    text = ("AI独角兽深蓝科技的上市之路或将中止。作为AI独角兽公司,深蓝科技已完成9轮融资。"
            "深蓝科技表示将继续投入研发。\n")
    classes = _proposed(project_copy, "kind-zh.txt", text)
    assert classes.get("深蓝科技") == "Company"
    assert not any("角兽" in name for name in classes)


def test_a_verb_a_phrase_or_a_rank_is_no_name(project_copy):
    text = ("字节已经跨过模型效果、推理成本这两道门槛。"
            "豆包位居APP月活TOP5。李明表示,公司正开发下一代旗舰AI大模型。\n")
    classes = _proposed(project_copy, "phrases-zh.txt", text)
    assert not {"已经跨过模型", "TOP5", "下一代旗舰AI大模型"} & set(classes)


def test_a_ratio_is_no_company(project_copy):
    text = ("Baidu's revenue rose 6% year-over-year (YoY), with the same YoY increase in profit.\n")
    classes = _proposed(project_copy, "joined.txt", text)
    assert "YoY" not in classes
