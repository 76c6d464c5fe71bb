"""The clause-level trigger extractor (issue 13, §1): a trigger word between or right after two
adjacent names of one clause states a relation, its direction from word order and voice, when
the clause neither denies nor supposes it and the ends' classes fit; beside the templates, less
sure than they are. Real-style sentences that no template reads, in zh-Hant, zh-Hans and en."""

from __future__ import annotations

import pytest

from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import project_with, proposals
from tests.rules import triples as _triples
from tests.test_ingest_relations import PEERS


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("triggers"), PEERS)))


@pytest.mark.parametrize("text, triple", [
    ("Tencent has quietly invested in Megvii.", ("tencent", "investsIn", "megvii")),
    ("Megvii was quietly acquired by Tencent last year.", ("tencent", "acquires", "megvii")),
    ("Xiaomi uses Nvidia for training its models.", ("nvidia", "supplies", "xiaomi")),
    ("Xiaomi and Toyota teamed up on electric cars.", ("xiaomi", "partnersWith", "toyota")),
    ("小米選用了英偉達。", ("nvidia", "supplies", "xiaomi")),
    ("小米选用了英伟达。", ("nvidia", "supplies", "xiaomi")),
    ("騰訊與小米去年正式簽約。", ("tencent", "partnersWith", "xiaomi")),
    ("腾讯与小米去年正式签约。", ("tencent", "partnersWith", "xiaomi")),
    ("騰訊與小米在華南搶佔市場。", ("tencent", "competesWith", "xiaomi")),
    # a company challenging another is its rival
    ("小米正在挑戰騰訊在雲市場的地位。", ("xiaomi", "competesWith", "tencent")),
    ("小米正在挑战腾讯在云市场的地位。", ("xiaomi", "competesWith", "tencent")),
    ("Xiaomi challenges Tencent in the cloud market.", ("xiaomi", "competesWith", "tencent")),
])
def test_a_trigger_states_the_relation(inputs, text, triple):
    found = [p for p in proposals(inputs, text) if (p.subject, p.relation, p.object) == triple]
    assert found, text
    assert found[0].rule.startswith(f"rules:trigger-{triple[1]}:")
    assert found[0].confidence < 0.7  # less sure than a template
    assert found[0].quote == text.rstrip("。.") or found[0].quote == text


@pytest.mark.parametrize("text", [
    "Tencent has not quietly invested in Megvii.",  # negation
    "騰訊與小米沒有在華南搶佔市場。",
    "Xiaomi denied that it uses Nvidia for training.",
    "If Xiaomi uses Nvidia for training, costs will rise.",  # hypothesis
    "如果騰訊與小米去年正式簽約，股價將上漲。",
    "若腾讯与小米去年正式签约，股价将上涨。",
    "小米並未挑戰騰訊的地位。",
    # a challenge one faces is no rival's, and a ruling challenged is no company
    "小米面臨監管挑戰，騰訊則表現穩定。",
    "Xiaomi challenged the ruling, Tencent said.",
])
def test_a_denied_or_supposed_clause_states_nothing(inputs, text):
    assert not _triples(inputs, text)


def test_a_third_name_between_takes_the_trigger(inputs):
    # 曠視 stands between 小米 and the trigger: the choice is 曠視's, not 小米's
    got = _triples(inputs, "小米、曠視選用了英偉達。")
    assert ("nvidia", "supplies", "xiaomi") not in got


@pytest.mark.parametrize("text", [
    "Tencent has quietly invested in Xiaomi's unit Megvii.",
    "Tencent has quietly bought Xiaomi phones.",  # a thing of Xiaomi's, not Xiaomi
    "騰訊悄然選用了小米手機。",
])
def test_a_name_that_describes_the_object_is_not_the_object(inputs, text):
    assert not {t for t in _triples(inputs, text) if t[1] in ("investsIn", "acquires", "supplies")}


def test_ends_of_the_wrong_class_are_not_related(inputs):
    # TicWatch is a product: it competes with no company (competesWith joins organisations)
    assert not _triples(inputs, "TicWatch與小米在手錶市場搶佔份額。")
    assert not _triples(inputs, "Xiaomi and TicWatch teamed up on watches.")


def test_two_clauses_are_not_one(inputs):
    assert not _triples(inputs, "騰訊增長強勁，小米選用了新方案。")


@pytest.mark.parametrize("text", [
    "如果騰訊收購曠視，市場將震動。",
    "如果腾讯收购旷视，市场将震动。",
    "If Tencent invested in Megvii, shares would rise.",
])
def test_a_template_reads_no_supposition(inputs, text):
    # the templates' own cue would read these: a supposition states nothing, and "If
    # Tencent" is no company's name
    assert not _triples(inputs, text)


def test_a_supposition_in_another_clause_leaves_the_fact(inputs):
    assert ("tencent", "investsIn", "megvii") in \
        _triples(inputs, "Tencent invested in Megvii, if reports are right.")


def test_if_one_adds_is_no_supposition(inputs):
    got = _triples(inputs, "如果再加上此前小米投資的騰訊，小米已投資近30家企業。")
    assert ("xiaomi", "investsIn", "tencent") in got
