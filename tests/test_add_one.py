"""Adding one article to an Oxigraph store touches what the article changed: the shared graph
is extended, not dropped and loaded again; the ontology's Turtle is kept by the store and not
serialised again; the exports' manifest records the digest the build read."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("pyoxigraph")
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.api import KG  # noqa: E402


def _kg(project: Path) -> KG:
    return KG(project, store=f"oxigraph:{project / 'store'}")


def _quads(project: Path) -> list[str]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(project / "store"))
    text = store.dump(format=ox.RdfFormat.N_QUADS).decode()
    # the ontology's blank nodes are named anew by each parse: its graph is left out
    return sorted(line for line in text.splitlines()
                  if line and not line.endswith("graph/ontology> ."))


def test_an_added_article_extends_the_shared_graph_and_reuses_the_ontology_turtle(
        tmp_path, monkeypatch):
    from synth import add_article, generate

    import kg.rdfio.formats as formats
    import kg.store.oxigraph as oxigraph

    project = generate(tmp_path / "p", articles=2)
    _kg(project).build(html=False)
    ontology = (project / "exports" / "ontology.ttl").read_bytes()
    dropped, serialized = [], []
    real_drop, real_serialize = oxigraph._drop, formats.serialize
    monkeypatch.setattr(oxigraph, "_drop", lambda store, name: (dropped.append(name),
                                                                real_drop(store, name)))
    monkeypatch.setattr(formats, "serialize", lambda graph, fmt, **kw: (
        serialized.append(fmt), real_serialize(graph, fmt, **kw))[1])
    add_article(project, 2)
    built = _kg(project).build(html=False)
    assert built.sources_read == ["synth-000002"]
    assert "https://w3id.org/kg/resource/graph/shared" in built.rebuilt
    assert dropped == [] and serialized == []  # nothing dropped, no ontology serialised
    assert (project / "exports" / "ontology.ttl").read_bytes() == ontology
    manifest = json.loads((project / "exports" / ".kg-build.json").read_text())
    assert manifest["inputs"] == _kg(project).project.input_digest()
    full = tmp_path / "full"
    full.mkdir()
    for name in ("data", "ontology", "queries"):
        shutil.copytree(project / name, full / name)
    monkeypatch.undo()
    _kg(full).build(html=False)
    assert _quads(project) == _quads(full)  # the store holds what a full build loads
    assert (full / "exports" / "ontology.ttl").read_bytes() == ontology


def test_a_kept_ontology_turtle_of_another_ontology_is_not_used(tmp_path):
    from synth import generate

    project = generate(tmp_path / "p", articles=2)
    _kg(project).build(html=False)
    kept = project / "store" / "kg-ontology.ttl"
    head, _, body = kept.read_bytes().partition(b"\n")
    kept.write_bytes(head.replace(b"# kg ", b"# kg 0") + b"\n# stale\n" + body)
    ontology_file = project / "ontology" / "kg.ttl"
    ontology_file.write_text(ontology_file.read_text(encoding="utf-8") + "\n# edited\n",
                             encoding="utf-8")
    _kg(project).build(html=False)
    assert b"# stale" not in (project / "exports" / "ontology.ttl").read_bytes()
    assert b"# stale" not in kept.read_bytes()


def test_kg_build_walks_the_inputs_once_and_a_later_command_sees_an_edit(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from synth import add_article, generate

    from kg.cli import cli
    from kg.inputs.project import Project

    project = generate(tmp_path / "p", articles=2)
    _kg(project).build(html=False)
    add_article(project, 2)
    walks = []
    real = Project._input_stats
    monkeypatch.setattr(Project, "_input_stats", lambda self: (walks.append(1), real(self))[1])
    out = CliRunner().invoke(cli, ["build", "--project", str(project), "--no-html", "--store",
                                    f"oxigraph:{project / 'store'}"])
    assert out.exit_code == 0, out.output
    assert "files only added: 1 of" in out.output
    assert len(walks) == 1  # up_to_date's digest handed to the build, not walked again
    opened = Project.open(project)
    with opened.hold_digest():
        before = opened.input_digest()
        text = project / "data" / "sources" / "synth-000002.txt"
        text.write_text(text.read_text(encoding="utf-8") + "補記。\n", encoding="utf-8")
        assert opened.input_digest() == before  # held for the command
    assert opened.input_digest() != before  # the next command reads the edit
    manifest = json.loads((project / "exports" / ".kg-build.json").read_text())
    assert manifest["inputs"] == before
