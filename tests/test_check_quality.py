"""kg check: data-quality warnings from real fact files, through the API and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.api import KG
from kg.check.quality import check
from kg.cli import cli

# A second fact file next to the seed's: two entities whose names differ only by script
# (鳳凰資本 written Traditional in one, 凤凰资本 Simplified in the other), a revenue series stated
# in two currencies, and a figure without a period. Quotes are copied from the seed's source.
EXTRA = """\
source: sensetime-layoffs-2024
entities:
  - id: phoenix-capital
    class: Company
    label: {zh-Hant: 鳳凰資本, zh-Hans: 凤凰资本集团, en: Phoenix Capital}
  - id: phoenix-fund
    class: Company
    label: {zh-Hant: 鳳凰資本基金, zh-Hans: 凤凰资本, en: Phoenix Fund}
figures:
  - id: phoenix-revenue-2022
    subject: phoenix-capital
    metric: revenue
    value: 5
    multiplier: 億
    unit: 元
    period: "2022"
    quote: 2018-2023年,商湯的業績一直處於虧損狀態
  - id: phoenix-revenue-2023
    subject: phoenix-capital
    metric: revenue
    value: 6
    multiplier: 億
    unit: 美元
    period: "2023"
    quote: 2018-2023年,商湯的業績一直處於虧損狀態
  - id: phoenix-staff
    subject: phoenix-fund
    metric: headcount
    value: 40
    unit: 人
    quote: 2018-2023年,商湯的業績一直處於虧損狀態
"""


@pytest.fixture
def project(project_copy):
    (project_copy / "data" / "facts" / "extra.yaml").write_text(EXTRA, encoding="utf-8")
    return project_copy


def by_kind(warnings, kind: str) -> dict[str, object]:
    return {w.message: w for w in warnings if w.kind == kind}


def test_names_that_differ_only_by_script_are_duplicates(project):
    warnings = check(project)
    duplicates = by_kind(warnings, "duplicate-entity")
    assert list(duplicates) == ["phoenix-capital, phoenix-fund share the label '凤凰资本' after "
                                "script folding; merge them or tell them apart"]
    (warning,) = duplicates.values()
    assert [(e.path, e.item) for e in warning.evidence] == [
        ("data/facts/extra.yaml", "phoenix-capital"), ("data/facts/extra.yaml", "phoenix-fund")]


def test_mixed_units_and_figures_without_period(project):
    warnings = check(project)
    mixed = by_kind(warnings, "mixed-units")
    phoenix = next(w for m, w in mixed.items() if m.startswith("revenue of phoenix-capital"))
    assert "元 and 美元: 2022 元, 2023 美元" in phoenix.message
    assert [e.item for e in phoenix.evidence] == ["phoenix-revenue-2022", "phoenix-revenue-2023"]
    assert any(m.startswith("operating-loss of sensetime is stated in 元 and 美元") for m in mixed)
    undated = {e.item for w in by_kind(warnings, "figure-without-period").values()
               for e in w.evidence}
    assert undated == {"phoenix-staff", "iag-headcount", "administrative-expenses-current"}


def test_the_seed_has_no_duplicates_and_warnings_come_in_kind_order(project_copy):
    warnings = KG(project_copy).check()
    kinds = [w.kind for w in warnings]
    assert "duplicate-entity" not in kinds
    order = ("mixed-units", "figure-without-period", "unused-entity", "quote-misses-ends")
    assert kinds == sorted(kinds, key=order.index)
    assert by_kind(warnings, "unused-entity") and by_kind(warnings, "quote-misses-ends")


def test_cli_prints_the_evidence_and_strict_fails(project):
    runner = CliRunner()
    text = runner.invoke(cli, ["check", "-p", str(project)], catch_exceptions=False)
    assert text.exit_code == 0
    assert "warning: duplicate-entity: phoenix-capital, phoenix-fund" in text.output
    assert "  data/facts/extra.yaml:3 [phoenix-capital]" in text.output
    assert text.output.rstrip().endswith(f"{len(check(project))} warning(s)")
    as_json = json.loads(runner.invoke(cli, ["check", "-f", "json", "-p", str(project)]).output)
    duplicate = next(w for w in as_json if w["kind"] == "duplicate-entity")
    assert [e["item"] for e in duplicate["evidence"]] == ["phoenix-capital", "phoenix-fund"]
    strict = runner.invoke(cli, ["check", "--strict", "-p", str(project)])
    assert strict.exit_code == 1 and "data-quality warning(s)" in strict.stderr


# ------------------------------------------------------------------ figures that disagree
# A second article about the fictional CloudLeap (tests/fixtures/cloudleap states its 2023
# revenue as 8.6億元, its 2023 operating loss as 5.2億元 and its H1 2024 revenue as 4.1億元, up
# 12% year on year).
REVIEW = """\
雲躍智能業績回顧
雲躍智能2023年收入爲9.1億元,經營虧損約5億元。
2023年上半年,雲躍智能收入爲4.2億元。
2024年上半年,雲躍智能行政開支同比減少7.7%至7.34億元;2023年上半年行政開支爲7.95億元。
"""
REVIEW_META = """\
id: cloudleap-review
file: cloudleap-review.txt
title: 雲躍智能業績回顧
language: zh-Hant
"""
REVIEW_FACTS = """\
source: cloudleap-review
figures:
  - {id: review-revenue-2023, subject: cloudleap, metric: revenue, value: 9.1, multiplier: 億,
     unit: 元, period: "2023", quote: 雲躍智能2023年收入爲9.1億元}
  - {id: review-operating-loss-2023, subject: cloudleap, metric: operating-loss, value: 5,
     multiplier: 億, unit: 元, qualifier: approximately, period: "2023", quote: 經營虧損約5億元}
  - {id: review-revenue-2023-h1, subject: cloudleap, metric: revenue, value: 4.2, multiplier: 億,
     unit: 元, period: "2023-H1", quote: "2023年上半年,雲躍智能收入爲4.2億元"}
  - {id: review-admin-2024-h1, subject: cloudleap, metric: administrative-expenses, value: 7.34,
     multiplier: 億, unit: 元, period: "2024-H1", quote: 雲躍智能行政開支同比減少7.7%至7.34億元,
     change: {value: 7.7, unit: "%", direction: decrease, basis: year-on-year}}
  - {id: review-admin-2023-h1, subject: cloudleap, metric: administrative-expenses, value: 7.95,
     multiplier: 億, unit: 元, period: "2023-H1", quote: 2023年上半年行政開支爲7.95億元}
