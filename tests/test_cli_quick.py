"""The quick form of ``kg query NAME`` (kg.cli.quick) prints what click's command prints, fails
the same way, and runs without click, PyYAML or rdflib; kg.yaml's cached parse and the
stat-first digest of kg's own files give what reading them gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT, copy_project, oxigraph_seed
from kg.cli.quick import parse_quick, parse_quick_build
from kg.cli.shell import QUERY_FORMATS

#: the same command line through click's group (never the quick path)
CLICK = "import sys\nfrom kg.cli.commands import cli\nsys.argv[0] = 'kg'\ncli(prog_name='kg')\n"
#: through the console entry point (the quick path when the form is recognised)
ENTRY = "import sys\nfrom kg.cli import main\nsys.argv[0] = 'kg'\nmain()\n"


def _run(script: str, args: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KG_STORE", None)
    env.pop("KG_PROJECT", None)
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, cwd=cwd,
                          env=env, timeout=600)


@pytest.fixture(scope="module")
def oxi(tmp_path_factory):
    pytest.importorskip("pyoxigraph")
    kg = oxigraph_seed(tmp_path_factory.mktemp("quick"))
    kg.ensure_built()
    return kg


def test_the_quick_form_is_recognised_and_nothing_else():
    assert parse_quick(["query", "competitors"]) == {"sparql": "competitors"}
    assert parse_quick(["query", "-f", "csv", "losses", "--store=oxigraph:s", "-p", "p"]) == \
        {"fmt": "csv", "sparql": "losses", "store": "oxigraph:s", "project": "p"}
    for args in (["query"], ["query", "a", "b"], ["query", "x", "--bind", "a=b"],
                 ["query", "x", "-f", "yaml"], ["query", "x", "--help"], ["query", "-fjson", "x"],
                 ["query", "x", "-f"], ["query", "x", "-f", "csv", "-f", "json"],
                 ["query", "SELECT * {}"], ["query", "q.rq"], ["query", "-"], ["--version"],
                 ["query", "x", "--inferred"], ["query", "x", "--store", ""], ["build"],
                 ["query", "x", "-p=dir"], ["query", "x", "--", "y"]):
        assert parse_quick(args) is None, args


def _same(args: list[str], cwd) -> subprocess.CompletedProcess:
    """Run ``args`` both ways; assert the same bytes on stdout and stderr and the same code."""
    quick, click = _run(ENTRY, args, cwd), _run(CLICK, args, cwd)
    assert (quick.returncode, quick.stdout, quick.stderr) == \
        (click.returncode, click.stdout, click.stderr), args
    return quick


@pytest.fixture(scope="module")
def mem(tmp_path_factory):
    from kg.api import KG

    kg = KG(copy_project(tmp_path_factory.mktemp("quick-memory")))
    kg.build(html=False)
    return kg


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_quick_and_click_print_the_same_bytes(oxi, mem, store):
    kg = oxi if store == "oxigraph" else mem
    root, spec = kg.project.root, kg.store.spec
    for fmt in QUERY_FORMATS:
        done = _same(["query", "competitors", "-p", str(root), "--store", spec, "-f", fmt], root)
        if fmt in ("table", "csv", "tsv", "json"):
            assert done.returncode == 0 and b"Alibaba Cloud" in done.stdout, done.stderr
        else:  # a SELECT answer has no RDF form: the same one-line error, exit 2
            assert done.returncode == 2 and done.stderr.startswith(b"kg: error: "), done.stderr
    # the project found from the working directory, the store from KG_STORE's absence
    assert b"Alibaba Cloud" in _same(["query", "competitors", "--store", spec], root).stdout


def test_quick_and_click_fail_the_same_way(oxi, tmp_path):
    root = str(oxi.project.root)
    missing = _same(["query", "no-such-query", "-p", root, "--store", oxi.store.spec], root)
    assert missing.returncode == 2 and b"is not a canned query" in missing.stderr
    unknown = _same(["query", "competitors", "-p", root, "--store", "nosuch"], root)
    assert unknown.returncode == 2 and b"unknown store 'nosuch'" in unknown.stderr
    no_path = _same(["query", "competitors", "-p", root, "--store", "oxigraph:"], root)
    assert no_path.returncode == 2 and b"needs a directory" in no_path.stderr
    no_project = _same(["query", "competitors", "-p", str(tmp_path)], root)
    assert no_project.returncode == 2 and b"no data/ directory" in no_project.stderr
    (oxi.project.queries_dir / "broken.rq").write_bytes(b"\xff\xfe")
    try:
        broken = _same(["query", "broken", "-p", root, "--store", oxi.store.spec], root)
    finally:
        (oxi.project.queries_dir / "broken.rq").unlink()
    assert broken.returncode == 2 and b"queries/broken.rq: not UTF-8" in broken.stderr


#: what a cold canned query never imports: click, PyYAML, rdflib, and the standard modules
#: kg's cold path was cut free of (dataclasses pulls in inspect; typing's Protocol and flag;
#: decimal; importlib.util to look for pyoxigraph, importlib itself to import the store's
#: module; pathlib, json and csv, which import re; threading, to check the inputs while the
#: store answers)
NOT_ON_THE_COLD_PATH = ("click", "yaml", "rdflib", "dataclasses", "inspect", "typing", "decimal",
                        "importlib", "importlib.util", "kg.store.protocol", "pathlib", "json",
                        "csv", "fnmatch", "urllib.parse", "hashlib", "threading")
#: and for a machine format: what only the table needs (widths, escapes for the terminal:
#: kg.text's patterns, with re and what re imports)
NOT_FOR_JSON = ("unicodedata", "kg.text", "re", "enum", "functools", "collections")


def test_a_cold_canned_query_imports_none_of_what_it_does_not_need(oxi):
    root = str(oxi.project.root)
    watched = NOT_ON_THE_COLD_PATH + NOT_FOR_JSON
    probe = ENTRY.replace("main()\n", "try:\n    main()\nfinally:\n    print(sorted(m for m in "
                          f"{watched!r} if m in sys.modules), file=sys.stderr)\n")
    for fmt, allowed in (("table", NOT_FOR_JSON), ("csv", ()), ("tsv", ()), ("json", ())):
        done = _run(probe, ["query", "competitors", "-p", root, "--store", oxi.store.spec,
                            "-f", fmt], root)
        assert done.returncode == 0 and b"Alibaba Cloud" in done.stdout, done.stderr
        imported = eval(done.stderr.decode().strip().splitlines()[-1])  # the probe's list
        assert [m for m in imported if m not in allowed] == [], (fmt, imported)
    assert imported == []  # the last, json: nothing watched
    # the project found from a folder inside it (no -p), as kg is mostly run
    found = _run(probe, ["query", "competitors", "--store", oxi.store.spec, "-f", "json"],
                 oxi.project.root / "data" / "sources")
    assert b"Alibaba Cloud" in found.stdout and \
        eval(found.stderr.decode().strip().splitlines()[-1]) == [], found.stderr
    table = _run(probe, ["query", "competitors", "-p", root, "--store", oxi.store.spec], root)
    assert "kg.text" in eval(table.stderr.decode().strip().splitlines()[-1])  # the probe sees


def _aged(path) -> None:
    old = time.time() - 60  # past the two seconds within which a stat is not trusted
    os.utime(path, (old, old))


def test_kg_yaml_is_read_from_its_cached_parse_while_unchanged(tmp_path):
    from kg.inputs.project import SETTINGS_FILE, Project

    project = copy_project(tmp_path / "p")
    config = project / "data" / "kg.yaml"
    _aged(config)
    read = Project.open(project)
    assert (project / SETTINGS_FILE).is_file()
    probe = ("import json, sys\nfrom kg.inputs.project import Project\n"
             "p = Project.open(sys.argv[1])\nprint(json.dumps([p.name, p.base, repr(p.charts), "
             "'yaml' in sys.modules]))")
    out = json.loads(_run(probe, [str(project)], project).stdout)
    assert out == [read.name, read.base, repr(read.charts), False] and read.charts
    assert Project.open(project).charts == read.charts
    # an edit (even one of the same size) is seen: the stat differs from the recorded one
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"name: {read.name}", f"name: {read.name[:-1]}x", 1),
                      encoding="utf-8")
    assert Project.open(project).name == read.name[:-1] + "x"
    config.write_text(text.replace(f"name: {read.name}", "name: Not A Slug", 1), encoding="utf-8")
    _aged(config)
    from kg.errors import InputError

    with pytest.raises(InputError, match="must be a lowercase slug"):
        Project.open(project)


def test_kg_own_files_are_hashed_stat_first_to_the_same_digest(tmp_path, monkeypatch):
    from pathlib import Path

    from kg.inputs import project as module

    project = copy_project(tmp_path / "p")
    monkeypatch.setattr(module, "_PACKAGE_DIGEST", [])
    first = module.Project.open(project).input_digest()
    assert module._PACKAGE_DIGEST == [module.package_digest(module.PACKAGE_DIR)]
    recorded = json.loads((project / module.DIGESTS_FILE).read_text(encoding="utf-8"))
    assert any(name.startswith("kg/") for name in recorded)
    monkeypatch.setattr(module, "_PACKAGE_DIGEST", [])
    read: list = []
    real = module.file_hash_of
    monkeypatch.setattr(module, "file_hash_of", lambda path: read.append(Path(path)) or real(path))
    assert module.Project.open(project).input_digest() == first
    assert not [p for p in read if module.PACKAGE_DIR in p.parents]
    (project / "data" / "kg.yaml").write_text("name: changed\n", encoding="utf-8")
    assert module.Project.open(project).input_digest() != first
    assert read == [project / "data" / "kg.yaml"]  # the probe sees a file read


# -- what the cold path reads without re, json or pathlib gives what they give

_LANG_EQ = r'(?i)(\blang\s*\(\s*[?$]\w+\s*\))(\s*=\s*)("[^"\\]*"|\'[^\'\\]*\')'
_LANG_EQ_REV = r'(?i)("[^"\\]*"|\'[^\'\\]*\')(\s*=\s*)(lang\s*\(\s*[?$]\w+\s*\))'


def _fold_by_re(text: str) -> str:
    """The language folding as re.sub does it (the patterns the scan stands for)."""
    import re

    text = re.sub(_LANG_EQ, lambda m: f"lcase({m.group(1)}){m.group(2)}{m.group(3).lower()}",
                  text)
    return re.sub(_LANG_EQ_REV,
                  lambda m: f"{m.group(1).lower()}{m.group(2)}lcase({m.group(3)})", text)


def test_language_comparisons_are_folded_as_the_patterns_fold_them():
    import random

    from kg.rdfio.sparql import fold_lang_comparisons

    canned = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    assert any("lcase(lang(?name))" in fold_lang_comparisons(t) for t in canned)
    written = ['FILTER(LANG(?label)="zh-Hant")', "FILTER ( 'EN' = lang( ?n ) )",
               'FILTER(lang(?x) = "zh-Hant" || "EN" = lang($y))', 'FILTER(xlang(?x) = "EN")',
               'FILTER(lang(?名稱)\u3000=\u3000"zh-Hant")', 'FILTER(lang(?x) = "a\\"b")',
               'FILTER(lang(?x) = lang(?y))', 'FILTER(lang() = "EN")']
    parts = ["lang", "LaNg", "(", ")", "?x", "$y", "?", "=", " ", "\n", "\u3000", '"EN"',
             "'Zh-Hant'", '"', "'", "\\", "x", "_", "é", "\u212a", "ı", "İ", "lan", "g", "名"]
    rng = random.Random(19)
    made = ["".join(rng.choice(parts) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    for text in canned + written + made:
        assert fold_lang_comparisons(text) == _fold_by_re(text), text


def test_literal_forms_and_names_are_checked_as_their_patterns():
    import re
    from itertools import product

    from kg.inputs.queries import is_query_name
    from kg.rdfio import terms

    patterns = {"integer": r"0|-?[1-9][0-9]*", "decimal": r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?",
                "boolean": r"true|false",
                "date": r"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])",
                "gYear": r"[1-9][0-9]{3}"}
    alphabet = ["0", "1", "9", "-", ".", "a", "٣", " "]
    values = ["".join(p) for n in range(6) for p in product(alphabet, repeat=n)]
    values += ["2024-02-29", "2024-13-01", "2024-12-31", "0999-01-01", "2024-00-10",
               "2024-1-01", "2024-01-32", "true", "false", "True", "34.50", "-0", "-0.0"]
    for name, pattern in patterns.items():
        kept = terms._KEPT_AS_WRITTEN[terms._XSD + name]
        for value in values:
            assert kept(value) == bool(re.fullmatch(pattern, value)), (name, value)
    for value in values + ["competitors", "revenue-by-segment", "a_b", "Caps", "x.rq", "_x", ""]:
        assert is_query_name(value) == bool(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value)), value


def test_records_and_answers_read_and_write_as_json_does(oxi):
    from kg.rdfio.jsonio import dump_json, load_json

    root = oxi.project.root
    for record in (root / ".kg-digests.json", oxi.store.path / "kg-store.json"):
        text = record.read_text(encoding="utf-8")
        assert load_json(text) == json.loads(text)
    answer = {"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "literal", "value": "商湯\u2028科技 \"SenseTime\"\t\\", "xml:lang": "zh-Hant"}},
        {"x": {"type": "literal", "value": "34.5", "n": 1.5e300, "k": [True, None, -3]}}]}}
    for options in ({}, {"ensure_ascii": False, "allow_nan": False},
                    {"separators": (",", ":"), "sort_keys": True}):
        assert dump_json(answer, **options) == json.dumps(answer, **options)
        assert load_json(" \n" + json.dumps(answer, **options) + "\n") == answer
    for bad in ("", "{", "[1] [2]", "\ufeff{}"):
        with pytest.raises(ValueError):
            load_json(bad)
    with pytest.raises(ValueError):
        dump_json([float("nan")], allow_nan=False)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dump_json({"x": object()})


def test_the_project_is_found_without_pathlib_as_with_it(oxi, tmp_path, monkeypatch):
    from pathlib import Path

    from kg.inputs.project import Project, find_root, find_root_path

    root = oxi.project.root
    for start, cwd in ((".", root / "data" / "sources"), (".", root), ("sources/./", root / "data"),
                       ("../data/..", root / "data"), (str(tmp_path), root)):
        monkeypatch.chdir(cwd)
        assert find_root_path(start) == str(find_root(start)) == str(_found_by_pathlib(start))
    monkeypatch.chdir(root / "data")
    assert find_root_path() == str(root)
    opened = Project.open(root / "data" / "..")  # as Path.resolve(): the real directory
    assert opened.root == root and opened.path() == str(root) and opened == oxi.project
    assert opened.path("queries") == str(oxi.project.queries_dir)
    assert Project.open(str(root)).root == Path(root).resolve()


def _found_by_pathlib(start: str):
    """find_root as it was written with pathlib."""
    from pathlib import Path

    start = Path(start).absolute()
    if (start / "data").is_dir():
        return start
    for folder in start.parents:
        if (folder / "data" / "kg.yaml").is_file():
            return folder
    return start


def test_a_query_answered_while_the_inputs_are_checked_is_kept_only_from_a_current_store(
        tmp_path):
    """kg.api.KG.answer asks the store while the inputs are stat'ed: from a stale store its
    answer is dropped (the store rebuilt, asked again), its error too; an input error is
    raised before a query's, as when the inputs were checked first."""
    from kg.errors import InputError, QuerySyntaxError

    pytest.importorskip("pyoxigraph")
    kg = oxigraph_seed(tmp_path)
    told: list[str] = []
    kg.notify = told.append
    label = 'SELECT ?l WHERE { kge:xu-li rdfs:label ?l FILTER(lang(?l) = "en") }'
    assert [str(row[0]) for row in kg.answer(label).rows] == ["Xu Li"] and told == []
    facts = kg.project.root / "data" / "facts" / "sensetime.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("en: Xu Li", "en: Li Xu"),
                     encoding="utf-8")
    assert [str(row[0]) for row in kg.answer(label).rows] == ["Li Xu"] and len(told) == 1
    with pytest.raises(QuerySyntaxError):
        kg.answer("SELECT ?l WHERE {")
    (kg.project.root / "data" / "facts" / "misnamed.yml").write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match="misnamed.yml"):
        kg.answer("SELECT ?l WHERE {")


