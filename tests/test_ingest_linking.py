"""Names that stay in their company (generic names), and entity proposals with the right class."""

from __future__ import annotations

import pytest
import yaml

from kg.errors import InputError


@pytest.fixture(scope="module")
def linker():
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project
    from tests.conftest import ROOT

    return Linker.from_facts(load_inputs(Project.open(ROOT)).facts)


def _linked(linker, text: str, title: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.text, m.entities) for m in linker.find(text, title=title)]


def _ingest(project, name: str, text: str):
    from kg.ingest.intake import ingest

    path = project / name
    path.write_text(text, encoding="utf-8")
    return ingest(project, path)


# a peer company's article (zh-Hans), written for these tests
CLOUDWALK = (
    "云从科技发布2024年年报,大模型收入增长\n"
    "云从科技表示,2024年公司营业收入同比增长12%。云从科技的智慧商业业务收入下降,应用和大模型"
    "成为新的增长点。云从科技董事长周曦表示,公司将继续投入大模型。腾讯集团和阿里巴巴集团也在加大"
    "对生成式AI的投入。阿里巴巴CEO吴泳铭称,医疗是大模型的重要应用场景。分析人士认为,云从科技"
    "的主要对手包括商汤和旷视科技。\n")
# a SenseTime article (zh-Hant) using the same common words
SENSETIME = (
    "商湯公佈2024年中期業績\n"
    "商湯表示,生成式AI業務收入大幅增長,大模型和應用成為集團的重點。商湯首席執行官徐立稱,"
    "集團將繼續投入大裝置。醫療業務收入下降。\n")


def test_generic_names_are_marked_and_detected(linker):
    assert {"集团", "应用", "大模型", "医疗", "首席执行官", "ceo", "智慧商业",
            "生成式ai", "applications", "large models"} <= set(linker.generic)
    # detected without a mark: a post's name, common words, a lower-case English name
    from kg.inputs.mentions import common_words, is_generic
    common = common_words(frozenset({"模型", "业务", "收入", "商汤"}))
    assert is_generic("首席技术官", "首席技術官", "Post", common)
    assert is_generic("大模型", "大模型", "StrategyComponent", common)
    assert is_generic("业务收入", "業務收入", "Metric", common)
    assert is_generic("cloud services", "cloud services", "Product", common)
    assert not is_generic("商汤", "商湯", "Company", common)
    assert not is_generic("sensenova", "SenseNova", "Product", common)
    assert not is_generic("日日新", "日日新", "Product", common)
    # unique names are not generic
    assert "商汤" not in linker.generic and "日日新" not in linker.generic


def test_a_peer_company_article_does_not_link_sensetime_words(linker):
    linked = _linked(linker, CLOUDWALK, title="云从科技发布2024年年报,大模型收入增长")
    entities = {e for _, es in linked for e in es}
    # 腾讯集团 is not SenseTime, CloudWalk's 智慧商业 is not SenseTime's segment, Alibaba's CEO is
    # not SenseTime's post, and the common nouns 应用 / 大模型 / 医疗 are nobody's
    for wrong in ("segment-smart-business", "post-ceo", "component-application",
                  "component-large-model", "medical-dept", "segment-generative-ai"):
        assert wrong not in entities, wrong
    assert [t for t, es in linked if es == ("sensetime",)] == ["商汤"]  # not 集团 in 腾讯集团
    assert ("营业收入", ("revenue",)) in linked  # shared metrics still link


def test_the_same_words_link_in_a_sensetime_article(linker):
    linked = _linked(linker, SENSETIME)
    assert linked == [
        ("商湯", ("sensetime",)), ("商湯", ("sensetime",)),
        ("生成式AI業務", ("segment-generative-ai",)), ("收入", ("revenue",)),
        ("大模型", ("component-large-model",)), ("應用", ("component-application",)),
        ("集團", ("sensetime",)), ("商湯", ("sensetime",)), ("首席執行官", ("post-ceo",)),
        ("徐立", ("xu-li",)), ("集團", ("sensetime",)), ("大裝置", ("component-large-device",)),
        ("醫療", ("medical-dept",)), ("業務收入", ("segment-revenue",))]


