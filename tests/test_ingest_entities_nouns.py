"""Entity proposals: words of the language are no companies (a repeated topic, a kind of
organisation, a quantity, a material, an acronym of a kind of chip), units have the class
of their suffix, and names stop at the period or the verb before them."""

from __future__ import annotations


def _proposed(project, name: str, text: str) -> dict[str, str]:
    from kg.ingest.intake import ingest

    path = project / name
    path.write_text(text, encoding="utf-8")
    return {c.name: c.cls for c in ingest(project, path).candidates if not c.alias_of}


def test_a_repeated_topic_word_is_no_company(project_copy):
    # 云端, 储能 and 基础设施 are written twice, once before 与 or 推出: a topic, no company;
    # 海川电子, before its chairman, stays one
    text = ("海川电子董事长周晓峰表示,云端与终端需求同步回升,海川电子将在云端推出新服务。"
            "储能与充电业务收入增长,储能出货量创新高。基础设施与软件业务持平,基础设施订单回暖。\n")
    classes = _proposed(project_copy, "topics-zh.txt", text)
    assert classes.get("海川电子") == "Company"
    assert not {"云端", "储能", "基础设施"} & set(classes)


def test_a_kind_of_organisation_and_a_part_of_one_are_no_names(project_copy):
    text = ("瀚海雲的數據平台已與頭部新能源企業達成合作,並與多家民營企業展開試點。"
            "瀚海雲第二季歸屬母公司淨利12.3億元,年增8%。\n")
    classes = _proposed(project_copy, "kinds-zh.txt", text)
    assert not {"頭部新能源企業", "民營企業", "歸屬母公司"} & set(classes)


def test_a_quantity_a_material_and_a_chip_s_acronym_are_no_makers(project_copy):
    text = ("星澜半导体自研氮化镓功率芯片,单颗芯片成本下降三成;公司碳化硅模块已量产。"
            "星澜半导体表示,雲端ASIC營收可望倍增,GPU營收亦將成長。\n")
    classes = _proposed(project_copy, "chips-zh.txt", text)
    assert classes.get("星澜半导体") is None or classes["星澜半导体"] == "Company"
    assert not {"氮化镓", "碳化硅", "单颗", "ASIC", "GPU"} & set(classes)


def test_a_shiyebu_is_a_department_named_whole_across_its_joiner(project_copy):
    text = ("報告顯示,宏遠集團營收增長。其中,儲能與充電事業部營收52億元,同比增長18%;"
            "智慧家居事業群營收88億元。第2季能源管理部門獲利大幅成長。\n")
    classes = _proposed(project_copy, "units-zh.txt", text)
    assert classes.get("儲能與充電事業部") == "Department"
    assert classes.get("智慧家居事業群") == "BusinessGroup"
    assert "能源管理部門" in classes and "季能源管理部門" not in classes


def test_a_quoted_kind_before_a_product_s_head_is_no_company(project_copy):
    text = ("在发布会上,远航科技将新品定义为“类脑智能” 机器人,并推出通用智能芯片。"
            "远航科技表示,今年将量产。\n")
    classes = _proposed(project_copy, "quoted-zh.txt", text)
    assert "类脑智能" not in classes


def test_a_verb_before_an_ai_head_is_no_part_of_a_product(project_copy):
    text = ("董事長林文雄致詞時高喊隨著AI應用持續擴大,公司營運將再創新高,並宣布推出晨星AI平台。\n")
    classes = _proposed(project_copy, "ai-head-zh.txt", text)
    assert not any("隨著" in name for name in classes)
    assert classes.get("晨星AI平台") == "Platform"


def test_a_family_and_a_region_s_adjective_are_no_companies(project_copy):
    text = ("Strida agreed to buy a 25% stake in Norvell from the Dubois family, its largest "
            "shareholder. The deal extends Strida's record of acquiring Western brands, and the "
            "Dubois family will keep two board seats. Rival Kelto declined to comment.\n")
    classes = _proposed(project_copy, "family-en.txt", text)
    assert "Dubois" not in classes and "Western" not in classes
    assert classes.get("Kelto") == "Company"


def test_a_grade_a_market_a_verb_and_an_adverb_are_no_part_of_a_name(project_copy):
    text = ("在企业级AI市场,云杉智能与多家厂商竞争。云杉智能还与海外企业开展业务往来,"
            "并与相关物流企业进行合作。\n\n另据蓝鲸财经报道,云杉智能计划明年上市。\n")
    classes = _proposed(project_copy, "grade-zh.txt", text)
    assert classes.get("蓝鲸财经") == "MediaOutlet"
    assert not {"级AI市场", "开展业务往来", "进行", "另据蓝鲸财经"} & set(classes)


def test_outlets_quoted_by_cited_or_closing_a_report_and_people_listed_after_managers(project_copy):
    text = ("Velora will sell its cars in Europe from next year, writes Autocar. Velora CFO Mia "
            "Brandt, quoted by Motor Trade Weekly, called the plan prudent. According to Voice of "
            "Industry, the board has two new members, experienced managers Pavel Novak and Lena "
            "Hart.\n")
    classes = _proposed(project_copy, "outlets-en.txt", text)
    assert classes.get("Autocar") == "MediaOutlet"
    assert classes.get("Motor Trade Weekly") == "MediaOutlet"
    assert classes.get("Voice of Industry") == "MediaOutlet"
    assert classes.get("Pavel Novak") == "Person" and classes.get("Lena Hart") == "Person"


def test_a_given_name_ending_in_a_place_word_and_a_name_before_its_period_s_results(project_copy):
    text = ("星海電子董事長何萬里昨(9)日表示,今年營運將創新高。何萬里強調,AI需求仍強。"
            "何萬里指出,客戶訂單已排到明年。\n\n"
            "该集团机器人业务增长明显。德曼三季度财报显示,德曼收入同比增长12%,"
            "德曼表示将扩大产能。\n")
    classes = _proposed(project_copy, "given-zh.txt", text)
    assert classes.get("何萬里") == "Person"
    assert classes.get("德曼") == "Company"


def test_a_word_glued_to_a_known_company_s_name_is_no_company_of_its_own(project_copy):
    text = ("根據市調機構的最新報告，百度智慧雲連續四年、累計八次位居中國AI雲服務市場首位。\n")
    classes = _proposed(project_copy, "glued-zh.txt", text)
    assert "智慧" not in classes


def test_a_rare_name_that_jieba_tags_a_verb_stays_in_its_list(project_copy):
    text = ("该模型已适配多款国产芯片,合作的国产芯片包括昇腾、海光、沐曦等。\n")
    classes = _proposed(project_copy, "rare-verb-zh.txt", text)
    assert "昇腾" in classes and "海光" in classes
