"""Read commands never rebuild silently: after an edit, `kg query`, `path`, `stats`, `export`
and `report` say on stderr what they rebuild, with the options of the last build."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import ROOT, copy_project

LABEL_EN = 'SELECT ?l WHERE { kge:xu-li rdfs:label ?l FILTER(lang(?l) = "en") }'
CHANGED = ("kg: data/, ontology/ or kg itself changed since the last build: rebuilding exports/ "
           "first, as kg build{options} (the options of the last build)\n")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _rename_xu_li(project: Path, name: str) -> None:
    facts = project / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "en: Xu Li" in text
    facts.write_text(text.replace("en: Xu Li", f"en: {name}"), encoding="utf-8")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_query_after_an_edit_says_so_and_keeps_the_inferred_export(tmp_path):
    project = copy_project(tmp_path)
    exports = project / "exports"
    assert invoke("build", "--infer", "--no-html", "-q", "-p", str(project)).exit_code == 0
    inferred = exports / "sensetime-inferred.ttl"
    assert inferred.is_file() and not (exports / "graph.html").exists()
    _rename_xu_li(project, "Li Xu")
    result = invoke("query", LABEL_EN, "--format", "csv", "-p", str(project))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["l", "Li Xu"]
    assert result.stderr == CHANGED.format(options=" --infer --no-html")
    # the rebuild wrote what kg build --infer --no-html writes: the inferred export stays
    assert inferred.is_file() and "Li Xu" in (exports / "sensetime.ttl").read_text("utf-8")
    assert not (exports / "graph.html").exists()
    manifest = json.loads((exports / ".kg-build.json").read_text("utf-8"))
    assert manifest["inferred"] == "sensetime-inferred.ttl" and manifest["html"] is False
    inferred_query = invoke("query", "--inferred", "--format", "csv", "-p", str(project),
                            "ASK { kge:xu-li a <http://www.w3.org/ns/prov#Agent> }")
    assert inferred_query.exit_code == 0 and inferred_query.stderr == ""
    # up to date now: a read says nothing and rebuilds nothing
    before = _digests(exports)
    again = invoke("query", LABEL_EN, "--format", "csv", "-p", str(project))
    assert again.stderr == "" and again.stdout.splitlines() == ["l", "Li Xu"]
    assert _digests(exports) == before
    assert "nothing rebuilt (--force rebuilds)\n" in invoke(
        "build", "--infer", "--no-html", "-p", str(project)).stdout


def test_path_and_stats_as_subprocesses_say_what_they_rebuild(tmp_path):
    project = copy_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg", *args, "-p", str(project)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=300)

    first = kg("path", "xu-li", "sensetime", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.stderr == "kg: nothing built yet: building exports/ first, as kg build\n"
    assert (project / "exports" / "graph.html").is_file()
    _rename_xu_li(project, "Xu Li Renamed")
    stats = kg("stats", "--lang", "en", "--format", "json")
    assert stats.returncode == 0
    assert stats.stderr == CHANGED.format(options="")
    assert json.loads(stats.stdout)["entities"] == 70
    quiet = kg("path", "xu-li", "sensetime", "--lang", "en")
    assert quiet.returncode == 0 and quiet.stderr == "" and "Xu Li Renamed" in quiet.stdout


def test_exports_of_another_store_are_left_as_they_were(tmp_path):
    project = copy_project(tmp_path)
    store = f"oxigraph:{tmp_path / 'store'}"
    assert invoke("build", "--no-html", "-q", "--store", store, "-p", str(project)).exit_code == 0
    before = _digests(project / "exports")
    _rename_xu_li(project, "Li Xu")
    result = invoke("query", LABEL_EN, "--format", "csv", "-p", str(project))
    assert result.exit_code == 0 and result.stdout.splitlines() == ["l", "Li Xu"]
    assert result.stderr == ("kg: the inputs changed since store memory was built, and exports/ "
                             f"was built into {store}: building store memory (exports/ left as "
                             "they were)\n")
    assert _digests(project / "exports") == before
    on_store = invoke("query", LABEL_EN, "--format", "csv", "--store", store, "-p", str(project))
    assert on_store.stdout.splitlines() == ["l", "Li Xu"]
    assert on_store.stderr == CHANGED.format(options=" --no-html")


def test_the_api_tells_its_notify(tmp_path):
    from kg.api import KG

    project = copy_project(tmp_path)
    told: list[str] = []
    kg = KG(project, notify=told.append)
    assert kg.ensure_built() == "nothing built yet: building exports/ first, as kg build"
    assert told == ["nothing built yet: building exports/ first, as kg build"]
    assert kg.ensure_built() is None and len(told) == 1
    assert "--help" not in told[0]
    assert "rebuilds as kg build with the options of the last build" in " ".join(
        invoke("query", "--help").stdout.split())
