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
    assert "科技" not in classes  # the rest of 商湯科技 after the known 商湯: no name of its own


def test_a_word_cut_from_a_listed_name_is_no_name(project_copy):
    # 雲從|科技 before its code, and 科技 in 曠視科技 (the short name of 曠視科技有限公司)
    text = ("曠視科技有限公司（下稱「曠視科技」）今年裁員。曠視科技的營收主要來自物聯網。相較於"
            "雲從科技（688327.SH）、海康威視（002415.SZ）等競爭對手，曠視科技的虧損更大。\n")
    classes = _proposed(project_copy, "listing-cut.txt", text)
    assert "科技" not in classes and classes.get("海康威視") == "Company"


def test_a_name_joined_or_posted_in_is_a_company(project_copy):
    text = ("前微軟研究員張偉今年加盟阿里巴巴，此前他曾出任騰訊雲副總裁。\n")
    classes = _proposed(project_copy, "joins.txt", text)
    assert classes.get("阿里巴巴") == "Company"


def test_who_was_told_is_an_outlet_and_a_partner_s_app_its_company(project_copy):
    text = ("Baidu has teamed up with Uber to offer robotaxi rides. Riders will book them in "
            "the Uber app, a Baidu executive told Reuters.\n")
    classes = _proposed(project_copy, "uber-en.txt", text)
    assert classes.get("Reuters") == "MediaOutlet" and classes.get("Uber") == "Company"


def test_the_product_of_an_owner_is_a_product(project_copy):
    text = ("Shares of rivals rose after the TikTok owner ByteDance cut prices. ByteDance said "
            "demand was strong.\n")
    classes = _proposed(project_copy, "tiktok-en.txt", text)
    assert classes.get("TikTok") == "Product" and classes.get("ByteDance") == "Company"


def test_the_name_before_a_title_and_a_person_is_a_company(project_copy):
    # the person's name is followed by no verb of saying: the title still says whose post it is
    text = "5月15日，火山引擎總裁譚待一步到位亮出了新模型的價格。\n"
    classes = _proposed(project_copy, "post.txt", text)
    assert classes.get("火山引擎") == "Company"


def test_a_line_of_business_is_a_department(project_copy):
    text = "新成立的ATH事業群整合了通義實驗室、MaaS業務線等核心AI業務。\n"
    classes = _proposed(project_copy, "unit.txt", text)
    assert classes.get("MaaS業務線") == "Department"


def test_a_person_s_name_ending_like_a_suffix_is_a_person(project_copy):
    # 雲 ends company names (阿里雲); 馬雲 who founded something is a person
    text = "蘋果與阿里巴巴確實在合作。另一方面，馬雲創辦的公司可以開發新功能。\n"
    classes = _proposed(project_copy, "founder.txt", text)
    assert classes.get("馬雲") == "Person"


def test_english_units_owners_outlets_and_partners(project_copy):
    text = ("ByteDance's Volcano Engine unit sells cloud services, the TikTok owner said. Its chief "
            "executive told Reuters that demand was strong. In May, Pony.ai teamed up with Uber "
            "to bring its robotaxis onto the Uber app.\n")
    classes = _proposed(project_copy, "units-en.txt", text)
    assert classes.get("Volcano Engine") == "BusinessGroup"
    assert classes.get("TikTok") == "Product" and classes.get("Reuters") == "MediaOutlet"
    assert classes.get("Uber") == "Company"


def test_a_legal_name_in_full_and_a_product_named_with_ai(project_copy):
    text = ("Alibaba Group Holding Limited reported its results on Thursday. Alibaba said the "
            "Qwen AI application now runs inside its shopping app.\n")
    classes = _proposed(project_copy, "legal-en.txt", text)
    assert classes.get("Alibaba Group Holding Limited") == "Company"
    assert "Alibaba Group" not in classes and classes.get("Qwen") == "Product"


def test_a_name_is_never_cut_from_a_word_or_opened_by_a_conjunction(project_copy):
    # 了解|到 上市公司, 電信|運營商雲, 隨著 (a preposition) 資本: pieces of the sentence
    text = ("記者了解到上市公司今年將擴產。然而，隨著資本退潮，電信運營商雲的份額上升；"
            "一位接近公司的人士說，寒武紀科技的訂單仍多。\n")
    classes = _proposed(project_copy, "pieces.txt", text)
    assert not {"解到上市公司", "隨著資本", "信運營商雲", "位接近公司"} & set(classes)
    assert classes.get("寒武紀科技") == "Company"


