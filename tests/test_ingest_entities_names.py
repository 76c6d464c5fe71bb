"""Entity proposals from English names: mixed case, cues of every occurrence, owners' products."""

from __future__ import annotations


def _proposed(project, name: str, text: str) -> dict[str, str]:
    from kg.ingest.intake import ingest

    path = project / name
    path.write_text(text, encoding="utf-8")
    return {c.name: c.cls for c in ingest(project, path).candidates if not c.alias_of}


def test_mixed_case_names_are_names(project_copy):
    # iFLYTEK, xAI: a capital inside a word is a name's mark, never an English word's
    text = ("Shares of iFLYTEK rose 5% on Monday. Analysts said iFLYTEK had gained ground, while "
            "rival xAI said little.\n")
    classes = _proposed(project_copy, "iflytek-en.txt", text)
    assert classes.get("iFLYTEK") == "Company" and classes.get("xAI") == "Company"


def test_a_post_of_or_a_maker_makes_a_company(project_copy):
    text = ("The model was jointly developed by Zhongke and Kunlun, said Li Wen, chairman of "
            "Tianrui, on Tuesday.\n")
    classes = _proposed(project_copy, "makers-en.txt", text)
    assert classes.get("Tianrui") == "Company"
    assert classes.get("Zhongke") == "Company" and classes.get("Kunlun") == "Company"


def test_an_owner_s_named_thing_is_a_product_and_the_owner_a_company(project_copy):
    text = ("Demand for chatbots grew. Users of Baidu's Ernie rose, and the Qwen models of "
            "Alibaba were downloaded widely.\n")
    classes = _proposed(project_copy, "products-en.txt", text)
    assert classes.get("Ernie") == "Product" and classes.get("Qwen") == "Product"
    assert classes.get("Baidu") == "Company"


def test_a_name_before_a_stock_code_is_a_company(project_copy):
    text = ("寒武紀上半年營收增長。相較於商湯科技（00020.HK）、雲從科技（688327.SH）、"
            "海康威視（002415.SZ）等競爭對手，寒武紀的毛利率更高。\n")
    classes = _proposed(project_copy, "listing.txt", text)
    assert classes.get("海康威視") == "Company"


def test_a_name_joined_or_posted_in_is_a_company(project_copy):
    text = ("前微軟研究員張偉今年加盟阿里巴巴，此前他曾出任騰訊雲副總裁。\n")
    classes = _proposed(project_copy, "joins.txt", text)
    assert classes.get("阿里巴巴") == "Company"
