"""Entity proposals on fresh text, recall without fragments: people listed with a person, product
codes (brand and model number), and the phrases of a sentence that are no name (an adverb
first, a count with its measure word, a word of time after a name), in the three scripts."""

from __future__ import annotations

from tests.test_ingest_known import _ingest, _proposed


def _classes(project, name: str, text: str) -> dict[str, str]:
    return _proposed(_ingest(project, name, text))


def test_people_listed_with_a_person_are_people_zh_hant(project_copy):
    text = ("晶越科技執行董事兼首席執行官陶振宇表示,公司將加大研發投入。業界普遍認為,"
            "晶越的陶振宇、馮啟明、趙思遠是國內最早研究光學芯片的團隊。\n")
    classes = _classes(project_copy, "people-zh-hant.txt", text)
    assert classes.get("陶振宇") == "Person"
    assert classes.get("馮啟明") == "Person"
    assert classes.get("趙思遠") == "Person"


def test_three_people_after_their_company_are_people_zh_hans(project_copy):
    text = ("在芯片行业里,星河微电子的韩志刚、宋立新、郑晓岚都曾在海外大厂任职多年。"
            "星河微电子表示将继续扩大研发团队。\n")
    classes = _classes(project_copy, "people-zh-hans.txt", text)
    assert {classes.get(n) for n in ("韩志刚", "宋立新", "郑晓岚")} == {"Person"}


def test_places_listed_after_a_company_are_no_people(project_copy):
    text = "蓝海物流的北京、上海、广州三个仓库都已投入使用。蓝海物流表示将继续扩张。\n"
    classes = _classes(project_copy, "places-zh-hans.txt", text)
    assert not {"北京", "上海", "广州"} & set(classes)


def test_an_adverb_or_a_count_before_a_suffix_is_no_company_zh_hans(project_copy):
    text = ("创始人周远航表示,他手握四成股权牢牢掌控公司。两家公司上半年收入超出预期,"
            "令两家公司的估值再度上升。\n")
    classes = _classes(project_copy, "phrase-zh-hans.txt", text)
    assert not {"牢牢掌控公司", "令两家公司", "两家公司"} & set(classes)
    assert classes.get("周远航") == "Person"


def test_a_word_of_time_after_a_name_is_no_part_of_it_zh_hant(project_copy):
    text = ("鴻盛電子董事長林志遠昨日表示,公司將投資AI伺服器。林志遠昨日又稱,"
            "明年營收有望增長兩成。\n")
    classes = _classes(project_copy, "time-zh-hant.txt", text)
    assert "林志遠昨日" not in classes
    assert classes.get("林志遠") == "Person"


def test_a_period_before_a_group_is_no_company_zh_hans(project_copy):
    text = "2025财年第二财季集团总营收达980亿元,同比增长12%。第二财季集团利润创新高。\n"
    classes = _classes(project_copy, "period-zh-hans.txt", text)
    assert not any(name.startswith("财季") for name in classes)


def test_a_kind_of_provider_before_a_company_is_no_part_of_its_name(project_copy):
    text = "据公告,本次交易的服务提供商云帆数据集团股份有限公司将负责系统集成,项目将于年底交付。\n"
    classes = _classes(project_copy, "provider-zh-hans.txt", text)
    assert classes.get("云帆数据集团股份有限公司") == "Company"
    assert not any(name.startswith("服务提供商") for name in classes)


def test_model_numbers_after_a_word_of_novelty_are_products_zh_hant(project_copy):
    text = ("星馳汽車表示,新款S5和S8的交付佔比持續提升,全新R9將於明年第一季上市。"
            "公司第二季毛利率改善。\n")
    classes = _classes(project_copy, "codes-zh-hant.txt", text)
    assert {classes.get(n) for n in ("S5", "S8", "R9")} == {"Product"}
    assert "Q1" not in classes


def test_a_model_number_before_its_kind_is_a_product_zh_hans(project_copy):
    text = "发布会上,K3四足机器人与全新一代M20芯片同时亮相,公司H1营收同比增长30%。\n"
    classes = _classes(project_copy, "head-zh-hans.txt", text)
    assert classes.get("K3") == "Product"
    assert classes.get("M20") == "Product"
    assert "H1" not in classes


def test_a_latin_name_glued_to_its_maker_is_a_product_or_a_platform(project_copy):
    text = ("苹果Vision Pro销量不及预期,而谷歌Gemini与英伟达Omniverse平台的用户持续增长。"
            "分析师认为英伟达GPU仍供不应求。\n")
    classes = _classes(project_copy, "glued-zh-hans.txt", text)
    assert classes.get("Gemini") == "Product"
    assert classes.get("Omniverse") == "Platform"
    assert "GPU" not in classes


