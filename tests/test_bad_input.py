"""Bad input, careless or hostile: each bad file gives one line naming the file, line and item
with a hint how to fix it, exit 2, no traceback, and the previous exports stay byte-identical."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli
from tests.conftest import ROOT, SOURCE_ID, copy_project

FACTS = "data/facts/sensetime.yaml"
SOURCE_TXT = f"data/sources/{SOURCE_ID}.txt"
SOURCE_META = f"data/sources/{SOURCE_ID}.yaml"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A copy of the seed project with its exports built once."""
    root = tmp_path_factory.mktemp("seed")
    copy_project(root)
    result = CliRunner().invoke(cli, ["build", "-q", "--no-html", "-p", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(template, tmp_path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(template, target, symlinks=True)
    return target


def replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, rel: str, needle: str) -> int:
    text = (project / rel).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def _nested(depth: int) -> str:
    return "source: sensetime-layoffs-2024\nentities:\n" + "  " + "- " * depth + "x\n"


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"


def _write(rel: str, data: bytes):
    def apply(p: Path) -> None:
        (p / rel).write_bytes(data)
    return apply


def _edit(old: str, new: str, rel: str = FACTS):
    def apply(p: Path) -> None:
        replace(p, rel, old, new)
    return apply


def _gbk(p: Path) -> None:
    path = p / SOURCE_TXT
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", errors="replace"))


def _bom(p: Path) -> None:
    path = p / FACTS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _crlf(p: Path) -> None:
    path = p / FACTS
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _huge(p: Path) -> None:
    with open(p / FACTS, "r+b") as handle:  # sparse: 50 MB without writing 50 MB
        handle.truncate(50_000_000)


def _symlink(p: Path) -> None:
    outside = p.parent / "outside.yaml"
    outside.write_text("source: sensetime-layoffs-2024\n", encoding="utf-8")
    (p / "data" / "facts" / "elsewhere.yaml").symlink_to(outside)


def _append_entity(text: str):
    def apply(p: Path) -> None:
        replace(p, FACTS, "\nentities:\n", "\nentities:\n" + text)
    return apply


# name: (how to break the project, file named, line (a needle in the file, an int, or None),
#        item named or None, words of the message)
CASES = {
    "yaml-syntax-error": (_edit("  - id: xu-li\n", "  - id: xu-li\n   bad: [\n"), FACTS,
                          "bad: [", None, "YAML syntax error"),
    "wrong-type-label": (_edit("label: {zh-Hant: 徐立, zh-Hans: 徐立, en: Xu Li}",
                               "label: 徐立"), FACTS, "label: 徐立", "xu-li",
                         "'label' must map languages"),
    "wrong-type-list": (_edit("aliases: {zh-Hant: [商湯集團, 集團], zh-Hans: [商汤集团, 集团], "
                              "en: [SenseTime Group]}", "aliases: 商湯集團"), FACTS,
                        "aliases: 商湯集團", "sensetime", "must map languages to lists"),
    "wrong-type-id": (_edit("source: sensetime-layoffs-2024", "source: [sensetime-layoffs-2024]"),
                      FACTS, "source: [", None, "must be an id"),
    "unknown-class": (_edit("class: Person", "class: Human"), FACTS, "class: Human", "xu-li",
                      "unknown class 'Human'"),
    "unknown-relation": (_edit("relation: holdsPost\n", "relation: holdPost\n"), FACTS,
                         "relation: holdPost", None, "unknown relation 'holdPost'"),
    "undefined-reference": (_edit("    subject: xu-li\n    relation: holdsPost\n",
                                  "    subject: xu-lee\n    relation: holdsPost\n"), FACTS,
                            None, None, "'xu-lee' is not a defined entity"),
    "duplicate-id": (_edit("  - id: post-ceo\n", "  - id: xu-li\n"), FACTS,
                     "- id: xu-li\n    class: Post", "xu-li",
                     "duplicate entity id"),
    "quote-not-in-source": (_edit("quote: 以應用驅動模型", "quote: 以應用驅動大模型"), FACTS,
                            None, "application-drives-large-model", "is not in source"),
    "ambiguous-quote": (_edit("quote: 以應用驅動模型\n    occurrence: 1", "quote: 商湯"), FACTS,
                        None, "application-drives-large-model", "lengthen it or add occurrence"),
    "occurrence-out-of-range": (_edit("quote: 以應用驅動模型\n    occurrence: 1",
                                      "quote: 以應用驅動模型\n    occurrence: 7"), FACTS, None,
                                "application-drives-large-model", "fix occurrence"),
    "non-numeric-figure": (_edit("value: 34\n", "value: 34億\n"), FACTS, "value: 34億",
                           "operating-loss-2018", "must be a number"),
    # YAML 1.1 would read these as 90, 31 and 1000 without a word
    "sexagesimal-figure": (_edit("value: 34\n", "value: 1:30\n"), FACTS, "value: 1:30",
                           "operating-loss-2018", "must be a number"),
    "hexadecimal-figure": (_edit("value: 34\n", "value: 0x1F\n"), FACTS, "value: 0x1F",
                           "operating-loss-2018", "must be a number"),
    "underscored-figure": (_edit("value: 34\n", "value: 1_000\n"), FACTS, "value: 1_000",
                           "operating-loss-2018", "must be a number"),
    "yes-as-occurrence": (_edit("quote: 以應用驅動模型\n    occurrence: 1",
                                "quote: 以應用驅動模型\n    occurrence: yes"), FACTS, None,
                          "application-drives-large-model", "'occurrence' must be a whole"),
    "list-as-figure": (_edit("value: 34\n", "value: [3, 4]\n"), FACTS, "value: [3, 4]",
                       "operating-loss-2018", "must be a number"),
    "unknown-currency": (_edit("unit: 美元\n", "unit: 美圓\n"), FACTS, "unit: 美圓",
                         "operating-loss-2022", "unknown unit or currency"),
    "unknown-multiplier": (_edit("multiplier: 億\n", "multiplier: 兆\n"), FACTS, "multiplier: 兆",
                           "operating-loss-2018", "unknown multiplier"),
    "malformed-period": (_edit('period: "2018"', 'period: "2018-Q5"'), FACTS, "2018-Q5",
                         "operating-loss-2018", "is not a period"),
    "impossible-date": (_edit('as_of: "2023-12"', 'as_of: "2023-02-30"'), FACTS, "2023-02-30",
                        None, "not a real date"),
    "impossible-entity-date": (_edit('date: "2024-10-22"', 'date: "2023-02-30"'), FACTS,
                               "2023-02-30", None, "not a real date"),
    "impossible-source-date": (_edit("date: null", "date: 2024-13-45", SOURCE_META), SOURCE_META,
                               "date: 2024-13-45", SOURCE_ID, "is not a real day"),
    "source-date-not-a-day": (_edit("date: null", "date: 20 May 2024", SOURCE_META),
                              SOURCE_META, "date: 20 May", SOURCE_ID, "is not a real day"),
    "invalid-language-tag": (_edit("{zh-Hant: 徐立, zh-Hans: 徐立, en: Xu Li}",
                                   "{zh-Hant: 徐立, zh-Hans: 徐立, en: Xu Li, 'e n!': x}"),
                             FACTS, "'e n!'", "xu-li", "is not a language tag"),
    "id-not-an-iri": (_edit("  - id: xu-li\n", "  - id: Xu Li/<>\n"), FACTS, "Xu Li/<>", None,
                      "is not a valid id"),
    "unknown-key": (_edit("    class: Person\n", "    class: Person\n    colour: red\n"), FACTS,
                    "colour: red", None, "unknown key 'colour'"),
    "empty-file": (_write(FACTS, b""), FACTS, 1, None, "is empty"),
    "binary-file": (_write(FACTS, b"source: x\n\x00\x01\x02\xff"), FACTS, 2, None,
                    "binary file"),
    "gbk-source": (_gbk, SOURCE_TXT, 1, None, "not valid UTF-8"),
    "byte-order-mark": (_bom, FACTS, 1, None, "byte-order mark"),
    "crlf-line-ends": (_crlf, FACTS, 1, None, "CRLF"),
    "fifty-megabytes": (_huge, FACTS, None, None, "over the 5,000,000-byte limit"),
    "deeply-nested-yaml": (_write(FACTS, _nested(200).encode()), FACTS, 3, None,
                           "nested deeper"),
    "billion-laughs": (_write(FACTS, _BOMB.encode()), FACTS, 2, None, "aliases"),
    "upper-case-extension": (_write("data/facts/more.YAML", b"source: x\n"),
                             "data/facts/more.YAML", None, None, "rename it to more.yaml"),
    "yml-extension": (_write("data/facts/more.yml", b"source: x\n"), "data/facts/more.yml", None,
                      None, "rename it to more.yaml"),
    "fifo-fact-file": (lambda p: os.mkfifo(p / "data/facts/pipe.yaml"), "data/facts/pipe.yaml",
                       None, None, "not a regular file"),
    "symlink-out-of-data": (_symlink, "data/facts/elsewhere.yaml", None, None,
                            "symbolic link"),
    "ontology-does-not-parse": (_edit("kgo:Company\n    a owl:Class ;", "kgo:Company\n    a owl:Class ;;; ]",
                                      "ontology/kg.ttl"), "ontology/kg.ttl", None, None,
                                "does not parse as Turtle"),
    "shapes-do-not-parse": (_edit("kgsh:CompanyShape\n    a sh:NodeShape ;",
                                  "kgsh:CompanyShape\n    a sh:NodeShape ; [[",
                                  "ontology/shapes.ttl"), "ontology/shapes.ttl", None, None,
                            "does not parse as Turtle"),
    "source-language-tag": (_edit("language: zh-Hant", "language: zh Hant", SOURCE_META),
                            SOURCE_META, "language: zh Hant", SOURCE_ID, "not a BCP 47 tag"),
    "missing-quote": (_edit("    quote: 以應用驅動模型\n", "", FACTS), FACTS, None,
                      "application-drives-large-model", "'quote' is required"),
    "range-reversed": (_edit("value_min: 10", "value_min: 99"), FACTS, "value_min: 99", None,
                       "larger than 'value_max'"),
    "unknown-source": (_edit("source: sensetime-layoffs-2024", "source: no-such-source"), FACTS,
                       "source: no-such-source", None,
                       "source 'no-such-source' is not in data/sources/"),
}


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "exports").iterdir())}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(project, case):
    breaker, rel, where, item, words = CASES[case]
    before = snapshot(project)
    assert "sensetime.ttl" in before and ".kg-build.json" in before
    breaker(project)
    run = CliRunner().invoke(cli, ["build", "--no-html", "-p", str(project)])
    assert run.exit_code == 2, (run.exit_code, run.output)
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    message = lines[0]
    assert "Traceback" not in run.stderr and "internal error" not in message
    assert message.startswith(f"kg: error: {rel}"), message
    if where is not None:
        line = where if isinstance(where, int) else line_of(project, rel, where)
        assert message.startswith(f"kg: error: {rel}:{line}"), (message, line)
    if item:
        assert f"[{item}]" in message, message
    assert words in message, message
    assert re.search(r"; \w|\(e\.g\.|\(allowed|write |use |fix |add |copy |convert |give |"
                     r"lengthen|quote it|check |put |split |flatten", message), \
        f"no hint in: {message}"
    assert snapshot(project) == before


