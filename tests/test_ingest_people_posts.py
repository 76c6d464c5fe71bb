"""Posts named the ways news writes them: people listed after a title, titles joined by
", and", a company named by a described anaphor, joining a company to take a title, a title
taken at a company, a title glossed in brackets."""

from __future__ import annotations

import pytest

from tests.rules import triples as _triples
from tests.test_ingest_relations import inputs as inputs  # noqa: F401  (fixtures)
from tests.test_ingest_relations import project as project  # noqa: F401


def _holds(person: str, post: str) -> set[tuple[str, str, str]]:
    return {(person, "holdsPost", f"tencent-{post}"), (f"tencent-{post}", "postIn", "tencent")}


@pytest.mark.parametrize("text,expected", [
    # the people listed after the title each hold it
    ("騰訊的兩名聯合創始人楊帆和徐立出席了會議。",
     _holds("yang-fan", "co-founder") | _holds("xu-li", "co-founder")),
    # titles joined with a comma before the last "and"
    ("Yang Fan, founder, chairman, and CEO of Tencent, said demand was strong.",
     _holds("yang-fan", "ceo") | _holds("yang-fan", "chairman") | _holds("yang-fan", "founder")),
    # the company named again by a described anaphor
    ("Demand for Tencent stayed strong, Yang Fan, cofounder and CEO of the Shenzhen-based "
     "internet firm, told a briefing.", _holds("yang-fan", "ceo")),
    # joining the company to take a title; a title taken at the company
    ("楊帆將加盟騰訊,出任副總裁。", _holds("yang-fan", "vice-president")),
    ("杨帆在腾讯担任首席执行官。", _holds("yang-fan", "ceo")),
    # a former title glossed in brackets before the person
    ("騰訊前首席執行官(CEO)楊帆將出席。", _holds("yang-fan", "ceo")),
])
def test_people_and_their_posts(inputs, text, expected):  # noqa: F811
    assert expected <= _triples(inputs, text)



def _mobvoi_post(person: str, org: str, post: str) -> set[tuple[str, str, str]]:
    return {(person, "holdsPost", f"{org}-{post}"), (f"{org}-{post}", "postIn", org)}


def test_a_post_in_a_unit_is_its_companys_and_the_unit_a_unit_of_it(inputs):  # noqa: F811
    got = _triples(inputs, "出門問問硬件部副總裁楊帆表示,手錶銷量增長。")
    assert _mobvoi_post("yang-fan", "mobvoi", "vice-president") | \
        {("mobvoi", "hasUnit", "mobvoi-devices")} <= got
    assert not {t for t in got if t[2] == "mobvoi-devices-vice-president"}  # not the unit's


def test_a_post_heading_a_unit_is_the_units_too(inputs):  # noqa: F811
    got = _triples(inputs, "出門問問的硬件部總經理楊帆表示,手錶銷量增長。")
    assert _mobvoi_post("yang-fan", "mobvoi", "general-manager") | \
        _mobvoi_post("yang-fan", "mobvoi-devices", "general-manager") <= got
