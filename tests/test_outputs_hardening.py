"""Outputs that must not be turned against their readers or broken by big numbers (issue 18
items 8, 9): CSV for spreadsheets defuses formulas; a 400-digit figure goes through build,
query, report, the view and the server exactly, and never crashes a writer or a page."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli

#: 400 digits: as a float this is inf (a float ends at about 1.8e308)
BIG = "1" + "2" * 398 + "3.5"
#: more digits than a float or Decimal's default context (28) keep
PRECISE = "7.340000000000000000000000000000001"
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)",
            "\tx", "\rx"]


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def big_project(project_copy):
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    for old, new in (("    value: 172\n", f"    value: {BIG}\n"),
                     ("    value: 7.34\n", f"    value: {PRECISE}\n")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    facts.write_text(text, encoding="utf-8")
    return project_copy


def test_a_400_digit_figure_builds_and_reads_back_exactly(big_project):
    root = str(big_project)
    built = _run("build", "-p", root)
    assert built.exit_code == 0, built.output
    answer = _run("query", "SELECT ?f ?v WHERE { ?f kgo:value ?v } ORDER BY ?f", "-f", "json",
                  "-p", root)
    assert answer.exit_code == 0, answer.output
    values = {b["f"]["value"].rsplit("/", 1)[-1]: b["v"]["value"]
              for b in json.loads(answer.stdout)["results"]["bindings"]}
    assert values["operating-loss-2021"] == BIG
    assert values["administrative-expenses-current"] == PRECISE
    table = _run("query", "losses", "-p", root)
    assert table.exit_code == 0 and BIG in table.output
    exports = big_project / "exports"
    assert f'kgo:value "{BIG}"^^xsd:decimal' in \
        (exports / "sensetime.ttl").read_text(encoding="utf-8")
    report = (exports / "report.html").read_text(encoding="utf-8")
    assert BIG in report and PRECISE in report
    assert BIG in (exports / "graph.html").read_text(encoding="utf-8")
    # the chart of losses draws the others; the big one is shown as written, in the tiles
    for args in (["report", "--format", "svg", "--chart", "losses"],
                 ["report", "--format", "svg", "--chart", "figures"],
                 ["report", "--format", "png", "--chart", "losses"]):
        drawn = _run(*args, "-o", str(big_project / "chart.out"), "-p", root)
        assert drawn.exit_code == 0, (args, drawn.output)
        assert (big_project / "chart.out").stat().st_size > 1000
    svg = _run("report", "--format", "svg", "--chart", "figures", "-o", "-", "-p", root).stdout
    assert BIG in svg and not re.search(r'="(?:-)?(?:inf|nan)', svg)
    for args in (["validate"], ["check"], ["stats"], ["coverage"],
                 ["export", "-f", "ntriples", "-o", str(big_project / "all.nt")]):
        result = _run(*args, "-p", root)
        assert result.exit_code == 0, (args, result.output)


def test_a_400_digit_figure_on_the_served_pages(big_project):
    from starlette.testclient import TestClient

    from kg.serve.app import ServeOptions, create_app

    assert _run("build", "-p", str(big_project)).exit_code == 0
    with TestClient(create_app(big_project, ServeOptions(workers=1))) as client:
        page = client.get("/entity/sensetime", headers={"Accept": "text/html"})
        assert page.status_code == 200 and BIG in page.text
        assert client.get("/graph").status_code == 200
        answer = client.get("/sparql", params={"query": "SELECT ?v WHERE { "
                                               "kgf:operating-loss-2021 kgo:value ?v }"},
                            headers={"Accept": "text/csv"})
        assert answer.status_code == 200 and answer.text.split("\r\n")[1] == BIG


@pytest.fixture
def formula_project(project_copy):
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    old = "en: Alibaba Cloud}"
    assert old in text
    facts.write_text(text.replace(old, f"en: {json.dumps(FORMULAS[0])}}}", 1)
                     .replace("en: Xu Li}", f"en: {json.dumps(FORMULAS[3])}}}", 1),
                     encoding="utf-8")
    return project_copy


def test_csv_defuses_formulas_and_tsv_keeps_them(formula_project):
    root = str(formula_project)
    query = ("SELECT ?l WHERE { VALUES ?e { kge:alibaba-cloud kge:xu-li } ?e rdfs:label ?l "
             "FILTER(lang(?l) = 'en') } ORDER BY ?l")
    as_csv = _run("query", query, "-f", "csv", "-p", root)
    assert as_csv.exit_code == 0, as_csv.output
    cells = [row[0] for row in csv.reader(io.StringIO(as_csv.stdout))]
    assert cells == ["l", "'" + FORMULAS[0], "'" + FORMULAS[3]]
    as_tsv = _run("query", query, "-f", "tsv", "-p", root)
    lines = as_tsv.stdout.splitlines()  # N-Triples terms, the value exact
    assert lines[1:] == ['"=HYPERLINK(\\"http://evil.example\\",\\"click\\")"@en',
                         '"@SUM(A1)"@en']
    as_json = _run("query", query, "-f", "json", "-p", root)
    assert [b["l"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]] == \
        [FORMULAS[0], FORMULAS[3]]


def test_defuse_formulas_covers_every_dangerous_start():
    from rdflib import Literal, URIRef

    from kg.rdfio.results import as_result, defuse_formulas, write_select

    values = FORMULAS + ["12.5", "plain", " =lead space", "'quoted"]
    rows = [(Literal(v),) for v in values] + [(URIRef("http://example.org/=x"),), (None,)]
    text = write_select(defuse_formulas(as_result(["v"], rows)), "csv").decode()
    cells = [row[0] if row else "" for row in csv.reader(io.StringIO(text))][1:]
    assert cells == ["'" + v for v in FORMULAS] + ["12.5", "plain", " =lead space",
                                                   "'quoted", "http://example.org/=x", ""]
    # the protocol's CSV (the server) keeps the values
    exact = write_select(as_result(["v"], rows), "csv").decode()
    assert [row[0] for row in csv.reader(io.StringIO(exact)) if row][1:3] == FORMULAS[:2]


@pytest.mark.parametrize("written", ["1.5e400", "1e309", "-2E+999"])
def test_an_exponent_is_refused_by_name_never_inf(project_copy, written):
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("    value: 172\n", f"    value: {written}\n", 1),
                     encoding="utf-8")
    result = _run("build", "-p", str(project_copy))
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "data/facts/sensetime.yaml:" in line
    assert f"[operating-loss-2021]: 'value' must be a number, got '{written}'" in line
    assert "inf" not in line.lower().replace(written.lower(), "")
