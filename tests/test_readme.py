"""A first run without surprises: what the README and the install hints tell a new user is what
kg does (the distribution's name, the install commands, the samples of real runs)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

README = ROOT / "README.md"


def read_pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_distribution_is_not_the_unrelated_kg_on_pypi():
    project = read_pyproject()["project"]
    # "kg" on PyPI is another project: a hint naming it would download and build that one
    assert project["name"] == "kg-evidence"
    assert project["scripts"] == {"kg": "kg.cli:main"}
    assert read_pyproject()["tool"]["setuptools"]["packages"]["find"]["include"] == ["kg*"]


def test_the_license_is_an_spdx_expression_setuptools_reads_without_warnings():
    pyproject = read_pyproject()
    # a table ({text = ...}) makes setuptools print a deprecation warning twice per install
    assert pyproject["project"]["license"] == "Apache-2.0"
    requires = pyproject["build-system"]["requires"]
    floor = next(re.fullmatch(r"setuptools>=(\d+)", r) for r in requires if "setuptools" in r)
    assert floor and int(floor.group(1)) >= 77  # the first to read license = "SPDX"
    # a plain .pth editable install: setuptools' import hook prints a warning on every install
    assert pyproject["tool"]["setuptools"]["package-dir"] == {"": "."}


def install_commands() -> list[tuple[str, str]]:
    """Every ``pip install ...`` that kg's code, docs and setup script tell a user to run."""
    files = [README, ROOT / "scripts" / "setup.sh", *sorted((ROOT / "docs").glob("*.md")),
             *sorted((ROOT / "kg").rglob("*.py"))]
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"pip install ([^`\n\"]*)", text):
            found.append((path.relative_to(ROOT).as_posix(), match.group(1).strip()))
    return found


def test_every_install_hint_installs_from_the_project():
    commands = install_commands()
    assert len(commands) >= 5  # the README's, setup.sh's and the two hints in kg/
    hints = {path for path, _ in commands}
    assert {"kg/views/report.py", "kg/store/oxigraph.py", "README.md"} <= hints
    for path, args in commands:
        if args.startswith("-q --upgrade pip"):
            continue
        words = [w for w in args.split() if w != "-q"]
        assert words[0] == "-e", f"{path}: pip install {args} does not install from the project"
        target = words[1].strip("'")
        assert re.fullmatch(r"\.(\[[a-z,]+\])?", target), f"{path}: pip install {args}"
        extras = re.findall(r"[a-z]+", target)
        assert set(extras) <= set(read_pyproject()["project"]["optional-dependencies"])


def test_setup_says_each_step_and_how_to_run_kg():
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    steps = re.findall(r'^\s*step "([^"]*)"', script, re.M)
    assert any("virtual environment" in s for s in steps)
    assert any("installing kg" in s for s in steps)
    assert ".venv/bin/kg" in steps[-1] and "source .venv/bin/activate" in script
    # every pip or apt command is announced by the step line just before it
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if re.match(r'\s*(\.venv/bin/python -m pip|"\$\{apt\[@\]\}" update|python3 -m venv)',
                    line):
            assert lines[i - 1].strip().startswith(("step ", "if ")), line


def test_readme_says_how_to_run_kg_and_the_benchmarks():
    readme = README.read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme and "`.venv/bin/kg`" in readme
    assert "`exports/graph.html`" in readme and "`exports/report.html`" in readme
    mentioned = re.findall(r"(\S*)python (benchmarks/\w+\.py)", readme)
    assert mentioned
    for prefix, script in mentioned:
        assert prefix.endswith(".venv/bin/"), f"{script}: run with the venv's Python"
        assert (ROOT / script).is_file()


def test_readme_shows_kg_help_as_an_80_column_terminal_shows_it():
    from tests.readme_samples import COLUMNS, readme_help, run_help

    shown = readme_help(README.read_text(encoding="utf-8"))
    assert shown, "README must contain the output of kg --help after <!-- help:kg -->"
    real = run_help()  # a real process, as a user's shell runs it, not CliRunner's width
    assert max(len(line) for line in real.splitlines()) <= COLUMNS
    assert shown == real, ("README's kg --help differs from the real one: run "
                           ".venv/bin/python -m tests.readme_samples --write")


def test_readme_shows_what_kg_serve_prints():
    from tests.readme_samples import readme_serve, run_serve

    real = run_serve()
    assert re.fullmatch(r"kg: serving sensetime \(\d+ triples, store memory\) at "
                        r"http://127\.0\.0\.1:8000/ — SPARQL endpoint .*; Ctrl-C stops", real)
    assert readme_serve(README.read_text(encoding="utf-8")) == [real], (
        "README's kg serve sample differs from a real run: run "
        ".venv/bin/python -m tests.readme_samples --write")


def test_the_samples_are_rewritten_in_place(tmp_path):
    from tests.readme_samples import readme_help, readme_serve, rewrite

    readme = README.read_text(encoding="utf-8")
    stale = readme.replace(readme_serve(readme)[0], "kg: serving sensetime (4932 triples)")
    fresh = rewrite(stale, "Usage: kg\n", "kg: serving x (1 triples, store memory)")
    assert readme_help(fresh) == "Usage: kg\n"
    assert readme_serve(fresh) == ["kg: serving x (1 triples, store memory)"]
    assert len(fresh.splitlines()) == len(readme.splitlines()) - len(
        readme_help(readme).splitlines()) + 1