@pytest.mark.parametrize("written, read", [
    ("012", 12), ("-007", -7), ("1:30", "1:30"), ("0x1F", "0x1F"), ("0o17", "0o17"),
    ("1_000", "1_000"), ("yes", "yes"), ("No", "No"), ("on", "on"), ("off", "off"),
    ("2024-05-01", "2024-05-01"), ("17.4", 17.4), ("true", True), ("~", None), ("'012'", "012")])
def test_scalars_are_read_by_yaml_1_2_core_rules(tmp_path, written, read):
    """Both loaders (libyaml and pure Python) type only what YAML 1.2 core types."""
    from kg.inputs import yamlfile

    path = tmp_path / "f.yaml"
    path.write_text(f"a: {written}\nb: [{written}]\n", encoding="utf-8")
    assert yamlfile.load_yaml(path, "f.yaml") == {"a": read, "b": [read]}
    loader = yamlfile._Loader(path.read_text(encoding="utf-8"), "f.yaml")
    try:
        assert loader.get_single_data() == {"a": read, "b": [read]}
    finally:
        loader.dispose()


def test_a_leading_zero_figure_is_decimal(project):
    """``value: 034`` is 34 (YAML 1.2), not octal 28: the exports are those of ``value: 34``."""
    before = snapshot(project)
    replace(project, FACTS, "value: 34\n", "value: 034\n")
    run = CliRunner().invoke(cli, ["build", "-q", "--no-html", "--force", "-p", str(project)])
    assert run.exit_code == 0, run.output
    after = snapshot(project)
    assert after["sensetime.ttl"] == before["sensetime.ttl"]