@pytest.mark.parametrize("text, dropped", [
    ("腾讯集团宣布,集团将在大模型上投入更多。", {"集团"}),
    ("云从科技的智慧商业业务收入下降。", {"智慧商业"}),
    ("阿里巴巴CEO吴泳铭表示,阿里巴巴将继续投入。", {"CEO"}),
    ("Alibaba's CEO Eddie Wu said cloud revenue grew.", {"CEO"}),
    ("Eddie Wu, the CEO of Alibaba Group, said cloud revenue grew.", {"CEO"}),
    ("百度智能云把大模型作为牵引。", {"大模型"}),
])
def test_another_company_owns_the_generic_name_even_in_a_sensetime_source(linker, text, dropped):
    about_sensetime = "商汤的业绩。商汤表示。商汤称。\n"
    linked = {t for t, _ in _linked(linker, about_sensetime + text)}
    assert not (dropped & linked)
    assert "商汤" in linked


def test_a_generic_name_links_near_its_company_in_any_source(linker):
    text = "云从科技与旷视科技的营收都在增长。另据报道,商汤的首席执行官徐立表示大模型需求旺盛。"
    linked = _linked(linker, text)
    assert ("首席执行官", ("post-ceo",)) in linked and ("大模型", ("component-large-model",)) in linked
    # and not in the other sentences of that source
    linked = _linked(linker, "云从科技的营收增长。云从科技的大模型需求旺盛。商汤也在这一市场。")
    assert ("大模型", ("component-large-model",)) not in linked


def test_precision_on_the_written_set(linker):
    """Every link on the articles above, checked by hand: none to another company's entity."""
    sensetime_family = {e for e, company in linker.company.items() if company == "sensetime"}
    wrong = [(t, es) for t, es in _linked(linker, CLOUDWALK)
             if set(es) & sensetime_family and t not in {"商汤"}]
    assert wrong == []


def test_ingest_reports_the_filtered_mentions_and_proposes_the_main_subject(project_copy):
    result = _ingest(project_copy, "cloudwalk.txt", CLOUDWALK)
    assert "post-ceo" not in result.linked() and "component-large-model" not in result.linked()
    draft = yaml.safe_load((project_copy / "data" / "sources" / "cloudwalk.draft.yaml")
                           .read_text("utf-8"))
    proposed = {e["name"]: e for e in draft["entities"]}
    assert proposed["云从科技"]["class"] == "Company" and proposed["云从科技"]["mentions"] == 5
    assert proposed["周曦"]["class"] == "Person" and proposed["吴泳铭"]["class"] == "Person"
    assert proposed["腾讯集团"]["class"] == "Company"
    assert proposed["旷视科技"]["class"] == "Company"
    # no fragments: 云从 is part of 云从科技, 阿里巴巴 of 阿里巴巴集团
    assert not {"云从", "腾讯", "科技", "阿里巴巴"} & set(proposed)


def test_known_companies_named_without_a_suffix_are_companies(project_copy):
    text = ("华为推出了新一代昇腾芯片,谷歌的CEO皮查伊表示欢迎。华为、谷歌等科技巨头都在投入大模型。"
            "OpenAI发布了“GPT-4o”。\n")
    result = _ingest(project_copy, "giants.txt", text)
    classes = {c.name: c.cls for c in result.candidates if not c.alias_of}
    assert classes["华为"] == "Company" and classes["谷歌"] == "Company"
    assert classes["皮查伊"] == "Person" and classes["GPT-4o"] == "Product"
    # 华为 is proposed although 华为云 is a known name: it is not always a part of it
    assert "华为云" not in classes


def test_english_cues_give_the_class(project_copy):
    text = ("CloudWalk Technology said revenue fell. Chief executive Zhou Xi said the company "
            "launched CloudWalk 2.0 and that Alibaba Group is a rival.\n")
    result = _ingest(project_copy, "cloudwalk-en.txt", text)
    classes = {c.name: c.cls for c in result.candidates if not c.alias_of}
    assert classes["CloudWalk Technology"] == "Company" and classes["Alibaba Group"] == "Company"
    assert classes["Zhou Xi"] == "Person"


def test_a_generic_mark_must_name_a_label_or_alias(project_copy):
    from kg.inputs.corpus import load_inputs
    from kg.inputs.project import Project

    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text("utf-8")
    facts.write_text(text.replace("generic: [集團, 集团]", "generic: [集團, 公司]", 1), "utf-8")
    with pytest.raises(InputError, match="generic name '公司' is not a label or alias of "
                                         "'sensetime'"):
        load_inputs(Project.open(project_copy))
    facts.write_text(text.replace("generic: [集團, 集团]", "generic: 7", 1), "utf-8")
    with pytest.raises(InputError, match="'generic' must be a list"):
        load_inputs(Project.open(project_copy))




def _proposed(project, name: str, text: str) -> dict[str, str]:
    result = _ingest(project, name, text)
    return {c.name: c.cls for c in result.candidates if not c.alias_of}


