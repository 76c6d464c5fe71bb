"""The hostile-input corpus (issue 18): what an attacker or a careless author feeds kg, each run
through the command line as a user runs it, on a copy of a project built once.

Every case asserts the exit code, exactly one line on standard error (no traceback, no raw
control, bidi or zero-width character), that the line names the item (file, line, entity,
option, query), and that ``exports/`` is byte-identical afterwards. The bad fact, source and
ontology files of ``tests/test_bad_input.py`` (its ``CASES``, run there with the same checks)
are part of the corpus and counted here, not run twice; this file adds every item of issue 18:
requests to other servers, the read-only guard, the limits of a build and of ingest, invisible
names, control characters in messages, output paths, whole builds, the server's options and the
values that used to pass or end in an internal error.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.inputs.sources import (MAX_BUILD_MENTIONS, MAX_NAME_MENTIONS, MAX_SOURCE_BYTES,
                               MAX_SOURCE_MENTIONS, MAX_SOURCE_SENTENCES)
from kg.text import INVISIBLE
from tests.conftest import copy_project
from tests.test_bad_input import CASES as BAD_INPUT_CASES
from tests.test_bad_input import FACTS, SOURCE_META, replace

INLINE = "<inline>"
LISTENER = "http://127.0.0.1:9/sparql"  # the discard port: nothing may ever be sent there
NAMES = ["商湯", "阿里雲", "華爲雲", "百度雲", "徐立", "百度智能雲"]  # known, not generic


@dataclass
class Case:
    item: str  # the issue 18 item it belongs to
    args: list[str]  # after "kg", without -p
    names: list[str]  # what the one line must name
    code: int = 2
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)


def add_source(ident: str, text: str | None = None, size: int | None = None):
    """A setup adding source ``ident``: ``text``, or a sparse file of ``size`` bytes."""
    def apply(p: Path) -> None:
        folder = p / "data" / "sources"
        if text is not None:
            (folder / f"{ident}.txt").write_text(text, encoding="utf-8")
        else:
            with open(folder / f"{ident}.txt", "wb") as handle:
                handle.truncate(size)
        (folder / f"{ident}.yaml").write_text(
            f"id: {ident}\nfile: {ident}.txt\ntitle: t\nlanguage: zh-Hant\ndate: null\n",
            encoding="utf-8")
    return apply


def many_sources(count: int, text: str):
    def apply(p: Path) -> None:
        for n in range(count):
            add_source(f"bulk-{n}", text)(p)
    return apply


def edit(old: str, new: str, rel: str = FACTS):
    return lambda p: replace(p, rel, old, new)


def write(rel: str, data: bytes):
    def apply(p: Path) -> None:
        (p / rel).parent.mkdir(parents=True, exist_ok=True)
        (p / rel).write_bytes(data)
    return apply


def article(name: str, data: bytes | None = None, size: int | None = None):
    """A setup writing the article ``name`` beside the project (for kg ingest)."""
    def apply(p: Path) -> None:
        path = p.parent / name
        if data is not None:
            path.write_bytes(data)
        else:
            with open(path, "wb") as handle:
                handle.truncate(size)
    return apply


def _names(count_each: int, names: list[str]) -> str:
    return "、".join(names * count_each) + "。\n"


XU_LI = "label: {zh-Hant: 徐立, zh-Hans: 徐立, en: Xu Li}"
SENSETIME_ALIASES = "en: [SenseTime Group]}"
ANY = "SELECT * WHERE { ?s ?p ?o "
SERVICE = "SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c }"
YUNQI = str(Path(__file__).parent / "articles" / "yunqi-zh-hans.txt")

CASES: dict[str, Case] = {
    # 1: a query may not reach another server, however a comment is ended
    "service-after-cr-comment": Case("1", ["query", f"{ANY}#\r{SERVICE}\n}}"],
                                     [f"{INLINE}:1", "comment ends with a line break"]),
    "service-after-u2028-comment": Case("1", ["query", f"{ANY}#\u2028{SERVICE}\n}}"],
                                        [INLINE, "comment ends"]),
    "service-after-u2029-comment": Case("1", ["query", f"{ANY}#\u2029{SERVICE}\n}}"],
                                        [INLINE, "comment ends"]),
    "service-after-nel-comment": Case("1", ["query", f"{ANY}#\u0085{SERVICE}\n}}"],
                                      [INLINE, "comment ends"]),
    "service-after-crlf-comment": Case("1", ["query", f"{ANY}#x\r\n{SERVICE}\n}}"],
                                       [INLINE, "SERVICE is refused"]),
    "service-plain": Case("1", ["query", f"SELECT * WHERE {{ {SERVICE} }}"],
                          [INLINE, "SERVICE is refused"]),
    "service-lower-case": Case("1", ["query", "SELECT * WHERE { service <http://127.0.0.1:9/x> "
                                              "{ ?a ?b ?c } }"], [INLINE, "SERVICE is refused"]),
    "service-silent-in-optional": Case("1", ["query", f"{ANY} OPTIONAL {{ SERVICE SILENT "
                                                      "<http://127.0.0.1:9/x> { ?a ?b ?c } } }"],
                                       [INLINE, "SERVICE is refused"]),
    "service-in-subquery": Case("1", ["query", f"SELECT * WHERE {{ {{ SELECT * WHERE {{ "
                                               f"{SERVICE} }} }} }}"],
                                [INLINE, "SERVICE is refused"]),
    "service-in-canned-query": Case("1", ["query", "evil"], ["queries/evil.rq", "SERVICE"],
                                    setup=write("queries/evil.rq",
                                                f"SELECT * WHERE {{ {SERVICE} }}\n".encode())),
    # 2: the read-only guard, for the local store and a remote one alike
    "remote-insert-after-hash-prefix": Case("2", ["query", "--endpoint", LISTENER,
                                                  "PREFIX a: <http://x#>\nINSERT DATA { a:s a:p "
                                                  "a:o }"], [INLINE, "Update"]),
    "remote-delete-where": Case("2", ["query", "--endpoint", LISTENER,
                                      "DELETE WHERE { ?s ?p ?o }"], [INLINE, "Update"]),
    "local-insert-data": Case("2", ["query", "INSERT DATA { <http://x/s> <http://x/p> 1 }"],
                              [INLINE, "read-only"]),
    "local-load": Case("2", ["query", "LOAD <http://127.0.0.1:9/x>"], [INLINE, "read-only"]),
    "local-clear-all": Case("2", ["query", "CLEAR ALL"], [INLINE, "read-only"]),
    "local-update-after-comment": Case("2", ["query", "PREFIX a: <http://x#> # x\nDROP ALL"],
                                       [INLINE, "read-only"]),
    # 3: the limits of a build (README, "Limits") and of kg ingest
    "source-over-byte-limit": Case("3", ["build"], ["data/sources/huge.txt", "[huge]",
                                                    f"{MAX_SOURCE_BYTES:,}-byte limit"],
                                   setup=add_source("huge", size=MAX_SOURCE_BYTES + 1)),
    "source-over-sentence-limit": Case("3", ["build"], ["data/sources/choppy.txt", "[choppy]",
                                                        f"{MAX_SOURCE_SENTENCES:,}-sentence"],
                                       setup=add_source("choppy",
                                                        "甲。" * (MAX_SOURCE_SENTENCES + 1))),
    "one-name-over-its-limit": Case("3", ["build"], ["data/sources/chant.txt", "[chant]",
                                                     "'商湯'", f"{MAX_NAME_MENTIONS:,}-mention"],
                                    setup=add_source("chant", _names(MAX_NAME_MENTIONS + 1,
                                                                     ["商湯"]))),
    "source-over-mention-limit": Case("3", ["build"], ["data/sources/crowd.txt", "[crowd]",
                                                       f"{MAX_SOURCE_MENTIONS:,}-mention limit "
                                                       "of one source"],
                                      setup=add_source("crowd", _names(
                                          MAX_SOURCE_MENTIONS // len(NAMES) + 10, NAMES))),
    "build-over-mention-limit": Case("3", ["build"], ["data/sources/bulk-", "of one build"],
                                     setup=many_sources(
                                         MAX_BUILD_MENTIONS // (MAX_SOURCE_MENTIONS - 600) + 1,
                                         _names((MAX_SOURCE_MENTIONS - 600) // len(NAMES),
                                                NAMES))),
    "ingest-over-byte-limit": Case("3", ["ingest", "../big.txt"], ["big.txt", "-byte limit"],
                                   setup=article("big.txt", size=8_000_001)),
    "ingest-over-character-limit": Case("3", ["ingest", "../long.txt"],
                                        ["long.txt", "200,000-character"],
                                        setup=article("long.txt", ("字" * 200_001).encode())),
    # kg ingest refuses what the next build would, with the build's message, storing nothing
    "ingest-over-sentence-limit": Case("3", ["ingest", "../many.txt"],
                                       ["many.txt [many]", f"{MAX_SOURCE_SENTENCES:,}-sentence"],
                                       setup=article("many.txt", ("甲。" * (
                                           MAX_SOURCE_SENTENCES + 1)).encode())),
    "ingest-one-name-over-mention-limit": Case("3", ["ingest", "../chant.txt"],
                                               ["chant.txt [chant]", "'商湯'",
                                                f"{MAX_NAME_MENTIONS:,}-mention limit of one name"],
                                               setup=article("chant.txt", _names(
                                                   MAX_NAME_MENTIONS + 1, ["商湯"]).encode())),
    "ingest-over-source-mention-limit": Case("3", ["ingest", "../roll.txt"],
                                             ["roll.txt [roll]", f"{MAX_SOURCE_MENTIONS:,}-mention"
                                                                 " limit of one source"],
                                             setup=article("roll.txt", _names(
                                                 MAX_SOURCE_MENTIONS // len(NAMES) + 10,
                                                 NAMES).encode())),
    "ingest-binary": Case("3", ["ingest", "../nul.txt"], ["nul.txt", "binary"],
                          setup=article("nul.txt", b"abc\x00def")),
    "ingest-not-utf8": Case("3", ["ingest", "../gbk.txt"], ["gbk.txt", "UTF-8"],
                            setup=article("gbk.txt", "商湯科技".encode("gbk"))),
    # 4: invisible names are refused; control characters never reach the terminal raw
    "label-only-zero-width-space": Case("4", ["build"], [f"{FACTS}:", "[xu-li]", "label 'en'",
                                                         "U+200B"],
                                        setup=edit(XU_LI, 'label: {zh-Hant: 徐立, zh-Hans: 徐立, '
                                                          'en: "\\u200b"}')),
    "label-only-override-and-spaces": Case("4", ["build"], ["[xu-li]", "label 'zh-Hans'",
                                                            "U+202E"],
                                           setup=edit(XU_LI, 'label: {zh-Hant: 徐立, zh-Hans: '
                                                             '" \\u202e ", en: Xu Li}')),
    "label-only-hangul-filler": Case("4", ["build"], ["[xu-li]", "U+3164"],
                                     setup=edit(XU_LI, 'label: {zh-Hant: "\\u3164", zh-Hans: 徐立,'
                                                       ' en: Xu Li}')),
    "alias-only-joiners": Case("4", ["build"], ["[sensetime]", "alias in 'en'", "U+200D"],
                               setup=edit(SENSETIME_ALIASES,
                                          'en: [SenseTime Group, "\\u200d\\u2060"]}')),
    "alias-only-byte-order-mark": Case("4", ["build"], ["[sensetime]", "U+FEFF"],
                                       setup=edit(SENSETIME_ALIASES, 'en: ["\\ufeff"]}')),
    "alias-only-soft-hyphen": Case("4", ["build"], ["[sensetime]", "U+00AD"],
                                   setup=edit(SENSETIME_ALIASES, 'en: ["\\u00ad "]}')),
    "escape-in-an-id": Case("4", ["build"], [FACTS, "\\x1b]0;owned\\x07"],
                            setup=edit("  - id: xu-li\n", '  - id: "xu\\e]0;owned\\a"\n')),
    "override-in-a-class": Case("4", ["build"], [FACTS, "[xu-li]", "\\u202e"],
                                setup=edit("class: Person\n", 'class: "Person\\u202e"\n')),
    "escape-in-a-quote": Case("4", ["build"], [FACTS, "\\x1b[2J"],
                              setup=edit("quote: 以應用驅動模型", 'quote: "以應用\\e[2J驅動模型"')),
    "escape-in-a-subject": Case("4", ["report", "--subject", "x\x1b[2Jy"], ["'x\\x1b[2Jy'"]),
    "bell-in-an-entity-name": Case("4", ["path", "a\x07b", "商湯"], ["a\\x07b"]),
    # 5: output paths that are no regular file in a folder
    "output-in-a-file": Case("5", ["export", "-o", "data/kg.yaml/x.ttl"],
                             ["data/kg.yaml/x.ttl", "is a file"]),
    "output-in-proc": Case("5", ["export", "-o", "/proc/kg-hostile.ttl"],
                           ["/proc/kg-hostile.ttl", "cannot write"]),
    "output-under-an-export": Case("5", ["export", "-f", "ntriples", "-o",
                                         "exports/sensetime.ttl/a.nt"],
                                   ["exports/sensetime.ttl/a.nt", "is a file"]),
    # 6: a build is whole or not at all
    "graph-does-not-conform": Case("6", ["build"], ["sensetime"], code=1,
                                   setup=edit("relation: competesWith\n    object: "
                                              "llm-service-providers\n", "relation: competesWith"
                                              "\n    object: sensetime\n")),
    "duplicate-source-id": Case("6", ["build"], [f"{SOURCE_META} [", "duplicate source id",
                                                 "(also in data/sources/copy.yaml)"],
                                setup=lambda p: shutil.copy(p / SOURCE_META,
                                                            p / "data/sources/copy.yaml")),
    "source-text-missing": Case("6", ["build"], ["data/sources/gone.yaml", "not found"],
                                setup=write("data/sources/gone.yaml",
                                            b"id: gone\nfile: gone.txt\ntitle: t\n"
                                            b"language: en\n")),
    "source-text-symlink": Case("6", ["build"], ["data/sources/link.txt", "symbolic link"],
                                setup=lambda p: (add_source("link", "x")(p), os.remove(
                                    p / "data/sources/link.txt"), os.symlink(
                                    "/etc/hostname", p / "data/sources/link.txt"))),
    "source-text-crlf": Case("6", ["build"], ["data/sources/dos.txt", "CRLF"],
                             setup=add_source("dos", "商湯\r\n")),
    # 7: the server's options
    "serve-unknown-store": Case("7", ["serve", "--store", "nosuch:x"], ["nosuch:x"]),
    "serve-public-address": Case("7", ["serve", "--host", "192.0.2.1", "--port", "1"],
                                 ["192.0.2.1"]),
    # 8: what used to end in an internal error or a wrong message
    "query-file-not-utf8": Case("8", ["query", "bad"], ["queries/bad.rq", "UTF-8"],
                                setup=write("queries/bad.rq", b"\xff\xfeSELECT")),
    "query-file-a-directory": Case("8", ["query", "dir"], ["queries/dir.rq", "not a file"],
                                   setup=lambda p: (p / "queries/dir.rq").mkdir()),
    "bind-not-an-iri": Case("8", ["query", "--bind", "x=<bad iri>", f"{ANY}}}"],
                            ["--bind", "not an absolute IRI"]),
    "endpoint-not-a-url": Case("8", ["query", "--endpoint", "notaurl", "ASK {}"], ["notaurl"]),
    "debug-zero-keeps-tracebacks-off": Case("8", ["query", "SELECT * WHERE {"],
                                            [INLINE, "syntax error"], env={"KG_DEBUG": "0"}),
    "query-nested-too-deeply": Case("8", ["query", "SELECT * WHERE { " + "{" * 3000 + "?s ?p ?o"
                                          + "}" * 3000 + " }"], ["nested too deeply"]),
    "unknown-store": Case("8", ["query", "--store", "nosuch:x", "ASK {}"], ["nosuch:x"]),
    "unknown-entity-in-path": Case("8", ["path", "nobody", "商湯"], ["'nobody'"]),
    "unknown-report-subject": Case("8", ["report", "--subject", "nobody"],
                                   ["--subject", "'nobody'"]),
    # click's own usage errors: one line naming the option, exit 2 (not usage, hint and error)
    "serve-zero-workers": Case("8", ["serve", "--workers", "0"],
                               ["'--workers'", "0 is not in the range", "'kg serve --help'"]),
    "query-unknown-format": Case("8", ["query", "--format", "nope", "ASK {}"],
                                 ["'--format'", "'nope' is not one of", "'kg query --help'"]),
    "export-to-a-directory": Case("8", ["export", "-o", "exports"],
                                  ["'--output'", "'exports' is a directory"]),
    "option-value-missing": Case("8", ["export", "-o"], ["'-o' requires an argument",
                                                         "'kg export --help'"]),
    "unknown-option": Case("8", ["build", "--nope"], ["No such option '--nope'",
                                                      "'kg build --help'"]),
    "missing-argument": Case("8", ["path"], ["Missing argument 'SOURCE'", "'kg path --help'"]),
    "unknown-command": Case("8", ["nosuch"], ["No such command 'nosuch'", "'kg --help'"]),
    # 9: values that used to pass silently
    "ingest-date-month-13": Case("9", ["ingest", "--date", "2024-13-45", YUNQI],
                                 ["--date '2024-13-45'", "yunqi-zh-hans.txt"]),
    "ingest-date-february-30": Case("9", ["ingest", "--date", "2023-02-30", YUNQI],
                                    ["--date '2023-02-30'"]),
    "ingest-unknown-type": Case("9", ["ingest", "../a.pdf"], ["a.pdf", ".txt, .md and .html"],
                                setup=article("a.pdf", b"%PDF-1.4")),
    "ingest-missing-file": Case("9", ["ingest", "../none.txt"], ["none.txt", "no such file"]),
    "source-date-february-30": Case("9", ["build"], [SOURCE_META, "2023-02-30"],
                                    setup=edit("date: null", "date: 2023-02-30", SOURCE_META)),
    "figure-exponent": Case("9", ["build"], [FACTS, "1e309"],
                            setup=edit("value: 34\n", "value: 1e309\n")),
}

#: the items of issue 18 (its "Must fix" list) the corpus covers, each by several cases
ITEMS = {"1", "2", "3", "4", "5", "6", "7", "8", "9"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The seed project, built once (no view: the cases never need it)."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    root.mkdir()
    copy_project(root)
    run = CliRunner().invoke(cli, ["build", "-q", "--no-html", "-p", str(root)])
    assert run.exit_code == 0, run.output
    return root


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(template, tmp_path, monkeypatch, name):
    case = CASES[name]
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    if case.setup:
        case.setup(project)
    before = digest(project / "exports")
    stored = digest(project / "data")
    monkeypatch.chdir(project)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    run = CliRunner().invoke(cli, [*case.args[:1], "-p", str(project), *case.args[1:]],
                             catch_exceptions=False)
    assert run.exit_code == case.code, (run.exit_code, run.stderr, run.stdout[-300:])
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    message = lines[0]
    assert message.startswith("kg: error: "), message
    assert "Traceback" not in message and "internal error" not in message, message
    assert not set(message) & INVISIBLE, repr(message)
    for words in case.names:
        assert words in message, (words, message)
    assert digest(project / "exports") == before
    assert digest(project / "data") == stored  # an ingest refused stores nothing


def test_the_corpus_covers_every_item_with_sixty_cases():
    assert {case.item for case in CASES.values()} == ITEMS
    assert all(sum(c.item == item for c in CASES.values()) >= 2 for item in ITEMS)
    assert len(CASES) + len(BAD_INPUT_CASES) >= 60
    assert len(CASES) >= 60 - len(BAD_INPUT_CASES)


# ---------------------------------------------------------------------------------------------
# Item 4, the view: invisible characters are shown, never obeyed, on every page

SPOOF = "photo\u202egpj.exe"  # shown raw, it reads "photoexe.jpg"
SHOWN = "photo&lt;U+202E&gt;gpj.exe"


def test_visible_html_marks_every_invisible_character_but_tab_and_newline():
    from kg.views.html import visible_html

    for char in sorted(INVISIBLE - set("\t\n")):
        marked = visible_html(f"a{char}b")
        assert char not in marked and f"&lt;U+{ord(char):04X}&gt;" in marked, hex(ord(char))
        assert marked.startswith("a<code") and marked.endswith("</code>b")
    assert visible_html("a\tb\nc<&\"") == "a\tb\nc&lt;&amp;&quot;"
    assert visible_html(SPOOF, markup=False) == SHOWN


def test_the_page_script_shows_the_same_characters():
    import re

    script = (Path(__file__).parents[1] / "kg/static/app.js").read_text(encoding="utf-8")
    body = re.search(r"var INVISIBLE = /\[(.*?)\]/g;", script).group(1)
    chars: set[str] = set()
    for first, last in re.findall(r"\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?", body):
        chars |= {chr(c) for c in range(int(first, 16), int(last or first, 16) + 1)}
    assert chars == INVISIBLE - set("\t\n")


def _spoofed_graph(built):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    from kg.vocab import bind_prefixes

    # a copy: the union is made once and shared by the session (the `graph` fixture)
    graph = bind_prefixes(Graph(), built.inputs.project.base)
    graph += built.union()
    sensetime = next(s for s in graph.subjects() if str(s).endswith("/entity/sensetime"))
    graph.add((sensetime, SKOS.altLabel, Literal(SPOOF, lang="en")))
    graph.add((URIRef(str(sensetime)), SKOS.altLabel, Literal("\u200b\u200b零寬", lang="zh-Hant")))
    return graph, sensetime


def test_the_report_and_the_served_page_show_markers(built):
    from kg.serve.pages import entity_page
    from kg.views.html import visible_html

    graph, sensetime = _spoofed_graph(built)
    data = {"id": "sensetime", "iri": str(sensetime), "names": {},
            "labels": [("label", "en", SPOOF), ("altLabel", "zh-Hant", "\u200b零寬")],
            "classes": [], "comments": [("en", "a\u2066b")], "statements": [{
                "subject": str(sensetime), "relation": "r", "object": str(sensetime),
                "quote": "q\u202dq"}], "figures": []}
    page = entity_page(data, base="https://w3id.org/kg/resource/")
    for char in "\u202e\u200b\u2066\u202d":
        assert char not in page
    assert f"<h1 lang=\"zh-Hant\">{visible_html(SPOOF)}</h1>" in page
    assert '<code class="kg-invisible">&lt;U+200B&gt;</code>零寬' in page
    from kg.views.report import render_report

    report = render_report(graph, base="https://w3id.org/kg/resource/", title="t\u202eevil")
    assert "\u202e" not in report and "t&lt;U+202E&gt;evil" in report


@pytest.mark.skipif(__import__("tests.browser").browser.skip_reason() is not None,
                    reason="no chromium")
def test_the_graph_panel_shows_the_marker_and_keeps_the_order(built, tmp_path):
    from kg.views.graph import write_html
    from tests.browser import Browser, open_view

    graph, _ = _spoofed_graph(built)
    path = tmp_path / "graph.html"
    write_html(graph, path, title="t")
    with Browser() as browser:
        session = open_view(browser, path)
        page = session.page
        page.evaluate("kg.focusNode(kg.data.nodes.findIndex(n => n.k === 'sensetime'))")
        panel = page.text_content("#kg-panel")
        assert "photo<U+202E>gpj.exe" in panel and "<U+200B><U+200B>零寬" in panel
        assert not set(panel) & INVISIBLE - set("\t\n")
        # the marker is a <code>, and what follows it is laid out after it, left to right
        order = page.evaluate("""() => {
            const code = [...document.querySelectorAll('#kg-panel code.kg-invisible')]
                .find(c => c.textContent === '<U+202E>' && c.previousSibling
                      && c.previousSibling.textContent.endsWith('photo'));
            const range = document.createRange();
            range.selectNodeContents(code.nextSibling);
            const before = document.createRange();
            before.selectNodeContents(code.previousSibling);
            return [before.getBoundingClientRect().right, code.getBoundingClientRect().left,
                    code.getBoundingClientRect().right, range.getClientRects()[0].left,
                    code.nextSibling.textContent.slice(0, 7)];
        }""")
        assert order[0] <= order[1] + 1 and order[2] <= order[3] + 1, order
        assert order[4] == "gpj.exe"
        session.assert_clean()


# ---------------------------------------------------------------------------------------------
# Item 3, ingest in time linear in a sentence's length: the clause and the names of a sentence
# are found by bisection; the answers are those of reading the sentence character by character


def _naive_clause(source: str, first: int, last: int, start: int, end: int) -> tuple[int, int]:
    a, b = start, end
    while a > first and source[a - 1] not in ",，;；。!！?？\n":
        a -= 1
    while b < last and source[b] not in ",，;；。!！?？\n":
        b += 1
    while a < b and source[a].isspace():
        a += 1
    while b > a and source[b - 1].isspace():
        b -= 1
    return a, b


def test_the_clause_of_a_match_is_found_by_bisection_as_by_reading():
    import random

    from kg.ingest.relations import _clause_span, _Marked

    rng = random.Random(18)
    for _ in range(300):
        source = "".join(rng.choice("商湯 ab,，;。\n") for _ in range(rng.randint(1, 60)))
        first = rng.randint(0, len(source) - 1)
        last = rng.randint(first + 1, len(source))
        start = rng.randint(first, last - 1)
        end = rng.randint(start + 1, last)
        marked = _Marked(source[first:last], [], list(range(first, last)), source, first, last)
        assert _clause_span(marked, start, end) == _naive_clause(source, first, last, start,
                                                                 end), (source, start, end)


def test_the_names_overlapping_a_sentence_are_found_by_bisection():
    import random

    from kg.ingest.relations import _overlapping, _Spans

    rng = random.Random(18)
    for _ in range(200):
        spans = _Spans(sorted((a, a + rng.randint(1, 12), f"e{rng.randint(0, 3)}")
                              for a in (rng.randint(0, 200) for _ in range(rng.randint(0, 40)))))
        spans.longest = max((b - a for a, b, _ in spans), default=0)
        start = rng.randint(0, 200)
        stop = start + rng.randint(1, 40)
        assert _overlapping(spans, start, stop) == [s for s in spans
                                                    if s[0] < stop and start < s[1]]