def test_not_a_project(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kg", "build", "--no-html", "-p", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "no data/ directory" in run.stderr
    assert "Traceback" not in run.stderr


def test_corpus_size():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", ["billion-laughs", "gbk-source", "ontology-does-not-parse",
                                  "shapes-do-not-parse"])
def test_bad_input_in_a_real_process(project, case):
    before = snapshot(project)
    CASES[case][0](project)
    run = subprocess.run([sys.executable, "-m", "kg", "build", "--no-html", "-p", str(project)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert run.stdout == "" and len(run.stderr.splitlines()) == 1
    assert "Traceback" not in run.stderr
    assert snapshot(project) == before


def test_a_graph_that_does_not_conform_is_not_written(project):
    """Valid YAML whose graph breaks a shape: exit 1 and the exports stay as they were."""
    before = snapshot(project)
    replace(project, FACTS, "    relation: hasSegment\n    object: segment-smart-city\n",
            "    relation: hasSegment\n    object: xu-li\n")
    run = CliRunner().invoke(cli, ["build", "--no-html", "-p", str(project)])
    assert run.exit_code == 1, run.output
    assert "does not conform" in run.stderr and "kgsh:CompanyShape" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before
    validate = CliRunner().invoke(cli, ["validate", "-p", str(project)])
    assert validate.exit_code == 1
    assert "SenseTime (kge:sensetime) kgo:hasSegment = kge:xu-li" in validate.stdout
    skipped = CliRunner().invoke(cli, ["build", "-q", "--no-html", "--no-validate", "-p",
                                       str(project)])
    assert skipped.exit_code == 0
    assert "warning: --no-validate" in skipped.stderr
    assert snapshot(project)["sensetime.ttl"] != before["sensetime.ttl"]


# --- property-based: random documents never cause a traceback --------------------------------

_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12),
                    st.sampled_from(["xu-li", "sensetime", "Person", "Company", "holdsPost",
                                     "competesWith", "元", "億", "2018", "2024-H1", "商湯",
                                     "zh-Hant", "en", ""]))
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["zh-Hant", "zh-Hans", "en", "id", "x"]), inner,
                    max_size=3)), max_leaves=8)