def test_the_quick_build_form_is_recognised_and_nothing_else():
    assert parse_quick_build(["build"]) == {}
    assert parse_quick_build(["build", "--no-html", "-q", "--store=oxigraph:s", "-p", "p",
                              "--force", "--infer", "--no-validate"]) == \
        {"html": False, "quiet": True, "store": "oxigraph:s", "project": "p", "force": True,
         "infer": True, "validate": False}
    for args in (["query", "x"], ["build", "x"], ["build", "--help"], ["build", "-qp", "p"],
                 ["build", "--html", "--no-html"], ["build", "-q", "--quiet"],
                 ["build", "--store"], ["build", "--store", ""], ["build", "-p=dir"],
                 ["build", "--store", "-q"], ["build", "--", "x"], ["--version", "build"]):
        assert parse_quick_build(args) is None, args


def test_a_quick_build_prints_what_click_prints_without_importing_click(tmp_path):
    # the same builds, one way in each of two copies (a build changes what the next says)
    quick, click = copy_project(tmp_path / "quick"), copy_project(tmp_path / "click")
    for args in (["build", "-p", ".", "--store", "oxigraph:store", "--no-html"],
                 ["build", "-p", ".", "--store", "oxigraph:store", "--no-html"],  # up to date
                 ["build", "--store", "oxigraph:store", "--force", "-q", "--no-html"],
                 ["build", "--no-validate", "--no-html"], ["build", "-p", "none"]):
        by_quick, by_click = _run(ENTRY, args, quick), _run(CLICK, args, click)
        assert (by_quick.returncode, by_quick.stdout, by_quick.stderr) == \
            (by_click.returncode, by_click.stdout, by_click.stderr), args
    probe = ENTRY.replace("main()\n", "try:\n    main()\nfinally:\n    print('click' in "
                          "sys.modules, file=sys.stderr)\n")
    done = _run(probe, ["build", "--store", "oxigraph:store", "--no-html", "--force"], quick)
    assert done.returncode == 0 and b"store oxigraph:store: " in done.stdout, done.stderr
    assert done.stderr.decode().strip().splitlines()[-1] == "False"