def test_outlets_by_their_reporters_marks_sources_and_interviews(project_copy):
    text = ("新浪新聞網記者林曉晴 / 台北報導\n25日，外媒《路透社》(Reuters)報導，宏達電正考慮出售手機業務。"
            "宏達電總裁在接受東森新聞等媒體採訪時未予置評。\n(新聞資料來源 : 中央社)\n")
    classes = _proposed(project_copy, "media.txt", text)
    assert classes.get("新浪新聞網") == "MediaOutlet" and classes.get("林曉晴") == "Person"
    assert classes.get("路透社") == "MediaOutlet" and classes.get("中央社") == "MediaOutlet"
    assert classes.get("東森新聞") == "MediaOutlet"


def test_a_latin_name_after_its_kind_or_before_a_product_s_head(project_copy):
    text = ("國際市場調研機構Canalys數據顯示，出貨量增長12%。該公司參與打造Pixel手機多年，"
            "Fitbit將挑戰蘋果公司(Apple)。\n")
    classes = _proposed(project_copy, "latin.txt", text)
    # a research firm is an Organization, no company covered
    assert classes.get("Canalys") == "Organization" and classes.get("Pixel") == "Product"
    assert classes.get("蘋果公司") == "Company"


def test_an_owner_s_product_before_qixia_and_the_models_listed_after_it(project_copy):
    text = "同日，百度文心大模型旗下兩款模型ERNIE Speed、ERNIE Lite宣布免費。\n"
    classes = _proposed(project_copy, "owned.txt", text)
    assert classes.get("百度") == "Company" and classes.get("文心大模型") == "Product"
    assert classes.get("ERNIE Speed") == "Product" and classes.get("ERNIE Lite") == "Product"
    assert "Lite" not in classes


def test_a_customer_counted_and_a_newspaper_named(project_copy):
    text = ("The unit sells cloud services to carmakers and counts Geely among its customers. "
            "The group also owns the South China Morning Post.\n")
    classes = _proposed(project_copy, "customers-en.txt", text)
    assert classes.get("Geely") == "Company"
    assert classes.get("South China Morning Post") == "MediaOutlet"


def test_a_name_whose_results_are_published_is_a_company(project_copy):
    text = ("據星環最新公布的2025年第一季度財報顯示，其營收僅為3億元。2024年，星環全年虧損擴大至"
            "6.96億元。\n")
    classes = _proposed(project_copy, "results.txt", text)
    assert classes.get("星環") == "Company"


def test_a_person_after_an_owner_s_possessive_is_no_product(project_copy):
    text = ("Alibaba's Joe Tsai spoke in Dubai, and Alibaba's Qwen was his subject. Later "
            "Alibaba's Tsai said the deal was done.\n")
    classes = _proposed(project_copy, "possessive-en.txt", text)
    assert classes.get("Qwen") == "Product" and classes.get("Alibaba") == "Company"
    assert "Joe Tsai" not in classes or classes["Joe Tsai"] == "Person"
    assert "Tsai" not in classes or classes["Tsai"] == "Person"


def test_book_title_marks_after_a_launch_and_capitalised_kinds_before_a_list(project_copy):
    text = ("該公司推出《星火》應用，IDC最新發布《中國AI公有雲服務市場份額》報告，信通院發布《人工智能"
            "發展白皮書》。\n")
    classes = _proposed(project_copy, "marks.txt", text)
    assert classes.get("星火") == "Product"
    assert not {"中國AI公有雲服務市場份額", "人工智能發展白皮書"} & set(classes)
    text = "Companies such as Zhipu, Baichuan and MiniMax are racing to launch models.\n"
    classes = _proposed(project_copy, "list-en.txt", text)
    assert [classes.get(n) for n in ("Zhipu", "Baichuan", "MiniMax")] == ["Company"] * 3


def test_names_counted_in_jia_are_companies(project_copy):
    # 家 is the measure word of companies and institutions: X、Y等十多家
    text = "星環、智譜等十多家參與了本輪融資。\n"
    classes = _proposed(project_copy, "jia.txt", text)
    assert classes.get("星環") == "Company" and classes.get("智譜") == "Company"


def test_a_department_named_after_its_company_starts_after_the_company(project_copy):
    text = ("台達電董事長鄭平今天表示,營收成長。台達電企業投資部副總裁劉亮甫補充表示,"
            "明年應該問題不大。\n")
    classes = _proposed(project_copy, "delta-zh.txt", text)
    assert classes.get("企業投資部") == "Department"
    assert not [n for n in classes if n.endswith("企業投資部") and n != "企業投資部"]


