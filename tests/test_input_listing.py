"""The input listing behind every command's digest check (``Project.input_files``, one stat a
file) lists what the path-by-path listing it replaced listed, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT
from kg.errors import InputError
from kg.inputs.project import Project


def _listed_path_by_path(project: Project) -> list[Path]:
    files = [p for p in sorted(project.data_dir.rglob("*")) if p.is_file() and
             not p.name.endswith(".draft.yaml")]
    return files + sorted((project.root / "ontology").glob("*.ttl"))


def test_the_seed_lists_the_same_files():
    project = Project.open(ROOT)
    listed = project.input_files()
    assert listed == _listed_path_by_path(project) and len(listed) > 5


def test_odd_trees_list_the_same_files(project_copy):
    data = project_copy / "data"
    (data / "a-b").mkdir()
    (data / "a-b" / "x.txt").write_text("1")
    (data / "a").mkdir()
    (data / "a" / "x.txt").write_text("2")  # a/x sorts before a-b/x part by part
    (data / "a" / "deep" / "er").mkdir(parents=True)
    (data / "a" / "deep" / "er" / ".hidden").write_text("3")
    (data / "sources" / "n.draft.yaml").write_text("x: 1\n")
    os.symlink(data / "a" / "x.txt", data / "link-to-file.txt")
    os.symlink(data / "a", data / "link-to-dir")  # listed by rglob, not walked, not a file
    os.symlink(data / "missing", data / "broken")
    project = Project.open(project_copy)
    listed = project.input_files()
    assert listed == _listed_path_by_path(project)
    names = {p.relative_to(data).as_posix() for p in listed if data in p.parents}
    assert {"a/x.txt", "a-b/x.txt", "a/deep/er/.hidden", "link-to-file.txt"} <= names
    assert not {"sources/n.draft.yaml", "link-to-dir", "broken"} & names
    assert project.input_digest() == project.input_digest()


def test_fact_files_and_their_refusals(project_copy):
    facts = project_copy / "data" / "facts"
    project = Project.open(project_copy)
    assert project.fact_files() == sorted(facts.glob("*.yaml")) != []
    (facts / "extra.yml").write_text("x: 1\n")
    with pytest.raises(InputError, match="fact files end in .yaml"):
        project.fact_files()
    (facts / "extra.yml").unlink()
    os.mkfifo(facts / "pipe.yaml")
    with pytest.raises(InputError, match="not a regular file"):
        project.input_files()
