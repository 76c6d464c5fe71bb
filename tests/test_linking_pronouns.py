"""Whose post or unit a pronoun, a speaker or a paragraph's opening names (issue 13, §2): in a
text that names SenseTime too, 其CEO / its healthcare unit after a sentence about another
company, a post before the company its sentence goes on about (首席執行官劉慶峰說,訊飛與商湯…),
and a paragraph that opens naming no one after one about another company are that company's,
never SenseTime's. Hostile articles about other companies, run through the real ingest; and
SenseTime's own words around them still link."""

from __future__ import annotations

import pytest

# every text opens about SenseTime (named first and most), so the company named around each
# word, not the text's subject, must keep SenseTime's names out
ABOUT = {"zh-Hans": "商汤科技公布中期业绩。商汤表示,收入增长。\n",
         "zh-Hant": "商湯科技公布中期業績。商湯表示,收入增長。\n",
         "en": "SenseTime reported its interim results. SenseTime said revenue grew.\n"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from tests.conftest import copy_project

    return copy_project(tmp_path_factory.mktemp("pronouns") / "project")


@pytest.fixture(scope="module")
def linker(project):
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project

    return Linker.from_facts(load_inputs(Project.open(project)).facts)


def _linked(project, linker, name: str, text: str, after: int = 0) -> list[tuple[str, tuple]]:
    """(text, entities) of every generic name of SenseTime's (集团, 首席执行官, its units and
    anonymous sources) the real ingest links in ``text`` at or after ``after``."""
    from kg.ingest.intake import ingest

    path = project / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    result = ingest(project, path, linker=linker)
    return [(m.text, m.entities) for m in result.mentions if m.start >= after and
            linker.is_generic(m) and "sensetime" in {linker.company.get(e) for e in m.entities}]


@pytest.mark.parametrize("name,script,text", [
    ("megvii-apposition", "en", "Megvii Technology, a rival of SenseTime, said on Tuesday it "
     "would close its healthcare unit and cut about 10% of its staff."),
    ("baidu-apposition", "en", "Baidu, which competes with SenseTime in China, said its "
     "generative AI business grew 20%."),
    ("megvii-hant", "zh-Hant", "曠視科技與商湯同日公布業績。其醫療業務收入下降三成。"),
    ("baidu-hans", "zh-Hans", "百度在北京发布文心大模型,与商汤正面竞争。该公司的首席执行官李彦宏表示,"
     "将加大投入。"),
])
def test_a_pronoun_names_the_company_its_sentence_is_about(project, linker, name, script, text):
    assert not _linked(project, linker, name, ABOUT[script] + text, len(ABOUT[script]))


@pytest.mark.parametrize("name,script,text", [
    ("iflytek-speaker", "zh-Hans", "首席执行官刘庆峰说,讯飞与商汤在生成式AI领域竞争激烈。"),
    ("megvii-speaker", "zh-Hant", "CEO印奇說,曠視與商湯都在布局醫療。"),
    ("baidu-speaker", "en", "Chief executive officer Robin Li said Baidu would take on "
     "SenseTime in large models."),
])
def test_a_post_before_the_company_its_sentence_names_is_that_companys(project, linker, name,
                                                                        script, text):
    linked = _linked(project, linker, name, ABOUT[script] + text, len(ABOUT[script]))
    assert not [t for t, entities in linked if "post-ceo" in entities]


BAIDU_EN = ("Baidu, SenseTime race to sell large models\n"
            "Baidu said on Monday that demand from its cloud customers had doubled. Baidu's smart "
            "city unit, by contrast, shrank.\n"
            "\"Large models will change every application,\" Robin Li, the chief executive "
            "officer, told analysts.\n")


def test_a_paragraph_that_opens_naming_no_one_goes_on_about_the_last_company(project, linker):
    # the title names two companies: the paragraph before says whose chief executive this is
    after = BAIDU_EN.index('"Large')
    assert not _linked(project, linker, "baidu-paragraph", BAIDU_EN, after)


@pytest.mark.parametrize("name,script,text,word", [
    ("own-speaker", "zh-Hans", "首席执行官徐立表示,商汤将与腾讯在大模型领域合作。", "首席执行官"),
    ("own-holder", "zh-Hant", "首席執行官徐立表示,公司將與騰訊在醫療領域合作。", "首席執行官"),
    ("own-its", "en", "SenseTime said last month that its generative AI revenue had doubled.",
     "generative AI"),
    ("own-qi", "zh-Hans", "商汤与旷视同日公布业绩。其生成式AI收入大增。", "生成式AI"),
])
def test_its_own_words_still_link(project, linker, name, script, text, word):
    linked = _linked(project, linker, name, ABOUT[script] + text, len(ABOUT[script]))
    assert [t for t, _ in linked if t.startswith(word)]


@pytest.mark.parametrize("name,script,text", [
    ("tencent-topic", "zh-Hant", "醫療業務是騰訊今年的重點,智慧城市則由騰訊雲負責。"),
    ("tencent-quote", "zh-Hant", "「我們的醫療業務增長強勁,」騰訊總裁劉熾平說。"),
    ("tencent-quote-en", "en", "\"Our healthcare unit grew strongly,\" said Pony Ma, Tencent's "
     "chief executive."),
    ("tencent-source", "zh-Hans", "据腾讯内部信,公司将调整架构。受访者称,腾讯的智慧城市团队将裁员。"),
    ("xiaomi-group", "zh-Hans", "小米集团CEO雷军表示,今年交付超过13万辆。集团旗下的小米汽车已盈利。"),
])
def test_a_name_before_every_organisation_of_its_sentence_is_the_first_ones(
        project, linker, name, script, text):
    linked = _linked(project, linker, name, ABOUT[script] + text, len(ABOUT[script]))
    assert not linked


TENCENT = {
    "zh-Hant": "騰訊控股第三季度業績超預期\n騰訊控股今日公布業績。與商湯、曠視不同,騰訊不依賴政府項目。\n"
               "商湯上季度虧損收窄,商湯的生成式AI業務增長迅速。分析師認為,商湯仍是主要對手之一。\n"
               "醫療業務今年收入增長兩成,首席執行官馬化騰稱,集團將加大投入。\n",
    "en": "Tencent Holdings beats forecasts\nTencent Holdings reported third-quarter results on "
          "Wednesday. Unlike SenseTime and Megvii, Tencent does not rely on government projects.\n"
          "SenseTime narrowed its loss last quarter and SenseTime's generative AI business grew. "
          "Analysts still see SenseTime as a rival.\n"
          "The healthcare unit grew 20%, chief executive officer Pony Ma said.\n",
}


@pytest.mark.parametrize("script", ["zh-Hant", "en"])
def test_the_headline_says_whom_the_text_is_about(project, linker, script):
    # SenseTime is named most, in a digression: the last paragraph is still Tencent's
    text = TENCENT[script]
    linked = _linked(project, linker, f"tencent-headline-{script}", text)
    assert [t for t, _ in linked] == ["生成式AI業務" if script == "zh-Hant" else
                                      "generative AI business"]  # SenseTime's own, written so


@pytest.mark.parametrize("name,text", [
    ("iag-airline", "British Airways owner IAG lifts profit forecast\nIAG, the owner of British "
     "Airways and Iberia, said operating profit rose 15%. IAG's chief executive spoke.\n"),
    ("scg-cement", "Siam Cement posts lower profit\nSCG, Thailand's biggest cement maker, "
     "reported a 30% drop in quarterly profit. SCG said it would cut costs.\n"),
    ("sco-summit", "SCO summit opens in Tianjin\nLeaders of the SCO member states met in Tianjin "
     "on Sunday.\n"),
])
def test_an_acronym_of_a_unit_does_not_link_in_another_companys_text(project, linker, name,
                                                                      text):
    from kg.ingest.intake import ingest

    path = project / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    found = ingest(project, path, linker=linker).mentions
    assert not [m.text for m in found if {"iag", "scg", "component-large-device"} & set(m.entities)]


@pytest.mark.parametrize("text", ["商湯表示,IAG收入增長,SCG則持平。",
                                  "SenseTime said IAG revenue grew and SCG held steady."])
def test_its_acronyms_still_link_in_its_own_text(linker, text):
    assert {e for m in linker.find(text) for e in m.entities} >= {"iag", "scg"}