def test_names_are_proposed_by_repetition_and_context_with_their_class(project_copy):
    # no suffix on the article's subject: it is proposed because it is written again and again
    # before what organisations do (创始人, 旗下, 表示); the rest by their cues
    text = ("月之暗面近日完成新一轮融资，估值超过30亿美元。月之暗面创始人杨植麟表示，公司将继续投入"
            "长文本模型。据晚点报道，阿里巴巴集团领投了本轮融资，红杉中国等机构跟投。月之暗面旗下的"
            "“Kimi智能助手”月活跃用户超过3000万。分析人士认为，月之暗面与智谱、百川智能等公司的竞争"
            "将更加激烈，一众大模型公司都在降价。技术与资本的结合是关键，技术与人才同样重要。\n")
    classes = _proposed(project_copy, "moonshot.txt", text)
    assert classes["月之暗面"] == "Company" and classes["杨植麟"] == "Person"
    assert classes["晚点"] == "MediaOutlet" and classes["阿里巴巴集团"] == "Company"
    assert classes["Kimi智能助手"] == "Product"
    assert classes["智谱"] == "Company" and classes["百川智能"] == "Company"
    # never common words, metric words, dates, posts or people as names
    assert not {"分析人士", "长文本模型", "新一轮融资", "月活跃用户", "创始人", "公司",
                "技术", "众大模型公司", "大模型公司"} & set(classes)


def test_media_layoffs_units_and_the_short_name_of_an_organisation(project_copy):
    text = ("據彭博社報道，地平線近日啟動大規模裁員，涉及軟件和芯片等多個部門。地平線表示，公司正在"
            "進行組織調整。地平線機器人科技有限公司旗下的智能駕駛事業群將保留。地平線首席執行官余凱"
            "稱，公司將聚焦征程芯片。\n")
    result = _ingest(project_copy, "horizon.txt", text)
    proposed = {c.name: c for c in result.candidates if not c.alias_of}
    assert proposed["彭博社"].cls == "MediaOutlet" and proposed["大規模裁員"].cls == "Layoff"
    assert proposed["智能駕駛事業群"].cls == "BusinessGroup"
    assert proposed["余凱"].cls == "Person"
    # 地平線 and 地平線機器人科技有限公司 name one company: one proposal, counted with both,
    # under the name in use (its legal name, written once, one of its names)
    ours = [c for c in proposed.values() if "地平線" in c.name]
    assert len(ours) == 1, [c.name for c in ours]
    full = ours[0]
    names = {full.name, *full.short}
    assert full.cls == "Company" and full.count == 4
    assert {"地平線", "地平線機器人科技有限公司"} <= names and "多個部門" not in proposed
    draft = yaml.safe_load((project_copy / "data" / "sources" / "horizon.draft.yaml")
                           .read_text("utf-8"))
    entry = next(e for e in draft["entities"] if e["name"] == full.name)
    assert "地平線機器人科技有限公司" in entry["aliases"]["zh-Hant"]
    assert "地平线" in entry["aliases"]["zh-Hans"] or full.name == "地平線"


def test_english_names_need_a_cue_or_a_repetition(project_copy):
    text = ("According to Bloomberg, Horizon Robotics Inc. plans to cut jobs in Shanghai. Chief "
            "financial officer Mary Chen said its Journey chips sell well. Rival Black Sesame said "
            "demand was weak. Horizon Robotics Inc. shares fell. The company also sells to "
            "Volkswagen, whose Cariad software unit said it buys chips. Volkswagen said little.\n")
    classes = _proposed(project_copy, "horizon-en.txt", text)
    assert classes["Bloomberg"] == "MediaOutlet"
    assert classes["Horizon Robotics Inc."] == "Company" and classes["Mary Chen"] == "Person"
    assert classes["Journey"] == "Product" and classes["Black Sesame"] == "Company"
    assert classes["Volkswagen"] == "Company"  # written twice
    # a place, a word at a sentence start and a name without a cue are not proposed
    assert not {"Shanghai", "The", "Cariad"} & set(classes)


