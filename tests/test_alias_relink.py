"""A name given to an old entity (an added resolution, an edited fact file) relinks the old
sources it occurs in, and a name taken away unlinks them: the store after the build of the
change holds the graph a build from nothing makes, on the Oxigraph store and the memory one."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("pyoxigraph")
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.api import KG  # noqa: E402

MENTION_OF = "https://w3id.org/kg/ontology/mentionOf"
#: in the old source synth-000001 ("醫療部門是智雲科技000001旗下的重要部門"), linked to
#: nothing until an alias names it
ALIAS = "醫療部門"
ENTITY = "dept-000001-1"
QUOTE = f"業內人士把{ALIAS}視爲智雲科技000001的增長點"


def _project(target: Path) -> Path:
    from synth import generate

    return generate(target, articles=3)


def _kg(project: Path, store: str) -> KG:
    return KG(project, store=f"oxigraph:{project / 'store'}" if store == "oxigraph" else None)


def _graph(project: Path, store: str):
    """The data graph the store holds (every named graph but the ontology, as one graph)."""
    import pyoxigraph as ox
    import rdflib

    graph = rdflib.Graph()
    if store == "memory":
        # the exported data graph (its one Turtle file other than the ontology's)
        data, = [p for p in (project / "exports").glob("*.ttl") if p.name != "ontology.ttl"]
        graph.parse(data, format="turtle")
        return graph
    dump = ox.Store.read_only(str(project / "store")).dump(format=ox.RdfFormat.N_QUADS)
    lines = [line.rsplit(" ", 2)[0] + " ." for line in dump.decode().splitlines()
             if line and not line.endswith("graph/ontology> .")]
    graph.parse(data="\n".join(lines), format="nt")
    return graph


def _from_nothing(project: Path, target: Path, store: str):
    target.mkdir()
    for name in ("data", "ontology", "queries"):
        shutil.copytree(project / name, target / name)
    _kg(target, store).build(html=False)
    return _graph(target, store)


def _assert_same(project: Path, tmp_path: Path, store: str, name: str) -> None:
    from rdflib.compare import graph_diff, to_isomorphic

    built = to_isomorphic(_graph(project, store))
    fresh = to_isomorphic(_from_nothing(project, tmp_path / name, store))
    if built != fresh:
        _, only_built, only_fresh = graph_diff(built, fresh)
        lines = sorted(only_built.serialize(format="nt").splitlines())[:8] + ["---"] + \
            sorted(only_fresh.serialize(format="nt").splitlines())[:8]
        pytest.fail("the built store differs from a build from nothing:\n" + "\n".join(lines))


def _mentioning_sources(project: Path, store: str) -> set[str]:
    rows = _kg(project, store).query(
        "SELECT DISTINCT ?s WHERE { ?m kgo:mentionOf kge:%s ; oa:hasTarget/oa:hasSource ?s }"
        % ENTITY)
    return {str(row[0]).rsplit("/", 1)[-1] for row in rows}


def _add_resolution(project: Path) -> Path:
    sources, facts = project / "data" / "sources", project / "data" / "facts"
    (sources / "alias-note.txt").write_text(f"{QUOTE}。\n", encoding="utf-8")
    (sources / "alias-note.yaml").write_text(
        "id: alias-note\nfile: alias-note.txt\ntitle: 增長點\nlanguage: zh-Hant\n",
        encoding="utf-8")
    fact = facts / "alias-note.yaml"
    fact.write_text(
        "source: alias-note\nresolutions:\n  - id: alias-note-r1\n"
        f"    entity: {ENTITY}\n    alias: {ALIAS}\n    lang: zh-Hant\n    quote: {QUOTE}\n",
        encoding="utf-8")
    return fact


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_an_alias_an_added_article_gives_an_old_entity_relinks_old_sources(tmp_path, store):
    project = _project(tmp_path / "p")
    old = (project / "data" / "sources" / "synth-000001.txt").read_text(encoding="utf-8")
    assert ALIAS in old
    _kg(project, store).build(html=False)
    assert "synth-000001" not in _mentioning_sources(project, store)
    _add_resolution(project)
    built = _kg(project, store).build(html=False)
    if store == "oxigraph":
        assert built.sources_read is not None and "synth-000001" in built.sources_read
    assert "synth-000001" in _mentioning_sources(project, store)
    _assert_same(project, tmp_path, store, "full")


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_an_alias_taken_away_unlinks_the_old_sources(tmp_path, store):
    project = _project(tmp_path / "p")
    fact = _add_resolution(project)
    _kg(project, store).build(html=False)
    assert "synth-000001" in _mentioning_sources(project, store)
    fact.unlink()
    (project / "data" / "sources" / "alias-note.yaml").unlink()
    (project / "data" / "sources" / "alias-note.txt").unlink()
    _kg(project, store).build(html=False)
    assert "synth-000001" not in _mentioning_sources(project, store)
    _assert_same(project, tmp_path, store, "full")


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_an_alias_written_into_an_old_fact_file_relinks_and_unlinks(tmp_path, store):
    project = _project(tmp_path / "p")
    _kg(project, store).build(html=False)
    facts = project / "data" / "facts" / "synth-000001.yaml"
    text = facts.read_text(encoding="utf-8")
    label = '智雲科技000001醫療部門", zh-Hans: "智云科技000001医疗部门", en: ' \
        '"SmartCloud Tech 000001 Medical department"}'
    assert label in text
    facts.write_text(text.replace(label, label + f'\n    aliases: {{zh-Hant: ["{ALIAS}"]}}'),
                     encoding="utf-8")
    _kg(project, store).build(html=False)
    assert "synth-000001" in _mentioning_sources(project, store)
    _assert_same(project, tmp_path, store, "with")
    facts.write_text(text, encoding="utf-8")
    _kg(project, store).build(html=False)
    assert "synth-000001" not in _mentioning_sources(project, store)
    _assert_same(project, tmp_path, store, "without")


def test_an_alias_from_an_earlier_added_build_links_in_later_ones(tmp_path):
    """The alias an added build recorded links in the article added next, and in an old source
    a later added name makes the build read again."""
    from synth import company

    project = _project(tmp_path / "p")
    _kg(project, "oxigraph").build(html=False)
    _add_resolution(project)
    _kg(project, "oxigraph").build(html=False)
    sources, facts = project / "data" / "sources", project / "data" / "facts"
    (sources / "later.txt").write_text(f"{ALIAS}今年擴招三成。\n", encoding="utf-8")
    (sources / "later.yaml").write_text(
        "id: later\nfile: later.txt\ntitle: 擴招\nlanguage: zh-Hant\n", encoding="utf-8")
    name = company(1)["zh-Hant"]
    quote = f"{name}又稱智雲一號"
    (sources / "third.txt").write_text(f"{quote}。\n", encoding="utf-8")
    (sources / "third.yaml").write_text(
        "id: third\nfile: third.txt\ntitle: 又稱\nlanguage: zh-Hant\n", encoding="utf-8")
    (facts / "third.yaml").write_text(
        "source: third\nresolutions:\n  - id: third-r1\n    entity: co-000001\n"
        f"    alias: 研究院\n    lang: zh-Hant\n    quote: {quote}\n", encoding="utf-8")
    built = _kg(project, "oxigraph").build(html=False)
    assert built.sources_read is not None and "synth-000001" in built.sources_read
    assert "synth-000001" in _mentioning_sources(project, "oxigraph")
    _assert_same(project, tmp_path, "oxigraph", "full")
