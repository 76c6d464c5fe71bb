"""Posts named between a company and a person the way news writes them: a unit whose name
joins two words (裝置與服務), a space before the person, a legal form after the company."""

from __future__ import annotations

import pytest

from tests.rules import triples as _triples
from tests.test_ingest_relations import inputs as inputs  # noqa: F401  (fixtures)
from tests.test_ingest_relations import project as project  # noqa: F401

VP = {("yang-fan", "holdsPost", "tencent-vice-president"),
      ("tencent-vice-president", "postIn", "tencent")}
CEO = {("yang-fan", "holdsPost", "tencent-ceo"), ("tencent-ceo", "postIn", "tencent")}


@pytest.mark.parametrize("text,expected", [
    # a unit whose name joins two words between the company and the title
    ("騰訊裝置與服務資深副總裁楊帆說,需求強勁。", VP),
    ("腾讯装置与服务资深副总裁杨帆说,需求强劲。", VP),
    # a space between the title and the person
    ("騰訊硬體產品管理副總裁 楊帆出席記者會。", VP),
    ("腾讯硬件产品管理副总裁 杨帆出席记者会。", VP),
    # a legal form after the company's name
    ("Tencent Holdings chief executive Yang Fan said demand was strong.", CEO),
])
def test_post_between_company_and_person(inputs, text, expected):  # noqa: F811
    assert expected <= _triples(inputs, text)


@pytest.mark.parametrize("text", [
    # 和 right after the company joins two companies, not two words of a unit
    "騰訊和曠視首席執行官楊帆出席記者會。",
    "腾讯和旷视首席执行官杨帆出席记者会。",
])
def test_a_conjunction_after_the_company_is_no_unit(inputs, text):  # noqa: F811
    got = _triples(inputs, text)
    assert ("yang-fan", "holdsPost", "tencent-ceo") not in got
    assert ("yang-fan", "holdsPost", "megvii-ceo") in got