_ENTITY = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.sampled_from(["a", "b-c", "xu-li", "Bad Id"]), _SCALAR),
    "class": st.one_of(st.sampled_from(["Person", "Company", "Metric", "Nope"]), _SCALAR),
    "label": st.one_of(st.just({"zh-Hant": "甲", "zh-Hans": "甲", "en": "A"}), _VALUE),
    "aliases": _VALUE, "note": _VALUE, "date": _VALUE, "other": _VALUE})
_STATEMENT = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.sampled_from(["s-1", "s-2", "Bad"]), _SCALAR),
    "subject": st.one_of(st.sampled_from(["a", "b-c", "zz"]), _SCALAR),
    "relation": st.one_of(st.sampled_from(["competesWith", "holdsPost", "nope"]), _SCALAR),
    "object": st.one_of(st.sampled_from(["a", "b-c"]), _SCALAR),
    "quote": st.one_of(st.sampled_from(["甲乙", "乙", "甲", "不在"]), _SCALAR),
    "occurrence": _SCALAR, "claimed_by": _SCALAR})
_FIGURE = st.fixed_dictionaries({}, optional={
    "id": st.sampled_from(["f-1", "f-2"]), "subject": st.sampled_from(["a", "b-c"]),
    "metric": st.sampled_from(["m", "a"]), "value": _SCALAR, "value_min": _SCALAR,
    "value_max": _SCALAR, "unit": _SCALAR, "multiplier": _SCALAR, "period": _SCALAR,
    "as_of": _SCALAR, "change": _VALUE, "flags": _VALUE, "quote": st.just("甲乙")})
