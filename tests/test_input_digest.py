"""The input digest of an unchanged project is read from the stats recorded with it
(``.kg-stat``), and never when a file was edited (even to the same size, its time put back),
added or removed: the digest is then the one hashing every file gives, and a query on the
store sees the change."""

from __future__ import annotations

import os
import time

import pytest

from conftest import copy_project, oxigraph_seed
from kg.inputs import project as module
from kg.inputs.project import DIGESTS_FILE, STAT_FILE, Project


def _age(root) -> None:
    """Put every input file past the two seconds within which a stat is not recorded."""
    old = time.time() - 60
    for path in Project.open(root).input_files():
        os.utime(path, (old, old))


def _from_scratch(root) -> str:
    """The digest with no record at all: every file (and kg's) read and hashed."""
    for name in (STAT_FILE, DIGESTS_FILE):
        if (root / name).exists():
            (root / name).unlink()
    return Project.open(root).input_digest()


def _edit_in_place(path, old: bytes, new: bytes) -> None:
    """Write ``path`` again with ``old`` replaced by ``new`` (same length), then give it back
    its modification time: only its change time tells the edit."""
    assert len(old) == len(new)
    info = os.stat(path)
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size


def test_an_unchanged_project_reads_its_digest_from_the_stats(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "p")
    _age(root)
    first = Project.open(root)
    digest = first.input_digest()
    assert (root / STAT_FILE).is_file()
    expected = dict(first.hashes)
    assert len(expected) == len(first.input_files())

    def refuse(path):
        raise AssertionError(f"read {path}")

    again = Project.open(root)
    # neither the per-file record nor any file is read while every stat is the recorded one
    monkeypatch.setattr(module, "read_json", refuse)
    monkeypatch.setattr(module, "file_hash_of", refuse)
    assert again.input_digest() == digest
    monkeypatch.undo()
    assert again.hashes == expected  # read from the record when asked for
    assert _from_scratch(root) == digest


def test_an_edit_of_one_byte_same_size_and_time_changes_the_digest(tmp_path):
    root = copy_project(tmp_path / "p")
    _age(root)
    digest = Project.open(root).input_digest()
    assert Project.open(root).input_digest() == digest  # from the stats
    facts = root / "data" / "facts" / "sensetime.yaml"
    _edit_in_place(facts, b"en: Xu Li", b"en: Xu Lu")
    changed = Project.open(root)
    edited = changed.input_digest()
    assert edited != digest
    assert changed.hashes["data/facts/sensetime.yaml"] == module.file_hash_of(str(facts))
    assert _from_scratch(root) == edited


def test_an_added_and_a_removed_source_file_change_the_digest(tmp_path):
    root = copy_project(tmp_path / "p")
    _age(root)
    digest = Project.open(root).input_digest()
    added = root / "data" / "sources" / "sensetime-hk-2025.txt"
    added.write_text("商湯科技於香港發布新模型。\n", encoding="utf-8")
    _age(root)  # old enough to be recorded: only its name and stat tell it
    project = Project.open(root)
    with_added = project.input_digest()
    assert with_added != digest and "data/sources/sensetime-hk-2025.txt" in project.hashes
    assert Project.open(root).input_digest() == with_added  # recorded, then read from stats
    assert _from_scratch(root) == with_added
    added.unlink()
    assert Project.open(root).input_digest() == digest
    meta = root / "data" / "sources" / "sensetime-layoffs-2024.yaml"
    meta.unlink()  # an input the build read is gone
    project = Project.open(root)
    without = project.input_digest()
    assert without != digest and "data/sources/sensetime-layoffs-2024.yaml" not in project.hashes
    assert _from_scratch(root) == without


def test_a_query_sees_an_edit_of_the_same_size_and_time(tmp_path):
    pytest.importorskip("pyoxigraph")
    from kg.api import KG

    kg = oxigraph_seed(tmp_path / "p")
    root = kg.project.root
    _age(root)
    text = ('SELECT ?name WHERE { ?p rdfs:label ?name . '
            'FILTER(str(?name) IN ("Xu Li", "Xu Lu")) }')
    spec = kg.store.spec

    def names() -> tuple[list[str], str | None]:
        fresh = KG(root, store=spec, notify=lambda message: None)  # as a new command
        said = fresh.ensure_built()
        return sorted(str(row[0]) for row in fresh.answer(text)), said

    assert names() == (["Xu Li"], None)  # built, then the digest recorded with the stats
    assert names() == (["Xu Li"], None)
    assert (root / STAT_FILE).is_file()
    _edit_in_place(root / "data" / "facts" / "sensetime.yaml", b"en: Xu Li", b"en: Xu Lu")
    answer, said = names()
    assert answer == ["Xu Lu"] and said and "changed since the last build" in said


def test_the_store_says_which_inputs_it_holds_in_a_record_of_its_own(tmp_path):
    pytest.importorskip("pyoxigraph")
    import json

    from kg.store.oxigraph import CURRENT_FILE, META_FILE

    kg = oxigraph_seed(tmp_path / "p")
    store, project = kg.store, kg.project
    folder = store.path
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    assert json.loads((folder / CURRENT_FILE).read_text(encoding="utf-8")) == \
        [meta["inputs"], meta["root"]]
    assert store.is_current(Project.open(project.root))
    (folder / CURRENT_FILE).unlink()  # as an older build left it: the whole record is read
    assert store.is_current(Project.open(project.root))
    (folder / CURRENT_FILE).write_text(json.dumps(["0" * 64, meta["root"]]), encoding="utf-8")
    assert not store.is_current(Project.open(project.root))


def test_an_export_edited_to_the_same_size_and_time_is_not_up_to_date(tmp_path, monkeypatch):
    pytest.importorskip("pyoxigraph")
    import json

    from kg.api import KG
    from kg.inputs.project import EXPORTS_DIGESTS_FILE

    kg = oxigraph_seed(tmp_path / "p")
    root, spec = kg.project.root, kg.store.spec
    manifest = json.loads((root / "exports" / ".kg-build.json").read_text(encoding="utf-8"))
    export = root / "exports" / manifest["graph"]
    old = time.time() - 60
    for path in (root / "exports").iterdir():
        os.utime(path, (old, old))
    assert KG(root, store=spec).up_to_date(html=False) is not None
    assert (root / EXPORTS_DIGESTS_FILE).is_file()

    def refuse(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(module, "file_hash_of", refuse)  # unchanged: the recorded hashes
    assert KG(root, store=spec).up_to_date(html=False) is not None
    monkeypatch.undo()
    data = export.read_bytes()
    at = data.index(b"SenseTime")
    _edit_in_place(export, data[at:at + 9], b"SenseTimf")
    assert KG(root, store=spec).up_to_date(html=False) is None
    export.write_bytes(data)
    assert KG(root, store=spec).up_to_date(html=False) is not None
