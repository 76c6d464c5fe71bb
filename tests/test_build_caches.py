"""What a store derives from unchanged inputs (the ontology's parse, the shapes' parse and their
compiled checks) is kept in its folder under the digest of those inputs: used while they are
unchanged, never when they changed or the kept file is torn."""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

_EXTRA_CLASS = """
kgo:Shipyard a owl:Class ;
    rdfs:label "Shipyard"@en ;
    rdfs:subClassOf kgo:Organization .
"""

# every company must name a shipyard it runs: no company of any corpus does
_EXTRA_SHAPE = """
kgsh:CompanyRunsShipyardShape a sh:NodeShape ;
    sh:targetClass kgo:Company ;
    sh:property [ sh:path kgo:runsShipyard ; sh:minCount 1 ;
                  sh:message "a company runs a shipyard" ] .
"""


@pytest.fixture
def ontology_dir(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", folder)
    return folder


def _label(path):
    return "ontology/" + path.name


def test_the_kept_ontology_parse_is_used_until_the_ontology_changes(ontology_dir, tmp_path,
                                                                     monkeypatch):
    import kg.inputs.ontology as ontology

    files = [ontology_dir / "kg.ttl"]
    cache = str(tmp_path / "kg-ontology.pickle")
    first = ontology.load_ontology(files, _label, cache=cache)
    parses = []
    real = ontology._parse_ontology
    monkeypatch.setattr(ontology, "_parse_ontology",
                        lambda *a: (parses.append(1), real(*a))[1])
    again = ontology.load_ontology(files, _label, cache=cache)
    assert parses == [] and again.classes == first.classes
    assert len(again.graph) == len(first.graph) and again.vocabulary == first.vocabulary
    with (ontology_dir / "kg.ttl").open("a", encoding="utf-8") as handle:
        handle.write(_EXTRA_CLASS)  # same size class of edit a user makes: a new class
    edited = ontology.load_ontology(files, _label, cache=cache)
    assert parses == [1] and "Shipyard" in edited.classes and "Shipyard" not in first.classes
    with open(cache, "r+b") as handle:  # torn: a build killed while writing it
        handle.truncate(handle.seek(0, 2) // 2)
    torn = ontology.load_ontology(files, _label, cache=cache)
    assert parses == [1, 1] and "Shipyard" in torn.classes


def test_kept_shapes_and_checks_are_used_until_the_shapes_change(ontology_dir, tmp_path,
                                                                  monkeypatch):
    import kg.check.compiled as compiled
    from kg.check.shacl import load_shapes

    files = [ontology_dir / "shapes.ttl"]
    cache = str(tmp_path / "kg-shapes.pickle")
    loads = []

    def counted(*args):
        loads.append(1)
        return load_shapes(*args)

    def fresh_process():  # what one process parsed is not another's
        compiled._SHAPES.clear()
        compiled._COMPILED.clear()

    fresh_process()
    shapes, key = compiled.project_shapes(files, _label, counted, cache=cache)
    checks = compiled.compiled(shapes, key)
    fresh_process()
    kept, kept_key = compiled.project_shapes(files, _label, counted, cache=cache)
    assert loads == [1] and kept_key == key and len(kept) == len(shapes)
    assert [c.query for c in compiled.compiled(kept, kept_key)] == [c.query for c in checks]
    with (ontology_dir / "shapes.ttl").open("a", encoding="utf-8") as handle:
        handle.write(_EXTRA_SHAPE)
    fresh_process()
    edited, edited_key = compiled.project_shapes(files, _label, counted, cache=cache)
    assert loads == [1, 1] and edited_key != key
    assert any("runsShipyard" in c.query for c in compiled.compiled(edited, edited_key))
    fresh_process()


def test_a_shape_added_after_a_build_still_refuses_the_next_build(tmp_path):
    """The kept shapes of the last build must not stand in for shapes edited since."""
    from synth import add_article, generate

    from kg.api import KG
    from kg.errors import CheckFailed

    project = generate(tmp_path / "p", articles=2)
    store = f"oxigraph:{project / 'store'}"
    KG(project, store=store).build(html=False)
    assert (project / "store" / "kg-shapes.pickle").exists()
    assert (project / "store" / "kg-ontology.pickle").exists()
    with (project / "ontology" / "shapes.ttl").open("a", encoding="utf-8") as handle:
        handle.write(_EXTRA_SHAPE)
    add_article(project, 2)
    with pytest.raises(CheckFailed, match="shipyard"):
        KG(project, store=store).build(html=False)


def test_the_ontology_quads_for_validation_are_kept_until_the_ontology_changes(ontology_dir,
                                                                               tmp_path,
                                                                               monkeypatch):
    import pyoxigraph as ox

    import kg.check.compiled as compiled
    import kg.inputs.ontology as ontology

    files = [ontology_dir / "kg.ttl"]
    parse_cache, quads_cache = str(tmp_path / "kg-ontology.pickle"), str(tmp_path / "q.pickle")
    line = ('<https://w3id.org/kg/resource/acme> <http://www.w3.org/2000/01/rdf-schema#label> '
            '"愛克米"@zh-Hant .')

    def quads_in_a_fresh_process():
        compiled._ONTOLOGY_QUADS.clear()  # what one process converted is not another's
        graph = ontology.load_ontology(files, _label, cache=parse_cache).graph
        tags, literals, store = {}, {}, ox.Store()
        compiled.LinesData([line], graph, cache=quads_cache).load(store, tags, literals)
        return sorted(str(q) for q in store), tags, literals

    first = quads_in_a_fresh_process()
    conversions = []
    real = compiled._quads
    monkeypatch.setattr(compiled, "_quads", lambda *a: (conversions.append(1), real(*a))[1])
    kept = quads_in_a_fresh_process()
    assert conversions == [] and kept == first  # read back, the same quads, tags and literals
    assert any("愛克米" in q for q in kept[0]) and kept[1]["zh-hant"] == "zh-Hant"
    with (ontology_dir / "kg.ttl").open("a", encoding="utf-8") as handle:
        handle.write(_EXTRA_CLASS)
    edited = quads_in_a_fresh_process()
    assert conversions == [1]
    assert any("Shipyard" in q for q in edited[0]) and not any("Shipyard" in q for q in first[0])
    assert len(edited[0]) == len(first[0]) + 3
    assert any(str(ox.Literal("Shipyard", language="en")) in q for q in edited[0])
