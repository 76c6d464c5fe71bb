"""Generic names of SenseTime's stay in its text and out of others' (issue 13, dev7): a cause a
company states (員工福利開支減少) is that company's, and a clause's own words before 公司 or 集團
(他則強調公司, 到今年末集團) name no other company. Real-style sentences in both Chinese scripts."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def linker():
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project
    from tests.conftest import ROOT

    return Linker.from_facts(load_inputs(Project.open(ROOT)).facts)


# SenseTime named twice first: the text is about it, so only the clause can keep a word out
ABOUT = "商湯公布中期業績，商湯股價上升。"


def _linked(linker, text: str, entity: str) -> list[str]:
    return [m.text for m in linker.find(text) if entity in m.entities]


@pytest.mark.parametrize("text", [
    "美團公布第二季業績。行政開支因員工福利開支減少，同比下降9%至26億元。",
    "网易公布第三季度财报,一般及行政开支因员工福利开支减少同比下降6%。",
    "快手科技表示，管理費用因員工福利開支減少而下降，研發費用則有所增加。",
])
def test_another_companys_cause_is_not_senseTimes_factor(linker, text):
    assert _linked(linker, text, "employee-benefit-spending-reduction") == []


@pytest.mark.parametrize("text", [
    "商湯表示，由於員工福利開支減少，行政開支減少5%。",
    "商汤发布中期业绩,由于员工福利开支减少,行政开支有所下降。",
])
def test_senseTimes_own_cause_still_links(linker, text):
    assert len(_linked(linker, text, "employee-benefit-spending-reduction")) == 1


def test_a_factor_a_figure_is_driven_by_belongs_to_the_figures_company(linker):
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import owner_statements
    from kg.inputs.project import Project
    from tests.conftest import ROOT

    facts = load_inputs(Project.open(ROOT)).facts
    drivers = [st for st in owner_statements(facts) if st.relation == "changeDrivenBy"]
    assert [(st.subject, st.object) for st in drivers] == \
        [("sensetime", "employee-benefit-spending-reduction")]
    assert linker.company["employee-benefit-spending-reduction"] == "sensetime"


@pytest.mark.parametrize("text", [
    "被問及分拆進度時，他則強調公司會注重和集團本身業務的協同。",
    "徐立表示,他则强调公司不会急于分拆,而是注重与集团核心业务的协同。",
    "徐立預期，到明年初集團僱員人數將再減少約500人。",
    "徐立预计,到今年底集团员工总数约为2000人。",
])
def test_the_group_after_a_clauses_own_words_is_the_texts_company(linker, text):
    assert _linked(linker, ABOUT + text, "sensetime")[-1] in {"集團", "集团"}


@pytest.mark.parametrize("text", [
    "另一方面，好未來集團表示將擴大投資。",
    "与此同时,新希望集团宣布进军机器人领域。",
    "与此同时,收购腾讯集团旗下业务的传闻不断。",
])
def test_another_named_group_still_keeps_its_group(linker, text):
    assert {"集團", "集团"}.isdisjoint(_linked(linker, ABOUT + text, "sensetime"))


@pytest.mark.parametrize("text,organisations", [
    ("他則強調公司會注重協同", []),
    ("到今年末集團僱員人數或減少", []),
    ("指相關公司的業務概念受捧", []),
    ("投資云從科技和騰訊集團", ["云從科技", "騰訊集團"]),
    ("好未來集團與新希望集團", ["好未來集團", "新希望集團"]),
    ("與字節跳動公司合作", ["字節跳動公司"]),
])
def test_organisations_by_suffix_leave_out_a_clauses_own_words(text, organisations):
    from kg.inputs.mentions import find_organisations

    assert [text[a:b] for a, b in find_organisations(text)] == organisations