_DOCUMENT = st.one_of(_VALUE, st.fixed_dictionaries({
    "source": st.one_of(st.just("tiny"), _SCALAR),
    "entities": st.one_of(st.lists(_ENTITY, max_size=4), _VALUE),
    "statements": st.one_of(st.lists(_STATEMENT, max_size=3), _VALUE),
    "figures": st.one_of(st.lists(_FIGURE, max_size=2), _VALUE)}))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A one-source project, its ontology and source loaded once."""
    from kg.inputs.ontology import load_ontology
    from kg.inputs.project import Project
    from kg.inputs.sources import load_source

    root = tmp_path_factory.mktemp("tiny")
    (root / "data" / "sources").mkdir(parents=True)
    (root / "data" / "facts").mkdir()
    (root / "data" / "sources" / "tiny.yaml").write_text(
        "id: tiny\nfile: tiny.txt\ntitle: 甲乙\nlanguage: zh-Hant\n", encoding="utf-8")
    (root / "data" / "sources" / "tiny.txt").write_text("甲乙丙。甲乙丁。\n", encoding="utf-8")
    project = Project.open(root)
    ontology = load_ontology([ROOT / "ontology" / "kg.ttl"], str)
    source = load_source(root / "data" / "sources" / "tiny.yaml", project.rel)
    return project, ontology, {"tiny": source}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(document=_DOCUMENT)
def test_random_documents_never_cause_a_traceback(tiny, document):
    """Loading and building any document either works or raises a KGError (one line, exit 2)."""
    from kg.errors import KGError
    from kg.graph.build import make_graph
    from kg.inputs.corpus import Inputs
    from kg.inputs.facts import load_facts

    project, ontology, sources = tiny
    path = project.data_dir / "facts" / "random.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        facts = load_facts([path], project.rel, classes=ontology.classes,
                           relations=ontology.relations, vocabulary=ontology.vocabulary,
                           sources=set(sources))
        graph = make_graph(Inputs(project, ontology, sources, facts))
    except KGError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("data/facts/random.yaml"), str(exc)
    else:
        assert len(graph) >= len(facts.entities)


def test_a_random_document_through_the_command_line(tmp_path):
    """The command line wraps the same path: a bad random document is one line, exit 2."""
    copy_project(tmp_path)
    (tmp_path / "data" / "facts" / "random.yaml").write_text(
        yaml.safe_dump({"source": SOURCE_ID, "entities": [{"id": 3, "label": [None]}]}),
        encoding="utf-8")
    run = CliRunner().invoke(cli, ["build", "-q", "--no-html", "-p", str(tmp_path)])
    assert run.exit_code == 2
    assert run.stderr.startswith("kg: error: data/facts/random.yaml:2: 'id' must be an id")


def test_the_validation_report_graph_lists_every_violation_once(project):
    """kg validate runs in parallel processes, each with a share of the shapes; the report
    graph it prints is one sh:ValidationReport with every result."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SH

    replace(project, FACTS, "    relation: hasSegment\n    object: segment-smart-city\n",
            "    relation: hasSegment\n    object: xu-li\n")
    text = CliRunner().invoke(cli, ["validate", "-p", str(project)])
    ttl = CliRunner().invoke(cli, ["validate", "--format", "ttl", "-p", str(project)])
    assert text.exit_code == ttl.exit_code == 1
    report = Graph().parse(data=ttl.stdout, format="turtle")
    (top,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(top, SH.conforms) == Literal(False)
    results = set(report.objects(top, SH.result))
    assert results == set(report.subjects(RDF.type, SH.ValidationResult))
    violations = [line for line in text.stdout.splitlines() if line.startswith("  ")]
    assert len(results) == len(violations) >= 1
