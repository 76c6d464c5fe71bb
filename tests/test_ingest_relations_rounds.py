"""Who backs whose funding round (zh): the backers listed after 投资方包括, before 领投 / 跟投 /
参与投资, or between 获得 and 投资, in a sentence that names the round's company before its
完成...融资, or in the sentence after it that speaks of that round (本轮融资由...领投). A backer of
the round is never the target of a co-backer."""

from __future__ import annotations

import pytest

from kg.inputs.corpus import load_inputs
from kg.inputs.project import Project
from tests.rules import project_with, proposals
from tests.rules import triples as _triples
from tests.test_ingest_relations import PEERS


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return load_inputs(Project.open(project_with(tmp_path_factory.mktemp("rounds"), PEERS)))


@pytest.mark.parametrize("text", [
    "雲從科技近日完成新一輪融資,投資方包括騰訊、小米等,老股東豐田繼續跟投。",
    "云从科技近日完成新一轮融资,投资方包括腾讯、小米等,老股东丰田继续跟投。",
    "雲從科技宣布完成C輪融資,騰訊、小米等多家機構參與投資,豐田亦有跟投。",
])
def test_the_backers_listed_in_a_rounds_sentence_invest_in_its_company(inputs, text):
    got = _triples(inputs, text)
    assert {("tencent", "investsIn", "cloudwalk"), ("xiaomi", "investsIn", "cloudwalk"),
            ("toyota", "investsIn", "cloudwalk")} <= got
    assert not {t for t in got if t[1] == "investsIn" and t[2] != "cloudwalk"}


def test_a_round_spoken_of_in_the_next_sentence_is_the_named_companys(inputs):
    text = "出門問問日前完成新一輪融資。本輪融資由騰訊領投,豐田跟投。"
    got = {(p.subject, p.relation, p.object): p.quote for p in proposals(inputs, text)}
    assert got.get(("toyota", "investsIn", "mobvoi")) == "出門問問日前完成新一輪融資。本輪融資由騰訊領投,豐田跟投"
    assert ("tencent", "investsIn", "mobvoi") in got
    assert ("toyota", "investsIn", "tencent") not in got  # a co-backer, not the round's company


@pytest.mark.parametrize("text", [
    # no round's company named: the backers back no one the text names
    "本輪融資由騰訊領投,豐田跟投。",
    # the round is another sentence's, two sentences before
    "出門問問日前完成新一輪融資。公司將擴大研發。本輪融資由騰訊領投。",
    # supposed, denied
    "雲從科技近日完成新一輪融資,傳聞騰訊可能參與投資。",
    "雲從科技近日完成新一輪融資,騰訊並未參與投資。",
])
def test_no_backer_without_its_rounds_company_or_with_a_hedge(inputs, text):
    got = _triples(inputs, text)
    assert not {t for t in got if t[1] == "investsIn" and t[0] == "tencent"}


def test_a_round_after_a_short_name_in_quotes_is_that_companys(inputs):
    # the bracket and the quote closing its short name stand between it and its round
    text = "北京雲從智能科技有限公司(以下簡稱“雲從科技”)已完成新一輪融資,投資方包括騰訊、小米等。"
    got = _triples(inputs, text)
    assert {("tencent", "investsIn", "cloudwalk"), ("xiaomi", "investsIn", "cloudwalk")} <= got
