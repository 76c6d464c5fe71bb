"""The input index: a build into Oxigraph after files were only added reads those files (and
the sources their new names occur in), and makes exactly what a build of every input makes."""

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
from kg.errors import InputError  # noqa: E402
from kg.inputs.index import read_index  # noqa: E402
from kg.store.oxigraph import FOLDED_FILE, INDEX_FILE, SHARED_FILE  # noqa: E402


def _project(target: Path, articles: int = 3) -> Path:
    from synth import generate

    return generate(target, articles=articles)


def _build(project: Path):
    return KG(project, store=f"oxigraph:{project / 'store'}").build()


def _outputs(project: Path) -> dict[str, bytes]:
    """The exports, each graph's Turtle, and the store's index without its root."""
    files = sorted((project / "exports").glob("*")) + \
        sorted((project / "store" / "kg-turtle").glob("*"))
    out = {str(p.relative_to(project)): p.read_bytes() for p in files if p.is_file()}
    manifest = json.loads(out.pop("exports/.kg-build.json"))
    assert manifest.pop("store").endswith(str(project / "store"))
    out["manifest"] = json.dumps(manifest, sort_keys=True).encode()
    index = read_index(project / "store" / INDEX_FILE)
    index.pop("root")
    # the folded text of each source (an added build appends, a full build sorts)
    folded = (project / "store" / FOLDED_FILE).read_text(encoding="utf-8")
    starts = [start for _, start in index["folded"]] + [len(folded) + 1]
    index["folded"] = sorted((sid, folded[start:end - 1])
                             for (sid, start), end in zip(index.pop("folded"), starts[1:]))
    out["shared"] = "\n".join(sorted(
        (project / "store" / SHARED_FILE).read_text(encoding="utf-8").split())).encode()
    out["index"] = json.dumps(index, sort_keys=True).encode()
    out["summary"] = json.dumps(KG(project, store=f"oxigraph:{project / 'store'}")
                                .store.summary(), sort_keys=True).encode()
    return out


def _from_scratch(project: Path, target: Path) -> Path:
    target.mkdir()
    for name in ("data", "ontology", "queries"):
        shutil.copytree(project / name, target / name)
    _build(target)
    return target


def test_added_article_is_read_alone_and_builds_what_a_full_build_builds(tmp_path):
    from synth import add_article

    project = _project(tmp_path / "p")
    first = _build(project)
    assert first.sources_read is None  # no index yet: every input read
    sid = add_article(project, 3)
    added = _build(project)
    assert added.sources_read == [sid] and added.sources_total == 5  # the seed's source too
    assert added.rebuilt == sorted([f"https://w3id.org/kg/resource/graph/source/{sid}",
                                    "https://w3id.org/kg/resource/graph/shared"])
    assert added.validation.conforms and sid in " ".join(added.validated)
    full = _from_scratch(project, tmp_path / "full")
    assert _outputs(project) == _outputs(full)
    rows = list(KG(project, store=f"oxigraph:{project / 'store'}").query("competitors"))
    assert rows and rows == list(KG(full, store=f"oxigraph:{full / 'store'}").query("competitors"))


def test_a_new_name_relinks_the_old_sources_it_occurs_in(tmp_path):
    from synth import company

    project = _project(tmp_path / "p")
    _build(project)
    name = company(0)["zh-Hant"]  # named in synth-000000 (and in its rivals' articles)
    sources = project / "data" / "sources"
    (sources / "clone.txt").write_text(f"{name}也是一家新公司的名字。\n", encoding="utf-8")
    (sources / "clone.yaml").write_text(
        "id: clone\nfile: clone.txt\ntitle: 同名公司\nlanguage: zh-Hant\n", encoding="utf-8")
    (project / "data" / "facts" / "clone.yaml").write_text(
        "source: clone\nentities:\n  - id: co-clone\n    class: Company\n"
        f"    label: {{zh-Hant: {name}, zh-Hans: {name}, en: Clone Co}}\n", encoding="utf-8")
    added = _build(project)
    holding = sorted(p.stem for p in sources.glob("synth-*.txt")
                     if name in p.read_text(encoding="utf-8"))
    assert "synth-000000" in holding
    assert added.sources_read == sorted(["clone", *holding])
    assert _outputs(project) == _outputs(_from_scratch(project, tmp_path / "full"))
    kg = KG(project, store=f"oxigraph:{project / 'store'}")
    mentioned = list(kg.query("SELECT DISTINCT ?s WHERE { ?m kgo:mentionOf kge:co-clone ; "
                              "oa:hasTarget/oa:hasSource ?s }"))
    assert len(mentioned) == len(holding) + 1


def test_an_added_file_that_repeats_an_id_fails_and_leaves_everything(tmp_path):
    project = _project(tmp_path / "p", articles=2)
    _build(project)
    before = _outputs(project)
    (project / "data" / "facts" / "again.yaml").write_text(
        "source: synth-000001\nentities:\n  - id: co-000000\n    class: Company\n"
        "    label: {zh-Hant: 重複, zh-Hans: 重复, en: Again}\n", encoding="utf-8")
    with pytest.raises(InputError) as failed:
        _build(project)
    message = str(failed.value)
    assert "duplicate entity id 'co-000000'" in message
    assert "data/facts/synth-000000.yaml" in message  # where it was first defined
    assert _outputs(project) == before


