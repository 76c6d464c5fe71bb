"""People proposed from their cues: a title before the name (its end decided by what follows),
a list after a title, a middle-dotted transliteration, a reporter's byline, an academic title
after the name; in English a pinyin name with an apostrophe, an appositive office, and a
surname written alone that is never a company."""

from __future__ import annotations


def _proposed(project, name: str, text: str) -> dict[str, str]:
    from kg.ingest.intake import ingest

    path = project / name
    path.write_text(text, encoding="utf-8")
    return {c.name: c.cls for c in ingest(project, path).candidates if not c.alias_of}


def test_people_after_titles_end_where_their_cue_says(project_copy):
    got = _proposed(project_copy, "a.txt", "參會高管包括董事長兼首席執行官馬化騰、總裁劉熾平、"
                    "首席戰略官詹姆斯·米切爾以及首席財務官羅碩瀚。時任阿里雲技術總監林晨曦成立了依圖科技。")
    for name in ("馬化騰", "劉熾平", "詹姆斯·米切爾", "羅碩瀚", "林晨曦"):
        assert got.get(name) == "Person", (name, got)
    assert not [n for n in got if n.startswith("詹姆斯·米切爾") and n != "詹姆斯·米切爾"]


def test_a_byline_a_list_and_an_academic_title_name_people(project_copy):
    got = _proposed(project_copy, "b.txt", "21世纪经济报道记者 陶力 实习生林欣宜杭州报道\n"
                    "商汤的创始团队包括汤晓鸥教授;创始人汤晓鸥、王晓刚、朱珑出席。")
    for name in ("陶力", "林欣宜", "汤晓鸥", "王晓刚", "朱珑"):
        assert got.get(name) == "Person", (name, got)


def test_english_people_and_their_surnames_alone(project_copy):
    got = _proposed(project_copy, "c.txt",
                    "Megvii co-founder Tang Xiao'ou became rich. The impact on Megvii would be "
                    "lessened, Yin Qi, cofounder and CEO of Megvii, told a briefing. Yin said the "
                    "firm would grow. Tang agreed. The ceremony was attended by Paul Chan, the "
                    "financial secretary of Hong Kong.")
    assert got.get("Tang Xiao'ou") == "Person" and got.get("Yin Qi") == "Person"
    assert got.get("Paul Chan") == "Person"
    assert "Yin" not in got and "Tang" not in got and "Tang Xiao" not in got
