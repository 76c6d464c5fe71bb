"""The command line, through click's CliRunner and as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.rdfio.results import display_width
from tests.conftest import ROOT

COMMANDS = ["build", "query", "export", "stats", "path", "report", "ingest", "coverage",
            "serve", "validate", "check", "infer", "push"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    example = next(i for i, line in enumerate(lines) if line.strip() == "Example:")
    assert lines[example + 1].strip().startswith("kg ")
    assert all(line.strip().startswith("kg ") for line in lines[example + 1:])


def test_query_table_aligns_cjk_as_double_width():
    result = invoke("query", "leadership", "-p", str(ROOT))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header, rule, *rows = lines[:-1]
    assert lines[-1] == "(2 rows)"
    quote_column = header.index("quote")
    for row in rows:
        # the quote column starts at the same display width in every row
        start = next(i for i in range(len(row)) if display_width(row[:i]) == quote_column)
        assert row[start:].strip() == "商湯董事會執行主席兼首席執行官徐立"
        assert row[start - 2:start] == "  "
    assert "徐立" in rows[0]


def test_query_json_is_sparql_results_json():
    result = invoke("query", "losses", "--format", "json", "-p", str(ROOT))
    data = json.loads(result.output)
    assert data["head"]["vars"][:2] == ["year", "value"]
    values = [b["value"]["value"] for b in data["results"]["bindings"]]
    assert values == ["34.0", "50.0", "122.0", "172.0", "60.0", "64.0"]
    assert data["results"]["bindings"][4]["unit"]["value"] == "美元"


def test_query_csv_and_tsv():
    csv_out = invoke("query", "losses", "--format", "csv", "-p", str(ROOT)).output
    assert csv_out.splitlines()[0] == "year,value,multiplier,unit,amount,flag"
    assert csv_out.splitlines()[5] == "2022,60.0,億,美元,6000000000.0,currency-inconsistent"
    tsv = invoke("query", "losses", "--format", "tsv", "-p", str(ROOT)).output
    assert tsv.splitlines()[0].split("\t")[:2] == ["?year", "?value"]
    assert '"美元"' in tsv.splitlines()[5]


def test_query_from_file_and_inline_and_construct(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text('SELECT ?l WHERE { kge:xu-li rdfs:label ?l FILTER(lang(?l)="en") }',
                    encoding="utf-8")
    assert "Xu Li" in invoke("query", str(path), "-p", str(ROOT)).output
    inline = invoke("query", 'ASK { kge:sensetime kgo:competesWith ?x }', "-p", str(ROOT))
    assert (inline.exit_code, inline.output) == (0, "true\n")
    construct = invoke("query", "CONSTRUCT { ?s kgo:drives ?o } WHERE { ?s kgo:drives ?o }",
                       "-p", str(ROOT))
    assert construct.exit_code == 0
    from rdflib import Graph

    assert len(Graph().parse(data=construct.output, format="turtle")) == 2


def test_ask_false_exits_1():
    result = invoke("query", "ASK { kge:sensetime kgo:competesWith kge:xu-li }",
                    "-p", str(ROOT))
    assert result.exit_code == 1
    assert result.stdout == "false\n"


def test_syntax_error_names_line_and_column():
    result = invoke("query", "SELECT ?x WHERE {\n  ?x a kgo:Company .\n  FILTER(\n}", "-p",
                    str(ROOT))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert re.search(r"line \d+, column \d+", message), message


def test_unknown_canned_query_and_update_are_usage_errors():
    unknown = invoke("query", "no-such-query", "-p", str(ROOT))
    assert unknown.exit_code == 2 and "kg query --list" in unknown.stderr
    update = invoke("query", "INSERT DATA { <a:b> <a:c> <a:d> }", "-p", str(ROOT))
    assert update.exit_code == 2 and "read-only" in update.stderr


def test_query_list_names_every_canned_query():
    out = invoke("query", "--list", "-p", str(ROOT)).output
    names = {line.split()[0] for line in out.splitlines()}
    assert names == {p.stem for p in (ROOT / "queries").glob("*.rq")}


def test_stats_json(project_copy):
    data = json.loads(invoke("stats", "--format", "json", "-p", str(project_copy)).stdout)
    assert data["figures"] == 21 and data["sources"] == 1


def test_build_and_export_through_a_real_process(project_copy):
    run = subprocess.run([sys.executable, "-m", "kg", "build", "-p", str(project_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "triples" in run.stdout and "Layoff" in run.stdout
    for name in ("sensetime.ttl", "ontology.ttl", "graph.html"):
        assert (project_copy / "exports" / name).stat().st_size > 1000
    out = project_copy / "out.jsonld"
    export = subprocess.run([sys.executable, "-m", "kg", "export", "--format", "jsonld", "-o",
                             str(out), "-p", str(project_copy)], capture_output=True, cwd=ROOT)
    assert export.returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))


def test_query_rebuilds_only_when_inputs_change(project_copy):
    from kg.inputs.project import Project
    from kg.store.memory import load_built

    invoke("build", "-q", "--no-html", "-p", str(project_copy))
    project = Project.open(project_copy)
    assert load_built(project) is not None
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("en: Xu Li", "en: Li Xu"),
                     encoding="utf-8")
    assert load_built(project) is None
    out = invoke("query", 'SELECT ?l WHERE { kge:xu-li rdfs:label ?l FILTER(lang(?l)="en")}',
                 "-p", str(project_copy)).output
    assert "Li Xu" in out
    assert load_built(project) is not None


def test_version():
    assert invoke("--version").output.startswith("kg, version ")


def _export(*args: str):
    return CliRunner().invoke(cli, ["export", "-f", "ntriples", "--project", str(ROOT), *args],
                              catch_exceptions=False)


def _triples(data: bytes) -> int:
    from rdflib import Graph

    return len(Graph().parse(data=data.decode(), format="nt"))


def test_export_to_a_fifo_writes_into_it(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _export("-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()  # not replaced by a regular file
    assert _triples(received[0]) > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


def test_export_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.nt"
    target.write_text("old")
    link = tmp_path / "link.nt"
    link.symlink_to(target)
    result = _export("-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert _triples(target.read_bytes()) > 1000
    dangling = tmp_path / "dangling.nt"
    dangling.symlink_to(tmp_path / "new.nt")
    assert _export("-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink() and _triples((tmp_path / "new.nt").read_bytes()) > 1000


def test_dash_is_standard_output_for_every_o(tmp_path):
    exported = _export("-o", "-")
    assert exported.exit_code == 0 and _triples(exported.stdout_bytes) > 1000
    assert not (ROOT / "-").exists()
    svg = invoke("report", "-f", "svg", "--chart", "losses", "-o", "-", "-p", str(ROOT))
    assert svg.exit_code == 0, svg.output
    assert svg.stdout_bytes.lstrip().startswith(b"<svg") or b"<svg" in svg.stdout_bytes[:300]


def test_export_to_a_link_to_dev_stdout_in_a_real_process(tmp_path):
    link = tmp_path / "out"
    link.symlink_to("/dev/stdout")
    proc = subprocess.run([sys.executable, "-m", "kg", "export", "-f", "ntriples", "-o",
                           str(link), "-p", str(ROOT)], capture_output=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and _triples(proc.stdout) > 1000


def test_export_to_a_directory_is_a_one_line_error(tmp_path):
    from kg.errors import UsageError
    from kg.rdfio.files import write_atomic

    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path), "-p", str(ROOT)])
    assert result.exit_code == 2 and "is a directory" in result.output
    with pytest.raises(UsageError, match="is a directory; give a file name"):
        write_atomic(tmp_path, b"x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value, traceback", [("0", False), ("", False), ("no", False),
                                              ("1", True), ("true", True), ("YES", True)])
def test_kg_debug_turns_tracebacks_on_only_when_asked(monkeypatch, value, traceback):
    import kg.api

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kg.api.KG, "stats", broken)
    result = CliRunner().invoke(cli, ["stats", "-p", str(ROOT)], env={"KG_DEBUG": value})
    if traceback:
        assert isinstance(result.exception, RuntimeError)
    else:
        assert result.exit_code == 3
        assert result.output.strip() == ("kg: internal error: RuntimeError: boom (KG_DEBUG=1 "
                                         "shows the traceback)")


@pytest.fixture
def bad_queries(project_copy):
    (project_copy / "queries" / "latin1.rq").write_bytes(b"# title: caf\xe9\nASK {}\n")
    (project_copy / "queries" / "folder.rq").mkdir()
    return project_copy


def test_a_bad_query_file_spoils_no_other(bad_queries):
    listed = CliRunner().invoke(cli, ["query", "--list", "-p", str(bad_queries)])
    assert listed.exit_code == 0
    assert "competitors" in listed.stdout
    assert "kg: warning: skipped queries/latin1.rq: not UTF-8" in listed.stderr
    assert "kg: warning: skipped queries/folder.rq: not a file" in listed.stderr
    ok = CliRunner().invoke(cli, ["query", "competitors", "-f", "json", "-p", str(bad_queries)])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["results"]["bindings"]
    for name, problem in [("latin1", "not UTF-8 (byte 12); save it as UTF-8"),
                          ("folder", "not a file")]:
        asked = CliRunner().invoke(cli, ["query", name, "-p", str(bad_queries)])
        assert asked.exit_code == 2
        assert asked.stderr.strip().startswith(f"kg: error: queries/{name}.rq: {problem}")
        assert len(asked.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["<a b>", "<no-scheme>", "<http://x/\"y>", "kge:a{b}",
                                   "<http://x/\x1b>"])
def test_bind_with_a_bad_iri_is_a_usage_error(value):
    result = CliRunner().invoke(cli, ["query", "--bind", f"x={value}", "SELECT * { ?s ?p ?x }",
                                      "-p", str(ROOT)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not an absolute IRI" in lines[0] and "\x1b" not in lines[0]


def test_bind_with_a_good_iri_answers():
    result = invoke("query", "--bind", "s=<https://w3id.org/kg/resource/entity/xu-li>", "-f",
                    "json", "SELECT ?l { ?s rdfs:label ?l }", "-p", str(ROOT))
    assert result.exit_code == 0 and "徐立" in result.output


def build_in(where, *args: str, monkeypatch):
    """``kg build ARGS`` run in the directory ``where``, as a user there types it."""
    monkeypatch.chdir(where)
    monkeypatch.delenv("KG_PROJECT", raising=False)
    return CliRunner().invoke(cli, ["build", "--no-html", *args], catch_exceptions=False)


def test_kg_in_a_subdirectory_works_on_the_project_it_is_in(tmp_path, monkeypatch):
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    deep = project / "data" / "sources"
    notes = project / "notes" / "2024"
    notes.mkdir(parents=True)
    result = build_in(deep, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (project / "exports" / "sensetime.ttl").is_file()
    assert not (deep / "exports").exists()
    again = build_in(notes, monkeypatch=monkeypatch)  # a folder data/ has nothing to do with
    assert again.exit_code == 0 and "nothing rebuilt" in again.output
    assert not (notes / "exports").exists()


def test_project_option_and_kg_project_win_over_the_directory(tmp_path, monkeypatch):
    from tests.conftest import copy_project

    here = copy_project(tmp_path / "here")
    other = copy_project(tmp_path / "other")
    config = other / "data" / "kg.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: sensetime",
                                                                 "name: other"), "utf-8")
    result = build_in(here / "data", "-q", "-p", str(other), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert (other / "exports" / "other.ttl").is_file() and not (here / "exports").exists()
    monkeypatch.chdir(other / "data")
    monkeypatch.setenv("KG_PROJECT", str(here))
    assert CliRunner().invoke(cli, ["stats", "-f", "json"]).exit_code == 0
    assert (here / "exports" / "sensetime.ttl").is_file()  # stats built it, in here


def test_outside_any_project_kg_says_where_to_run(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    result = build_in(tmp_path / "empty", monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: empty: no data/ directory here; run kg in a "
                                    "project directory (one with data/kg.yaml) or below it")


def test_build_ends_with_the_pages_to_open_and_how_to_run_kg(tmp_path, monkeypatch):
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    venv_bin = Path(sys.executable).parent
    monkeypatch.setenv("PATH", "/nonexistent")  # a shell where the venv is not activated
    built = build_in(project, monkeypatch=monkeypatch)
    assert built.exit_code == 0, built.output
    lines = built.stdout.splitlines()
    assert lines[-2] == "open in a browser: exports/report.html (the report)"  # --no-html
    assert lines[-1].startswith(f"kg is not on PATH: run it as {venv_bin / 'kg'} (e.g. ")
    assert lines[-1].endswith(f", or first: source {venv_bin / 'activate'}")
    monkeypatch.setenv("PATH", f"{venv_bin}{os.pathsep}/usr/bin")  # activated: no hint
    with_html = CliRunner().invoke(cli, ["build"])
    assert with_html.exit_code == 0
    assert with_html.stdout.splitlines()[-1] == (
        "open in a browser: exports/graph.html (the graph), exports/report.html (the report)")
    # from a subdirectory the pages are named where they are
    up_to_date = build_in(project / "data", monkeypatch=monkeypatch)
    assert "nothing rebuilt" in up_to_date.stdout
    assert up_to_date.stdout.splitlines()[-1] == (
        f"open in a browser: {project / 'exports' / 'graph.html'} (the graph), "
        f"{project / 'exports' / 'report.html'} (the report)")


def test_the_report_and_the_view_default_to_one_language(project_copy):
    from kg.vocab import DEFAULT_LANG

    assert invoke("build", "-q", "-p", str(project_copy)).exit_code == 0
    exports = project_copy / "exports"
    opening = f'<html lang="{DEFAULT_LANG}"'
    for page in ("graph.html", "report.html"):
        assert opening in (exports / page).read_text("utf-8"), page
    built = (exports / "report.html").read_bytes()
    again = project_copy / "again.html"
    assert invoke("report", "-o", str(again), "-p", str(project_copy)).exit_code == 0
    assert again.read_bytes() == built  # kg report writes what kg build wrote
    assert "經營虧損" in built.decode() and "Operating loss per year" not in built.decode()
    for command in ("report", "path", "stats"):
        option = next(p for p in cli.commands[command].params if p.name == "lang")
        assert option.default == DEFAULT_LANG