def test_people_listed_after_what_they_are_are_people_en(project_copy):
    text = ("The robotics start-up was set up in 2019 by two Zhejiang University graduates - "
            "Lu, Zhao Haoran and Wen Qiyue. Its backers include former Huawei executives, "
            "including Feng Yiming, who joined the board this year.\n")
    classes = _classes(project_copy, "people-en.txt", text)
    assert {classes.get(n) for n in ("Zhao Haoran", "Wen Qiyue", "Feng Yiming")} == {"Person"}
    assert "Zhejiang University" not in {n for n, c in classes.items() if c == "Person"}


def test_sites_and_apps_named_after_their_kind_en(project_copy):
    text = ("The company runs the online marketplaces Shopwise and Dealtown, and its two apps, "
            "Chatly for overseas markets and Mengyu for China, have 30 million users.\n")
    classes = _classes(project_copy, "kinds-en.txt", text)
    assert classes.get("Shopwise") == "Platform"
    assert classes.get("Dealtown") == "Platform"
    assert classes.get("Chatly") == "Product"
    assert classes.get("Mengyu") == "Product"


def test_an_exchange_before_a_ticker_and_a_pollster_are_organisations_en(project_copy):
    text = ("Shares of Brightpath [NASDAQ: BRP] rose 4%. Revenue beat the average estimate of "
            "analysts polled by FactStream. Beyond AI spending, the company also cut costs.\n")
    classes = _classes(project_copy, "exchange-en.txt", text)
    assert classes.get("FactStream") == "Company"
    assert classes.get("NASDAQ") == "Organization"
    assert "Beyond AI" not in classes


def test_a_headline_of_results_is_no_product_en(project_copy):
    text = "Brightpath Owner's Fourth-Quarter Results Beat Estimates as Sales Jump\n"
    classes = _classes(project_copy, "headline-en.txt", text)
    assert not any("Results" in name for name in classes)


def test_a_business_group_named_with_its_acronym_zh_hans(project_copy):
    text = ("各业务集团表现:DSG数字方案业务集团营收同比增长20%,CPG云平台与服务业务集团营收同比"
            "增长15%,所有业务集团均实现增长。\n")
    classes = _classes(project_copy, "groups-zh-hans.txt", text)
    assert classes.get("DSG数字方案业务集团") == "BusinessGroup"
    assert classes.get("CPG云平台与服务业务集团") == "BusinessGroup"


def test_a_period_before_a_suffix_is_no_company_zh_hant(project_copy):
    text = "公司當季資本開支達30億元。當季資本開支創新高。\n"
    classes = _classes(project_copy, "period-zh-hant.txt", text)
    assert not any(name.startswith("當季") for name in classes)


def test_people_joined_to_a_person_before_their_count_zh_hans(project_copy):
    text = ("星河微电子创始人兼CEO韩立表示,公司将继续扩大研发团队。"
            "2015年,韩立与宋思远、郑可三位同学创立了星河微电子。\n")
    classes = _classes(project_copy, "joined-zh-hans.txt", text)
    assert classes.get("宋思远") == "Person"
    assert classes.get("郑可") == "Person"


def test_the_people_of_a_byline_are_people_zh_hant(project_copy):
    text = ("作者 | 《科創週報》新媒體 馮雅文 編輯 | 鄭子晴\n"
            "晶越科技昨日公布全年業績,收入同比增長兩成。\n")
    classes = _classes(project_copy, "byline-zh-hant.txt", text)
    assert classes.get("馮雅文") == "Person"
    assert classes.get("鄭子晴") == "Person"
    assert classes.get("科創週報") == "MediaOutlet"


def test_a_function_before_a_post_and_a_kind_of_product_are_no_companies_zh_hant(project_copy):
    text = ("鴻盛電子財務與會計副總裁吳文傑表示,AI伺服器出貨量倍增。吳文傑又稱,"
            "伺服器業務將成為鴻盛電子最大的收入來源,伺服器訂單已排至明年。\n")
    classes = _classes(project_copy, "post-zh-hant.txt", text)
    assert not {"會計", "財務與會計", "伺服器"} & set(classes)
    assert classes.get("吳文傑") == "Person"


def test_an_agent_is_no_company_cut_at_its_suffix_zh_hans(project_copy):
    text = "在基础大模型、云帆终端智能体和智能驾驶智能体等领域,公司持续投入。\n"
    classes = _classes(project_copy, "agent-zh-hans.txt", text)
    assert not any(name.endswith("智能") for name in classes)


def test_a_person_with_the_title_before_the_name_is_no_organisation(project_copy):
    # the title and the name written together twice: a repetition, but the person's, no company
    for name, text in (("zh-hant", "晶越科技今日公布第三季財報。執行長陶振宇指出,AI需求強勁。"
                                   "執行長陶振宇並表示,明年資本支出將增加。\n"),
                       ("zh-hans", "晶越科技发布年报。执行长陶振宇指出,订单增加。"
                                   "执行长陶振宇还说,明年将扩产。\n")):
        classes = _classes(project_copy, f"titled-{name}.txt", text)
        assert classes.get("陶振宇") == "Person", classes
        assert not [n for n in classes if n.endswith("陶振宇") and n != "陶振宇"], classes
