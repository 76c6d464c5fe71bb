"""Organisations that are no companies (kgo:Organization): universities, regulators, exchanges,
ministries, research institutes and firms, associations. The gazetteer proposes its rows of
that class, cue words (大學, 交易所, 協會, 市政府, University, Ministry of) propose unseen ones, a
company's lab stays its Department, and a fact file or an accepted proposal of the class
builds, conforms to the shapes and answers queries."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from tests.test_ingest_known import _ingest, _proposed

KGO = "https://w3id.org/kg/ontology#"
BASE = "https://w3id.org/kg/resource/"


# --------------------------------------------------------------------------- the gazetteer

def test_the_gazetteer_proposes_its_organisations_with_their_labels(project_copy):
    text = ("讯飞医疗是2024年唯一一家获得中国证监会备案的A股分拆至香港的上市企业,最快将于8月向港交所"
            "提交上市申请。唐臻怡先后在财政部、世界银行、中信集团等任职。\n")
    result = _ingest(project_copy, "regulators.txt", text)
    classes = _proposed(result)
    for name in ("中国证监会", "港交所", "财政部", "世界银行"):
        assert classes.get(name) == "Organization", name
    drafted = {e["name"]: e for e in result.draft["entities"]}
    assert drafted["中国证监会"]["id"] == "csrc"
    assert drafted["中国证监会"]["label"]["en"] == "China Securities Regulatory Commission"
    assert drafted["港交所"]["label"] == {"zh-Hant": "港交所", "zh-Hans": "港交所", "en": "HKEX"}


def test_research_firms_are_organizations_and_a_named_institute_no_department(project_copy):
    text = ("據胡潤研究院發布的《全球獨角獸榜》顯示,商湯位列前十。市場調研機構Canalys數據顯示,"
            "出貨量增長。作為對照,QuestMobile 數據顯示,豆包月活居首。\n")
    classes = _proposed(_ingest(project_copy, "firms.txt", text))
    assert {n: classes.get(n) for n in ("胡潤研究院", "Canalys", "QuestMobile")} == \
        dict.fromkeys(("胡潤研究院", "Canalys", "QuestMobile"), "Organization")


# ------------------------------------------------------------------------------- by the cue

def test_a_university_an_exchange_or_an_association_is_named_by_its_head(project_copy):
    text = ("她畢業於合肥工業大學,後在美國哥倫比亞大學讀博士。公司已向廣州期貨交易所提交材料,"
            "中國汽車工業協會數據顯示銷量回升。他曾就讀於一所知名大學,大學生們表示支持,"
            "學院派的觀點則不同。\n")
    classes = _proposed(_ingest(project_copy, "heads.txt", text))
    for name in ("合肥工業大學", "美國哥倫比亞大學", "廣州期貨交易所", "中國汽車工業協會"):
        assert classes.get(name) == "Organization", name
    # kinds and words of the language are no names, and no name is a piece of another
    assert not [n for n in classes if n in ("知名大學", "一所知名大學", "大學生", "學院派",
                                             "哥倫比亞大學", "工業大學")]


def test_a_public_body_is_one_only_with_a_place_or_the_state_before_its_head(project_copy):
    text = ("9月27日,上海市政府與雲啟智能在滬簽署戰略合作框架協議。據市商務局局長張靜介紹,"
            "美國國防部已將多家企業列入清單。公司銷售部負責人表示,市場格局已變,全部業務的局面"
            "改善,美國當局表示關注,總部位於東部地區。\n")
    classes = _proposed(_ingest(project_copy, "public.txt", text))
    for name in ("上海市政府", "市商務局", "美國國防部"):
        assert classes.get(name) == "Organization", name
    assert [n for n, c in classes.items() if c == "Organization"] == \
        ["上海市政府", "市商務局", "美國國防部"]


def test_a_company_lab_is_its_department_a_public_institute_an_organization(project_copy):
    text = ("科大訊飛AI研究院與深圳市人工智能研究院簽署合作協議。商湯的創始團隊誕生於香港中文大學"
            "多媒體實驗室,包括湯曉鷗教授及實驗室的核心成員。\n")
    classes = _proposed(_ingest(project_copy, "labs.txt", text))
    assert classes.get("科大訊飛AI研究院") == "Department"
    assert classes.get("深圳市人工智能研究院") == "Organization"
    assert classes.get("香港中文大學多媒體實驗室") == "Department"
    assert classes.get("香港中文大學") == "Organization"  # the lab's university, named in it
    assert "人工智能研究院" not in classes


def test_an_institution_is_not_joined_to_the_name_before_it(project_copy):
    """與 / 和 inside an institute's name (腦科學與智能技術) joins it; before a well-known
    institution it joins two names, or a person's words to one."""
    text = ("近日,科大訊飛與麻省理工學院簽訂戰略合作協議,雙方將成立聯合指導委員會。麻省理工學院"
            "的代表將由Victor Zue教授和現任麻省理工學院院長擔任。\n")
    classes = _proposed(_ingest(project_copy, "joined.txt", text))
    assert classes.get("麻省理工學院") == "Organization"
    assert not [n for n in classes if "與" in n or "和" in n]


