"""Entity proposals for the names relations need that no suffix marks: units glossed with their
abbreviation or named by their work, products named after their owner's brand or by a word and
a number, the other items of a list beside a company or a product, and the companies an
English kind lists (consortium including A, B and C), in the three scripts."""

from __future__ import annotations

from tests.test_ingest_entities_recall import _classes


def test_units_glossed_with_their_abbreviation_are_business_groups_zh_hant(project_copy):
    text = ("鴻海第三季營收創新高，旗下系統事業群（SYS BG）營收年增三成，"
            "交通（EV BG）與自動化（AT BG）兩個新事業也開始貢獻獲利。\n")
    classes = _classes(project_copy, "units-glossed-zh-hant.txt", text)
    assert classes.get("系統事業群") == "BusinessGroup"
    assert classes.get("交通") == "BusinessGroup"
    assert classes.get("自動化") == "BusinessGroup"
    assert not any(name.startswith("鴻海旗下") for name in classes)


def test_departments_named_by_their_work_zh_hans(project_copy):
    text = ("知情人士称，本次裁员主要涉及智能硬件部，大模型研发部则未受影响。"
            "公司研发部的预算保持不变。\n")
    classes = _classes(project_copy, "departments-zh-hans.txt", text)
    assert classes.get("智能硬件部") == "Department"
    assert classes.get("大模型研发部") == "Department"
    assert "公司研发部" not in classes  # any company's department of that work: no name


def test_a_brand_after_its_owner_ends_where_its_latin_name_ends_zh_hant(project_copy):
    text = "泡泡瑪特旗下品牌LABUBU全球熱賣，帶動公司上半年營收翻倍。\n"
    classes = _classes(project_copy, "brand-zh-hant.txt", text)
    assert classes.get("LABUBU") == "Product"
    assert not any(name.startswith("LABUBU") and name != "LABUBU" for name in classes)


def test_a_model_named_by_a_word_and_a_number_is_a_product_zh_hant(project_copy):
    text = ("聯發科推出旗艦芯片天璣9500，採用全大核架構；同場亮相的還有天璣8500芯片。"
            "公司第三季營收為1,420億元。\n")
    classes = _classes(project_copy, "han-model-zh-hant.txt", text)
    assert classes.get("天璣9500") == "Product"
    assert classes.get("天璣8500") == "Product"
    assert not any(name.startswith("營收") for name in classes)


def test_the_other_items_of_a_list_beside_a_company_are_companies_zh_hans(project_copy):
    text = "星河科技、远航动力和蓝湾新材都公布了上半年业绩，三家公司营收均有增长。\n"
    classes = _classes(project_copy, "list-zh-hans.txt", text)
    assert classes.get("星河科技") == "Company"
    assert classes.get("远航动力") == "Company"
    assert classes.get("蓝湾新材") == "Company"


def test_a_list_joined_without_a_comma_of_enumeration_proposes_no_more(project_copy):
    text = "星河科技和远航动力在今年签下了合作协议。\n"
    classes = _classes(project_copy, "list-and-zh-hans.txt", text)
    assert classes.get("星河科技") == "Company"
    assert "远航动力在今年" not in classes


def test_companies_listed_after_a_consortium_are_companies_en(project_copy):
    text = ("Anta Sports led a consortium including Amer Sports, Salomon and Arc'teryx "
            "in the 4.6 billion euro deal, the company said on Tuesday.\n")
    classes = _classes(project_copy, "consortium-en.txt", text)
    for name in ("Amer Sports", "Salomon", "Arc'teryx"):
        assert classes.get(name) == "Company", name


def test_a_model_with_a_number_after_its_makers_possessive_is_whole_en(project_copy):
    text = ("Xiaomi's SU7 Ultra sold 10,000 units in its first month, while Huawei's Mate 70 "
            "beat forecasts. The chipmaker's M100 chip ships next year. Alibaba's Q2 revenue "
            "rose 7%.\n")
    classes = _classes(project_copy, "models-en.txt", text)
    assert classes.get("SU7 Ultra") == "Product"
    assert classes.get("Mate 70") == "Product"
    assert classes.get("M100") == "Product"
    assert "Mate" not in classes and "Q2" not in classes


def test_a_quoted_name_before_a_kind_of_product_is_a_product_zh_hant(project_copy):
    text = "會上，馬化騰對「元寶」等微信生態AI產品的戰略布局進行了詳細闡述。\n"
    classes = _classes(project_copy, "quoted-kind-zh-hant.txt", text)
    assert classes.get("元寶") == "Product"


def test_a_model_after_a_verb_of_building_it_is_a_product_zh_hans(project_copy):
    text = ("讯飞旗下的研究院将继续投入星火大模型。公司也将开源通用大模型，"
            "并继续投入大模型和多款模型的研发。同行则租用算力训练自己的大模型。\n")
    classes = _classes(project_copy, "developed-zh-hans.txt", text)
    assert classes.get("星火大模型") == "Product"
    assert not {"通用大模型", "多款模型", "自己的大模型"} & set(classes)


def test_a_person_after_a_title_before_a_verb_jieba_does_not_know_zh_hant(project_copy):
    text = ("鴻盛電子董事長林志遠坐鎮發表會現場，總經理陳立強隨後登台。"
            "泡泡瑪特創辦人兼CEO王寧化身推銷員。公司總裁高度重視此事。\n")
    classes = _classes(project_copy, "person-verb-zh-hant.txt", text)
    assert classes.get("林志遠") == "Person"
    assert classes.get("陳立強") == "Person"
    assert classes.get("王寧") == "Person"
    assert not any(name.startswith("高度") for name in classes)
