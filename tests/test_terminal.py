"""What kg prints for a person cannot drive the terminal: control, bidi and zero-width
characters from labels, aliases, quotes and articles are shown escaped in text output, and kept
byte for byte in JSON, CSV and RDF."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError, one_line
from kg.text import name_key, printable
from tests.conftest import ROOT

#: a label that clears the screen, rings the bell, sets the window title, then reverses the text
LABEL = "Sense\x1b[2JTime\x07\x1b]0;pwned\x07\u202eexe.txt"
ALIAS = "SG\x1b[2J\u202e\u200b"
#: inserted into the article inside a figure's quote
INSERT = "\x1b[2J\x07\u2066"
#: what no text output may hold: C0 (but line feed) and C1 controls, DEL, bidi and zero-width
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060"
                 "\u2066-\u2069\ufeff]")
QUOTE = "由於員工福利開支減少,目前行政開支減少7.7%至7.34億元"
HOSTILE_QUOTE = "由於員工福利開支減少" + INSERT + ",目前行政開支減少7.7%至7.34億元"


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (escapes for every control character)."""
    return json.dumps(text, ensure_ascii=True)


@pytest.fixture
def hostile(project_copy):
    """The seed with a hostile English label and alias on sensetime (shared by alibaba-cloud,
    so kg check names it as a duplicate) and control characters inside a figure's quote."""
    facts = project_copy / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    for old, new in [
            ("label: {zh-Hant: 商湯, zh-Hans: 商汤, en: SenseTime}",
             f"label: {{zh-Hant: 商湯, zh-Hans: 商汤, en: {_yaml(LABEL)}}}"),
            ("en: [SenseTime Group]}", f"en: [SenseTime Group, {_yaml(ALIAS)}]}}"),
            ("label: {zh-Hant: 阿里雲, zh-Hans: 阿里云, en: Alibaba Cloud}",
             f"label: {{zh-Hant: 阿里雲, zh-Hans: 阿里云, en: {_yaml(LABEL)}}}"),
            (f"quote: {QUOTE}", f"quote: {_yaml(HOSTILE_QUOTE)}")]:
        assert old in text
        text = text.replace(old, new, 1)
    facts.write_text(text, encoding="utf-8")
    source = project_copy / "data" / "sources" / "sensetime-layoffs-2024.txt"
    article = source.read_text(encoding="utf-8")
    assert article.count("由於員工福利開支減少,目前") == 1
    source.write_text(article.replace("由於員工福利開支減少,目前",
                                      "由於員工福利開支減少" + INSERT + ",目前")
                      + "\n尾聲" + INSERT + "結束。\n", encoding="utf-8")  # a sentence no quote backs
    return project_copy


TEXT_COMMANDS = [
    ["query", "SELECT ?l WHERE { kge:sensetime rdfs:label ?l }"],
    ["query", "SELECT ?q WHERE { ?x oa:exact ?q }"],
    ["path", "sensetime", "xu-li", "--lang", "en"],
    ["check"],
    ["stats", "--lang", "en"],
    ["coverage"],
]


def _strings(data) -> set[str]:
    """Every string in parsed JSON."""
    if isinstance(data, str):
        return {data}
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    return set().union(*(_strings(item) for item in items))


def _assert_clean(text: str) -> None:
    assert not RAW.search(text), repr(RAW.search(text).group())


@pytest.mark.parametrize("args", TEXT_COMMANDS, ids=lambda a: a[0] + "-" + str(len(a)))
def test_text_output_shows_controls_escaped(hostile, args):
    result = CliRunner().invoke(cli, [*args, "--project", str(hostile)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    _assert_clean(result.output)
    if args[0] in ("coverage", "check"):  # the article's text, and the quote of a figure
        assert "\\x1b[2J\\x07\\u2066" in result.output
    if args[0] == "check":  # the duplicate label, as kg compares names
        assert printable(name_key(LABEL)) in result.output
    elif args[0] == "coverage":
        assert "尾聲\\x1b[2J\\x07\\u2066結束。" in result.output
    elif args != TEXT_COMMANDS[1]:
        assert printable(LABEL) in result.output  # escaped, and whole
    else:
        assert printable(HOSTILE_QUOTE) in result.output


def test_a_real_terminal_process_gets_no_raw_controls(hostile):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for args in TEXT_COMMANDS + [["path", "sensetime", "nobody"],
                                 ["query", "--bind", "x=<a b>", "SELECT * {}"]]:
        proc = subprocess.run([sys.executable, "-m", "kg", *args, "--project", str(hostile)],
                              capture_output=True, env=env, timeout=120)
        out, err = proc.stdout.decode(), proc.stderr.decode()
        _assert_clean(out)
        _assert_clean(err)
        assert proc.returncode in (0, 1, 2), err


def test_machine_formats_keep_the_exact_text(hostile):
    runner = CliRunner()
    sparql = "SELECT ?l WHERE { kge:sensetime rdfs:label ?l FILTER(lang(?l) = 'en') }"
    as_json = runner.invoke(cli, ["query", sparql, "-f", "json", "-p", str(hostile)])
    assert as_json.exit_code == 0, as_json.output
    values = [b["l"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]]
    assert values == [LABEL]
    as_csv = runner.invoke(cli, ["query", sparql, "-f", "csv", "-p", str(hostile)])
    assert [row[0] for row in csv.reader(io.StringIO(as_csv.stdout))][1:] == [LABEL]
    stats = runner.invoke(cli, ["stats", "--lang", "en", "-f", "json", "-p", str(hostile)])
    assert LABEL in {e["label"] for e in json.loads(stats.stdout)["structure"]["degree_top"]}
    check = runner.invoke(cli, ["check", "-f", "json", "-p", str(hostile)])
    quotes = {e["quote"] for w in json.loads(check.output) for e in w["evidence"]}
    assert HOSTILE_QUOTE in quotes
    path = runner.invoke(cli, ["path", "sensetime", "xu-li", "--lang", "en", "-f", "json",
                               "-p", str(hostile)])
    assert json.loads(path.stdout)["from_label"] == LABEL
    coverage = runner.invoke(cli, ["coverage", "-f", "json", "-p", str(hostile)])
    assert "尾聲" + INSERT + "結束。" in _strings(json.loads(coverage.output))


def test_an_export_keeps_the_bytes(hostile):
    from rdflib import Graph, Literal, URIRef

    result = CliRunner().invoke(cli, ["export", "-f", "ntriples", "-p", str(hostile)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="nt")
    labels = set(graph.objects(URIRef("https://w3id.org/kg/resource/entity/sensetime"),
                               URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert Literal(LABEL, lang="en") in labels


def test_error_messages_escape_bidi_and_zero_width_too():
    message = one_line("bad alias 'ab\u202ecd\u200b\ufeff' at\nline 2\x1b")
    assert message == "bad alias 'ab\\u202ecd\\u200b\\ufeff' at\\nline 2\\x1b"
    assert str(InputError("x\u2067y", path="a.yaml")) == "a.yaml: x\\u2067y"


def test_printable_keeps_only_what_it_is_told():
    assert printable("a\nb\tc", keep="\n") == "a\nb\\tc"
    assert printable("商湯 SenseTime — «ok»") == "商湯 SenseTime — «ok»"
    assert printable("\x9b31m\x7f") == "\\x9b31m\\x7f"