def test_english_institutions_are_named_with_what_of_names(project_copy):
    text = ("Yang Zhilin studied at Tsinghua University and the Massachusetts Institute of "
            "Technology. The Shanghai University of Finance and Economics hired him, and the "
            "Ministry of Commerce said on Monday it would act, Xinhua News Agency reported.\n")
    classes = _proposed(_ingest(project_copy, "institutions-en.txt", text))
    for name in ("Tsinghua University", "Massachusetts Institute of Technology",
                 "Shanghai University of Finance and Economics", "Ministry of Commerce"):
        assert classes.get(name) == "Organization", name
    assert classes.get("Xinhua News Agency") == "MediaOutlet"
    assert not {"Massachusetts Institute", "Technology", "Tsinghua"} & set(classes)


# ------------------------------------------------------------------- facts, build, review

_SOURCE = "商湯與清華大學達成戰略合作,雙方將共建聯合實驗室。清華大學校長王明出席簽約。\n"


def test_a_fact_file_with_an_organization_builds_conforms_and_answers(project_copy):
    from kg.api import KG

    sources, facts = project_copy / "data" / "sources", project_copy / "data" / "facts"
    (sources / "tsinghua-deal.txt").write_text(_SOURCE, encoding="utf-8")
    (sources / "tsinghua-deal.yaml").write_text(yaml.safe_dump(
        {"id": "tsinghua-deal", "file": "tsinghua-deal.txt", "title": "商湯與清華", "language":
         "zh-Hant", "publisher": "light-cone"}, allow_unicode=True), encoding="utf-8")
    (facts / "tsinghua-deal.yaml").write_text(yaml.safe_dump({
        "source": "tsinghua-deal",
        "entities": [
            {"id": "tsinghua", "class": "Organization",
             "label": {"zh-Hant": "清華大學", "zh-Hans": "清华大学", "en": "Tsinghua University"}},
            {"id": "tsinghua-president", "class": "Post",
             "label": {"zh-Hant": "清華大學校長", "zh-Hans": "清华大学校长",
                       "en": "President of Tsinghua University"}}],
        "statements": [
            {"id": "sensetime-partners-with-tsinghua", "subject": "sensetime",
             "relation": "partnersWith", "object": "tsinghua", "quote": "商湯與清華大學達成戰略合作"},
            {"id": "tsinghua-president-post-in", "subject": "tsinghua-president",
             "relation": "postIn", "object": "tsinghua", "quote": "清華大學校長"}]},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = KG(project_copy)
    report = project.validate()
    assert report.conforms, report
    rows = {tuple(str(v) for v in row) for row in project.query(f"""
        SELECT ?partner ?label WHERE {{
            ?partner a <{KGO}Organization> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
            <{BASE}entity/sensetime> <{KGO}partnersWith> ?partner .
            <{BASE}entity/tsinghua-president> <{KGO}postIn> ?partner
            FILTER(lang(?label) = "en") }}""")}
    assert rows == {(f"{BASE}entity/tsinghua", "Tsinghua University")}
    # an institution is an organisation and an agent, as reasoning and the shapes read it
    assert project.query(f"""ASK {{ <{KGO}Organization> <http://www.w3.org/2000/01/rdf-schema#subClassOf>+
        <http://www.w3.org/ns/org#Organization> }}""").askAnswer


def test_kg_accept_takes_an_organization_proposal_into_the_facts(project_copy):
    from kg.api import KG
    from kg.cli import cli

    result = _ingest(project_copy, "tsinghua-deal.txt", _SOURCE)
    sid = result.source.id
    proposal = next(e for e in result.draft["entities"] if e["name"] == "清華大學")
    assert proposal["class"] == "Organization" and proposal["id"] == "tsinghua"
    done = CliRunner().invoke(cli, ["accept", sid, "tsinghua", "-p", str(project_copy)],
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    written = yaml.safe_load((project_copy / "data" / "facts" / f"{sid}.yaml").read_text("utf-8"))
    assert written["entities"] == [{"id": "tsinghua", "class": "Organization", "label": {
        "zh-Hant": "清華大學", "zh-Hans": "清华大学", "en": "Tsinghua University"}}]
    assert KG(project_copy).query(f"ASK {{ <{BASE}entity/tsinghua> a <{KGO}Organization> }}").askAnswer