def test_an_edited_file_reads_every_input(tmp_path):
    project = _project(tmp_path / "p", articles=2)
    _build(project)
    facts = project / "data" / "facts" / "synth-000001.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    again = _build(project)
    assert again.sources_read is None
    assert _outputs(project) == _outputs(_from_scratch(project, tmp_path / "full"))


def test_a_new_fact_file_about_an_old_source_rebuilds_that_source(tmp_path):
    from synth import company

    project = _project(tmp_path / "p", articles=2)
    _build(project)
    name = company(0)["zh-Hant"]
    quote = f"{name}的股價在消息公布後有所波動"
    text = (project / "data" / "sources" / "synth-000000.txt").read_text(encoding="utf-8")
    if quote not in text:
        quote = next(line for line in text.splitlines() if name in line).rstrip("。")
    (project / "data" / "facts" / "synth-000000-more.yaml").write_text(
        "source: synth-000000\n"  # no new name: only what the file is about says what to read
        "statements:\n  - id: more-competes\n    subject: co-000000\n    relation: competesWith\n"
        f"    object: co-000001\n    quote: \"{quote}\"\n", encoding="utf-8")
    added = _build(project)
    assert added.sources_read is not None and "synth-000000" in added.sources_read
    assert _outputs(project) == _outputs(_from_scratch(project, tmp_path / "full"))
    kg = KG(project, store=f"oxigraph:{project / 'store'}")
    assert kg.query("ASK { kge:co-000000 kgo:competesWith kge:co-000001 }").askAnswer


def test_an_added_source_may_name_a_publisher_its_added_facts_define(tmp_path):
    project = _project(tmp_path / "p", articles=2)
    _build(project)
    sources = project / "data" / "sources"
    (sources / "wire.txt").write_text("新華社報道了這條消息。\n", encoding="utf-8")
    (sources / "wire.yaml").write_text("id: wire\nfile: wire.txt\ntitle: 消息\nlanguage: zh-Hant\n"
                                       "publisher: wire-agency\n", encoding="utf-8")
    (project / "data" / "facts" / "wire.yaml").write_text(
        "source: wire\nentities:\n  - id: wire-agency\n    class: MediaOutlet\n"
        "    label: {zh-Hant: 新華社, zh-Hans: 新华社, en: Xinhua}\n", encoding="utf-8")
    added = _build(project)
    assert added.sources_read is not None and "wire" in added.sources_read
    assert _outputs(project) == _outputs(_from_scratch(project, tmp_path / "full"))


def test_added_builds_append_their_change_to_the_index_and_a_torn_line_reads_everything(
        tmp_path):
    from synth import add_article

    project = _project(tmp_path / "p", articles=2)
    _build(project)
    index_file = project / "store" / INDEX_FILE
    whole = index_file.read_bytes()
    for i in (2, 3):
        add_article(project, i)
        assert _build(project).sources_read == [f"synth-00000{i}"]
    grown = index_file.read_bytes()
    assert grown.startswith(whole) and grown.count(b"\n") == 3  # the whole, then two changes
    assert _outputs(project) == _outputs(_from_scratch(project, tmp_path / "full"))
    index_file.write_bytes(grown[:-5])  # a build killed while appending
    assert read_index(index_file) is None
    add_article(project, 4)
    again = _build(project)
    assert again.sources_read is None  # every input read, the index written whole
    assert index_file.read_bytes().count(b"\n") == 1
    assert _outputs(project) == _outputs(_from_scratch(project, tmp_path / "full2"))


def test_an_added_resolution_gives_an_indexed_entity_its_alias_in_the_index(tmp_path):
    """The index's row of an entity an added file only resolves (a new alias) records the
    alias, so the next build from the index knows it."""
    project = _project(tmp_path / "p")
    _build(project)
    sources, facts = project / "data" / "sources", project / "data" / "facts"
    quote = "業內人士常把雲雲科技000000稱作雲雲集團"
    (sources / "alias-note.txt").write_text(f"{quote}，其研發投入仍在增加。\n", encoding="utf-8")
    (sources / "alias-note.yaml").write_text(
        "id: alias-note\nfile: alias-note.txt\ntitle: 研發投入\nlanguage: zh-Hant\n",
        encoding="utf-8")
    (facts / "alias-note.yaml").write_text(
        "source: alias-note\nresolutions:\n  - id: alias-note-r1\n    entity: co-000000\n"
        f"    alias: 雲雲集團\n    lang: zh-Hant\n    quote: {quote}\n", encoding="utf-8")
    assert _build(project).sources_read is not None  # the added build, from the index
    row = read_index(project / "store" / INDEX_FILE)["entities"]["co-000000"]
    assert "雲雲集團" in row[2]["zh-Hant"]
