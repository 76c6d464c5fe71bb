"""A build is committed whole or not at all (issue 18 item 6): a failure while writing leaves
the last build; a kill during the renames, a torn or an edited export is found by the hashes
in the manifest and rebuilt, never answered from; temporaries a kill left are removed; the
query cache is byte-identical across builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli
from tests.conftest import ROOT, copy_project

LABEL = "SELECT ?l WHERE { kge:xu-li rdfs:label ?l FILTER(lang(?l) = 'en') }"


def _snapshot(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _temporaries(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _rename(root, label: str) -> None:
    """Give xu-li a new label in every language in the fact file (the report and the view show
    the default language's)."""
    facts = root / "data" / "facts" / "sensetime.yaml"
    text = facts.read_text(encoding="utf-8")
    line = "label: {zh-Hant: 徐立, zh-Hans: 徐立, en: Xu Li}"
    assert text.count(line) == 1
    facts.write_text(text.replace(line, f"label: {{zh-Hant: {label}, zh-Hans: {label}, "
                                        f"en: {label}}}"), encoding="utf-8")


def _label(root) -> tuple[str, str]:
    """kg query's answer (the English label of xu-li) and what it said on standard error."""
    result = CliRunner().invoke(cli, ["query", LABEL, "-f", "json", "-p", str(root)])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    return bindings[0]["l"]["value"], result.stderr


def _build_killed_at(root, target: str) -> subprocess.CompletedProcess:
    """``kg build`` in a process that SIGKILLs itself when it is about to rename ``target``
    into place: no cleanup runs, as when a build is killed."""
    script = f"""
import os, signal, sys
import kg.rdfio.files as files
real = os.replace
def replace(src, dst):
    if os.path.basename(dst) == {target!r}:
        os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
files.os.replace = replace
from kg.api import KG
KG({str(root)!r}).build()
"""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def built(tmp_path):
    from kg.api import KG

    root = copy_project(tmp_path / "project")
    KG(root).build()
    return root


def test_a_failure_while_writing_leaves_the_last_build(built, monkeypatch):
    from kg.api import KG
    from kg.rdfio import files
    from kg.store.memory import exports_intact, read_manifest

    exports = built / "exports"
    before = _snapshot(exports)
    _rename(built, "Xu Li Renamed")
    real, calls = files.tempfile.mkstemp, []

    def full_disk(*args, **kwargs):
        calls.append(kwargs.get("prefix"))
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", full_disk)
    with pytest.raises(OSError):
        KG(built).build()
    monkeypatch.undo()
    assert len(calls) == 4
    assert _snapshot(exports) == before and _temporaries(exports) == []
    project = KG(built).project
    assert exports_intact(project, read_manifest(project))


def test_a_build_killed_during_the_renames_is_rebuilt_not_trusted(built):
    """The issue's case: a build of new inputs is killed after renaming the query cache, before
    the manifest; the inputs are put back. The manifest's digest matches them again, but the
    cache holds the killed build's answer: it must be rebuilt, not answered from."""
    exports = built / "exports"
    facts = built / "data" / "facts" / "sensetime.yaml"
    original = facts.read_bytes()
    assert _label(built) == ("Xu Li", "")
    _rename(built, "Xu Li Killed")
    killed = _build_killed_at(built, ".kg-build.json")
    assert killed.returncode == -9, killed.stderr
    assert b"Xu Li Killed" in (exports / ".kg-graph.json").read_bytes()  # renamed in time
    leftovers = _temporaries(exports)
    assert leftovers and all(name.startswith("..kg-build.json.") for name in leftovers)
    facts.write_bytes(original)
    value, said = _label(built)
    assert value == "Xu Li"
    assert "exports/ are not what the last build wrote" in said and "rebuilding" in said
    assert _temporaries(exports) == []  # the rebuild removed what the kill left
    assert b"Xu Li Killed" not in (exports / ".kg-graph.json").read_bytes()
    assert _label(built) == ("Xu Li", "")  # whole again: nothing more to rebuild


def test_a_kill_between_two_exports_leaves_a_set_that_is_rebuilt(built):
    exports = built / "exports"
    _rename(built, "Xu Li Second")
    killed = _build_killed_at(built, "graph.html")
    assert killed.returncode == -9
    assert b"Xu Li Second" in (exports / "sensetime.ttl").read_bytes()
    assert b"Xu Li Second" not in (exports / "report.html").read_bytes()  # old, as the manifest
    result = CliRunner().invoke(cli, ["build", "-p", str(built)])
    assert result.exit_code == 0 and "up to date" not in result.output, result.output
    assert _temporaries(exports) == []
    for name in ("sensetime.ttl", "graph.html", "report.html", ".kg-graph.json"):
        assert b"Xu Li Second" in (exports / name).read_bytes(), name
    again = CliRunner().invoke(cli, ["build", "-p", str(built)])
    assert "up to date" in again.output


@pytest.mark.parametrize("damage", ["edited", "torn", "removed"])
def test_a_damaged_export_is_rebuilt(built, damage):
    exports = built / "exports"
    cache = exports / ".kg-graph.json"
    data = cache.read_bytes()
    if damage == "edited":  # still valid JSON rows: only the hash can tell
        assert b'"Xu Li"' in data
        cache.write_bytes(data.replace(b'"Xu Li"', b'"Xu Li Forged"'))
    elif damage == "torn":
        cache.write_bytes(data[: len(data) // 2])
    else:
        cache.unlink()
    value, said = _label(built)
    if damage == "removed":  # as in a fresh clone (the cache is not committed): the Turtle
        assert (value, said) == ("Xu Li", "")
        assert CliRunner().invoke(cli, ["build", "-p", str(built)]).exit_code == 0
    else:
        assert value == "Xu Li" and "rebuilding exports/ first" in said
    assert cache.read_bytes() == data
    report = exports / "report.html"
    report.write_bytes(report.read_bytes().replace(b"</body>", b"<p>edited</p></body>"))
    result = CliRunner().invoke(cli, ["build", "-p", str(built)])
    assert result.exit_code == 0 and "up to date" not in result.output
    assert b"<p>edited</p>" not in report.read_bytes()


def test_every_export_is_byte_identical_across_builds(built):
    from kg.api import KG

    first = _snapshot(built / "exports")
    KG(built).build()
    second = _snapshot(built / "exports")
    assert first.keys() == second.keys() and ".kg-graph.json" in first
    assert first == second
    manifest = json.loads(first[".kg-build.json"])
    assert set(manifest["kept"]) == {".kg-graph.json"}
    assert all(len(digest) == 64 for digest in {**manifest["files"], **manifest["kept"]}.values())


def test_write_together_renames_last_what_it_is_told(tmp_path, monkeypatch):
    from kg.rdfio import files

    order = []
    real = os.replace
    monkeypatch.setattr(files.os, "replace", lambda src, dst: (order.append(os.path.basename(
        dst)), real(src, dst)))
    files.write_together({tmp_path / "a": b"1", tmp_path / "b": b"2", tmp_path / "z": b"3"},
                         before_last=lambda: order.append("hook"))
    assert order == ["a", "b", "hook", "z"]
    assert (tmp_path / "z").read_bytes() == b"3" and _temporaries(tmp_path) == []
    (tmp_path / ".a.x1.tmp").write_bytes(b"left by a kill")
    (tmp_path / ".other.x1.tmp").write_bytes(b"not ours")
    assert [p.name for p in files.remove_temporaries(tmp_path, ["a", "b"])] == [".a.x1.tmp"]
    assert (tmp_path / ".other.x1.tmp").exists()