def test_a_verb_after_a_titled_persons_name_ends_it(project_copy):
    text = ("地平線機器人創始人兼首席執行官余凱參與了一場線上交流。台達電財務長余博文補充表示,"
            "毛利率改善。\n")
    classes = _proposed(project_copy, "people-zh.txt", text)
    assert classes.get("余凱") == "Person" and classes.get("余博文") == "Person"
    assert "余凱參" not in classes


def test_what_a_company_does_is_no_company_named_after_its_kind(project_copy):
    text = ("公司收到問詢函,公司高度重視,公司積極推進整改。具身智能公司銀河機器人、多模態大模型"
            "公司智象未來和星海圖都獲得融資。\n")
    classes = _proposed(project_copy, "kinds-zh.txt", text)
    assert "高度重視" not in classes and "積極推進" not in classes
    assert classes.get("銀河機器人") == "Company" and classes.get("智象未來") == "Company"


def test_titles_and_taking_a_post_mark_people(project_copy):
    # 首席科學家 is a title; 印奇 (a rare surname) takes up a post with an adverb between
    text = ("階躍星辰宣布,印奇正式出任公司董事長。此后,印奇將同時擔任千里科技的董事長。印奇將與"
            " CEO 姜大昕、首席科學家張祥雨、CTO 朱亦博組成核心管理團隊。印奇表示,團隊穩定。\n")
    classes = _proposed(project_copy, "posts-zh.txt", text)
    assert {n: classes.get(n) for n in ("印奇", "張祥雨", "朱亦博")} == \
        dict.fromkeys(("印奇", "張祥雨", "朱亦博"), "Person")


def test_a_name_after_what_a_product_is_is_a_product(project_copy):
    # 模型Qwen3: a model, though "Qwen3发布" reads like what a company does; Qwen of Qwen-Long
    # is no name of its own
    text = ("阿里巴巴正式开源新一代通义千问模型Qwen3。时代周报记者获悉,Qwen3历经7个月研发。就在"
            "Qwen3发布的同一个月,阿里云下调主力模型Qwen-Long的价格。\n")
    classes = _proposed(project_copy, "models-zh.txt", text)
    assert classes.get("Qwen3") == "Product"
    assert "Qwen" not in classes


def test_a_name_that_opens_in_capitals_keeps_them_and_a_products_line_is_a_product(
        project_copy):
    # the capitals begin the name (no company Bot); a name after a launched product's name
    # with no organisation's cue is that product's line
    text = ("Zhiyuan launched MOSS last spring. The company said its MOSS Studio app now had "
            "10 million users.\n\nInvestors said MOSS Studio would decide the year, chief "
            "executive Wang Lei said.\n")
    classes = _proposed(project_copy, "moss-en.txt", text)
    assert "Studio" not in classes
    assert classes.get("MOSS Studio") == "Product"


def test_a_seat_or_an_era_before_a_post_is_no_name(project_copy):
    # 全國人大代表、 is a seat in a list of what the person is; 創始人時代 an era, not 時代
    text = ("全國兩會期間,全國人大代表、星海科技董事長王立新接受採訪。\n\n"
            "他表示,星海科技重回創始人時代,公司將擴大研發。\n")
    classes = _proposed(project_copy, "seat-zh.txt", text)
    assert "全國人大代表" not in classes and "時代" not in classes
    assert classes.get("王立新") == "Person"


def test_a_transliterated_name_with_its_dot_is_a_person_with_or_without_a_title(project_copy):
    # the words before the dot that are the language's (基金經理, 與) are no part of the name; the
    # name's last part written alone is the person's short name, no company
    text = ("他曾與基金經理安德魯·霍華德(Andrew Howard)交流,也與羅伯特·庫珀會面。\n\n"
            "霍華德表示,市場仍在變化。比爾·蓋茨基金會亦宣布捐款。\n")
    classes = _proposed(project_copy, "dotted-zh.txt", text)
    assert classes.get("安德魯·霍華德") == "Person" and classes.get("羅伯特·庫珀") == "Person"
    assert "霍華德" not in classes and "比爾·蓋茨" not in classes


def test_what_a_thing_returns_to_before_a_title_names_no_organisation(project_copy):
    # 重回創始人時代: the founder's era, no company 星雲重回 with a founder
    text = "4月,To B業務星雲平台重回創始人時代,創始人王立新回歸。\n"
    classes = _proposed(project_copy, "returns-zh.txt", text)
    assert not [n for n in classes if n.endswith("重回")]
    assert classes.get("王立新") == "Person"