def test_generic_names_stay_out_of_an_article_about_a_company_without_a_suffix(project_copy):
    # the subject has no suffix and SenseTime is named twice: the subject's names (found by
    # repetition) are organisations in the text, so SenseTime is not the article's subject
    text = ("地平线发布2024年业绩\n地平线表示，2024年集团营业收入增长53%。地平线首席执行官余凯称，"
            "地平线的智能汽车业务和大模型投入都将加大。地平线旗下研究院也在扩张。\n"
            "商汤也在这一领域布局，商汤表示将继续投入。\n")
    result = _ingest(project_copy, "horizon-results.txt", text)
    linked = {(m.text, e) for m in result.mentions for e in m.entities}
    for wrong in ("sensetime", "post-ceo", "segment-intelligent-auto", "component-large-model",
                  "research-institute"):
        assert not [t for t, e in linked if e == wrong and t != "商汤"], wrong
    assert ("商汤", "sensetime") in linked and ("营业收入", "revenue") in linked


def test_what_is_not_a_name():
    from kg.ingest.entities import is_name

    for word in ("首席执行官", "營業收入", "第三季度", "分析人士", "北京", "公司", "事业群", "的公司",
                 "Generative AI", "The Group", "2024年", "內部信中", "外媒"):
        assert not is_name(word), word
    for word in ("出門問問", "小马智行", "ByteDance", "36氪", "智能驾驶事业群", "Zhipu AI"):
        assert is_name(word), word




# round 3: names of SenseTime's entities in other companies' articles (written for these tests)
def test_a_name_inside_an_idiom_is_not_named(linker):
    text = "国内大模型市场千帆竞发、百舸争流,云从科技希望靠行业客户突围。"
    entities = {e for _, es in _linked(linker, text) for e in es}
    assert not {"qianfan", "baige"} & entities
    assert not {"qianfan", "baige"} & {e for m in linker.scan(text) for e in m.entities}
    # outside an idiom the same names still link
    linked = _linked(linker, "百度智能云推出千帆平台和百舸算力平台。")
    assert ("千帆", ("qianfan",)) in linked and ("百舸", ("baige",)) in linked


def test_an_anonymous_source_belongs_to_the_company_it_speaks_of(linker):
    # 受訪者 claims statements about SenseTime in the facts: it is SenseTime's source
    assert linker.company["interviewee"] == "sensetime"
    assert {"受访者", "interviewee"} <= set(linker.generic)
    assert "接近商汤的人士" not in linker.generic  # it names its company
    peer = "雲從科技發布全員信。一位受訪者表示,雲從的智慧城市業務收入已連續兩年下滑。"
    assert "interviewee" not in {e for _, es in _linked(linker, peer) for e in es}
    english = ("Megvii Technology cut jobs. An interviewee, a manager at Megvii Technology, "
               "said the team would shrink.")
    assert "interviewee" not in {e for _, es in _linked(linker, english) for e in es}
    own = "商湯啟動裁員。商湯表示將聚焦大模型。一位受訪者表示,商湯的研究院也在裁員名單中。"
    assert ("受訪者", ("interviewee",)) in _linked(linker, own)
    # a source that names its company links in any article
    linked = _linked(linker, "雲從科技發布業績。另據接近商湯的人士透露,裁員仍在進行。")
    assert ("接近商湯的人士", ("person-close-to-sensetime",)) in linked


def test_a_hyphenated_lower_case_name_is_generic(linker):
    from kg.inputs.mentions import is_generic
    assert is_generic("all-staff letter", "all-staff letter", "InternalLetter", frozenset())
    assert "all-staff letter" in linker.generic
    # it no longer names SenseTime in a Megvii sentence, so Megvii's words stay Megvii's
    text = ("Megvii Technology reorganised. In an all-staff letter marking the anniversary of "
            "Megvii Technology's founding, its chief executive said the company's core strategy "
            "rests on large models and applications.")
    entities = {e for _, es in _linked(linker, text) for e in es}
    assert not {"internal-letter-tenth-anniversary", "component-large-model",
                "component-application"} & entities
    own = "SenseTime cut jobs. In an all-staff letter, SenseTime said large models come first."
    linked = _linked(linker, own)
    assert ("all-staff letter", ("internal-letter-tenth-anniversary",)) in linked
    assert ("large models", ("component-large-model",)) in linked


# round 4: phrasings of other outlets (written for these tests)
def test_a_description_with_a_numeral_stays_in_its_company(linker):
    # 公司成立十周年 is made of common words and a numeral: the anniversary of whichever
    # company the sentence is about, not SenseTime's in another company's results
    from kg.inputs.mentions import is_generic
    assert is_generic("公司成立十周年", "公司成立十周年", "Anniversary",
                      frozenset({"公司", "成立", "周年"}))
    assert not is_generic("三星", "三星", "Company", frozenset())  # a company's name keeps them
    assert "公司成立十周年" in linker.generic
    peer = "美团首席执行官王兴在电话会上称,公司成立十周年以来一直坚持零售加科技战略。"
    assert "tenth-anniversary" not in {e for _, es in _linked(linker, peer) for e in es}
    own = "商汤董事长徐立表示,公司成立十周年之际将发布新品。"
    assert ("公司成立十周年", ("tenth-anniversary",)) in _linked(linker, own)


