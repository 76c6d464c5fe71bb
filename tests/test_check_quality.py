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