"""


@pytest.fixture
def disagreeing(tmp_path):
    from tests.companies import two_companies

    root = two_companies(tmp_path)
    (root / "data" / "sources" / "cloudleap-review.txt").write_text(REVIEW, encoding="utf-8")
    (root / "data" / "sources" / "cloudleap-review.yaml").write_text(REVIEW_META,
                                                                      encoding="utf-8")
    (root / "data" / "facts" / "cloudleap-review.yaml").write_text(REVIEW_FACTS,
                                                                    encoding="utf-8")
    return root


def test_two_sources_stating_different_values_are_flagged(disagreeing):
    (warning,) = [w for w in check(disagreeing) if w.kind == "conflicting-values"]
    assert warning.message == (
        "revenue of cloudleap for 2023: cloudleap-results-2024 states 8.6億元 "
        "(cloudleap-revenue-2023: 「雲躍智能2023年收入爲8.6億元」) but cloudleap-review states "
        "9.1億元 (review-revenue-2023: 「雲躍智能2023年收入爲9.1億元」)")
    assert [(e.path, e.item) for e in warning.evidence] == [
        ("data/facts/cloudleap.yaml", "cloudleap-revenue-2023"),
        ("data/facts/cloudleap-review.yaml", "review-revenue-2023")]
    # 約5億元 (approximately: 4.75-5.25億) and 5.2億元 may be one number: no finding


def test_an_implied_earlier_value_that_contradicts_its_series_is_flagged(disagreeing):
    (warning,) = [w for w in check(disagreeing) if w.kind == "implied-earlier-value"]
    # 4.1億 (4.05-4.15) after +12% (11.5-12.5%) implies 3.600-3.722億 for H1 2023, not 4.2億
    assert warning.message == (
        "cloudleap-revenue-2024-h1 (cloudleap-results-2024) states 4.1億元 after a 12% increase "
        "year on year, "
        "which implies revenue of cloudleap was 3.60億元 to 3.72億元 in 2023-H1, but "
        "review-revenue-2023-h1 (cloudleap-review) states 4.2億元: "
        "「2024年上半年,雲躍智能實現收入4.1億元,同比增長12%」 vs 「2023年上半年,雲躍智能收入爲4.2億元」")
    assert [e.item for e in warning.evidence] == ["cloudleap-revenue-2024-h1",
                                                  "review-revenue-2023-h1"]
    # 7.34億 after a 7.7% decrease implies 7.943-7.962億: 7.95億 agrees, within rounding


def test_an_implied_value_outside_rounding_is_caught_and_inside_is_not(disagreeing):
    facts = disagreeing / "data" / "facts" / "cloudleap-review.yaml"
    text = facts.read_text(encoding="utf-8")
    for stated, flagged in (("7.96", False), ("7.97", True), ("7.94", False), ("7.93", True)):
        source = disagreeing / "data" / "sources" / "cloudleap-review.txt"
        source.write_text(REVIEW.replace("7.95億元。", f"{stated}億元。"), encoding="utf-8")
        facts.write_text(text.replace("7.95", stated), encoding="utf-8")
        found = [w.message for w in check(disagreeing) if w.kind == "implied-earlier-value"
                 and "review-admin-2024-h1" in w.message]
        assert bool(found) == flagged, (stated, found)


def test_the_cli_prints_one_line_per_finding_and_strict_fails(disagreeing):
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "-p", str(disagreeing)], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    conflict = [line for line in lines if line.startswith("warning: conflicting-values: ")]
    implied = [line for line in lines if line.startswith("warning: implied-earlier-value: ")]
    assert len(conflict) == 1 and "8.6億元" in conflict[0] and "9.1億元" in conflict[0]
    assert len(implied) == 1 and "4.2億元" in implied[0]
    assert lines[lines.index(conflict[0]) + 1].startswith("  data/facts/cloudleap.yaml:")
    strict = runner.invoke(cli, ["check", "--strict", "-p", str(disagreeing)])
    assert strict.exit_code == 1


def test_no_disagreement_on_the_seed_or_the_two_company_fixture(project_copy, tmp_path):
    from tests.companies import two_companies

    for root in (project_copy, two_companies(tmp_path / "two")):
        kinds = {w.kind for w in check(root)}
        assert not kinds & {"conflicting-values", "implied-earlier-value"}, root