def test_a_weak_suffix_that_starts_a_word_is_no_suffix():
    from kg.inputs.mentions import find_organisations

    def names(text):
        return [text[s:e] for s, e in find_organisations(text)]

    assert names("營收下滑主要受雲端產品線交付節奏影響。") == []  # 雲端: the cloud side
    # a cloud vendor's name before a verb, a conjunction or a place-like join stays one
    assert names("京东云宣布降价,金山云和百度发布财报,京东云表示将扩容。") == [
        "京东云", "金山云", "京东云"]
    assert names("腾讯云服务收入增长。") == ["腾讯云"]


def test_a_name_longer_than_the_suffixs_reach_is_not_cut_inside_a_word():
    from kg.inputs.mentions import find_organisations

    def names(text):
        return [text[s:e] for s, e in find_organisations(text)]

    # 中關村 is one word: the name is not cut to 村科學城公司
    assert names("投資方包括中關村科學城公司等。") == ["中關村科學城公司"]
    assert names("北京中关村发展集团参与投资。") == ["中关村发展集团"]
    assert names("據悉阿里巴巴集團表示,商湯科技與騰訊集團合作。") == ["阿里巴巴集團", "商湯科技", "騰訊集團"]


def test_who_speaks_for_a_company_and_a_former_employer_in_english(project_copy):
    text = ("美团第三季度营业收入增长。管理层表示,外卖订单增速将放缓。美团表示将继续回购。"
            "管理层预计闪购仍将增长,美团称海外业务亏损收窄。\n")
    classes = _proposed(project_copy, "meituan.txt", text)
    assert classes.get("美团") == "Company" and "管理层" not in classes
    english = ("StepFun has grown fast. Chief Executive Officer Jiang Daxin, a former Microsoft "
               "executive, says its models power many applications.\n")
    classes = _proposed(project_copy, "stepfun.txt", english)
    assert classes.get("Microsoft") == "Company" and classes.get("Jiang Daxin") == "Person"


def test_a_maker_of_chips_is_an_organisation(project_copy):
    # jieba tags 华为 as a person's name; what follows it (its chips) makes it an organisation
    text = ("寒武紀科技發佈半年報。一位分析師透露,華爲的昇騰芯片仍是寒武紀科技的主要競爭對手。"
            "陳天石稱,徐立的看法並不相同。\n")
    classes = _proposed(project_copy, "cambricon.txt", text)
    assert classes.get("華爲") == "Company"
    assert "陳天石" not in classes or classes["陳天石"] != "Company"


# peer articles that open with their lead paragraph, no headline, naming SenseTime only late
LEAD_FIRST = [
    ("zh-Hans", "智谱AI今日宣布完成新一轮融资。智谱CEO张鹏表示,公司的大模型已在多个场景落地。"
                "集团旗下研究院将与清华大学合作。该公司也提到,商汤科技是其对手。\n"),
    ("zh-Hant", "智譜AI今日宣布完成新一輪融資。智譜CEO張鵬表示,公司的大模型已在多個場景落地。"
                "集團旗下研究院將與清華大學合作。該公司也提到,商湯科技是其對手。\n"),
    ("en", "Zhipu AI said on Tuesday it had raised new funds. Its chief executive Zhang Peng said "
           "the group's research institute would work with Tsinghua University. Zhipu named "
           "SenseTime as a rival.\n"),
]


@pytest.mark.parametrize("script,text", LEAD_FIRST)
def test_a_lead_paragraph_is_no_title_that_makes_every_company_it_names_the_subject(
        project_copy, script, text):
    result = _ingest(project_copy, f"lead-{script}.txt", text)
    first = text.split("。")[0] + "。" if script != "en" else text.split(". ")[0] + "."
    assert result.source.title == first
    assert not [m.entities for m in result.mentions
                if m.text.lower() in ("集团", "集團", "group") and "sensetime" in m.entities]


def test_a_first_line_that_is_a_headline_stays_the_title(project_copy):
    text = "U.S. regulators clear Zhipu AI deal\nZhipu AI said on Tuesday it had raised funds.\n"
    assert _ingest(project_copy, "headline.txt", text).source.title == \
        "U.S. regulators clear Zhipu AI deal"
