"""What OWL tools make of kg's files: the OWL API (the library Protégé is built on) finds
ontology plus data in the OWL 2 DL profile and keeps every triple on a load and save, and the
HermiT and Pellet reasoners find it consistent with no unsatisfiable class.

The OWL API part compiles tests/owl/OwlCheck.java with the JDK against Debian's
libowlapi-java (scripts/setup.sh installs both); the reasoners are the ones owlready2 bundles.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from kg.inputs.queries import canned_queries, resolve
from kg.query.sparql import run
from tests.conftest import ROOT

#: Debian's jars: the OWL API and what it needs; Jena's and Xerces' clash with it
_JARS = Path("/usr/share/java")
_CHECKER = Path(__file__).parent / "owl" / "OwlCheck.java"
#: the bindings a canned query needs to answer (as in tests/test_store.py)
_BINDINGS = {"evidence": "statement/layoff-2024-spares-large-model-dept"}


def _classpath() -> str:
    jars = [str(j) for j in sorted(_JARS.glob("*.jar"))
            if "jena" not in j.name.lower() and "xerces" not in j.name.lower()]
    return ":".join(jars)


@pytest.fixture(scope="module")
def owlcheck(tmp_path_factory):
    """A function running the compiled OwlCheck with its arguments, returning its stdout."""
    if not shutil.which("javac") or not (_JARS / "owlapi-distribution.jar").exists():
        pytest.skip("needs a JDK and Debian's libowlapi-java (scripts/setup.sh installs them)")
    classes = tmp_path_factory.mktemp("owlcheck")
    cp = _classpath()
    subprocess.run(["javac", "-nowarn", "-cp", cp, "-d", str(classes), str(_CHECKER)],
                   check=True, capture_output=True, text=True)

    def call(*args: str) -> str:
        done = subprocess.run(["java", "-cp", f"{classes}:{cp}", "OwlCheck", *args],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return call


@pytest.fixture(scope="module")
def whole(built, tmp_path_factory) -> Path:
    """Ontology plus data of the seed in one Turtle file, as a Protégé user would merge them."""
    path = tmp_path_factory.mktemp("owl") / "kg.ttl"
    built.union().serialize(path, format="turtle")
    return path


def test_ontology_plus_data_is_in_the_owl2_dl_profile(owlcheck, whole):
    out = owlcheck("profile", str(whole))
    violations = [line for line in out.splitlines() if line.startswith("violation ")]
    assert out.splitlines()[-1] == "violations 0", "\n".join(violations[:20])


def _answers(graph: Graph, name: str, base: str) -> list[tuple]:
    from rdflib import URIRef

    label, text = resolve(name, ROOT / "queries")
    bindings = {"statement": URIRef(base + _BINDINGS[name])} if name in _BINDINGS else {}
    return [tuple(None if v is None else v.toPython() for v in row)
            for row in run(graph, text, label=label, bindings=bindings, base=base)]


def test_a_load_and_save_through_the_owl_api_keeps_every_triple(owlcheck, whole, built,
                                                                 tmp_path):
    saved = tmp_path / "saved.ttl"
    out = owlcheck("roundtrip", str(whole), str(saved))
    lost = [line for line in out.splitlines() if line.startswith("unparsed <")]
    assert out.splitlines()[-1] == "unparsed 0", "\n".join(lost[:20])
    before, after = Graph().parse(whole), Graph().parse(saved)
    base = built.inputs.project.base
    for name in sorted(canned_queries(ROOT / "queries")):
        expected = _answers(before, name, base)
        assert expected, f"{name} answers nothing: the comparison would prove nothing"
        assert _answers(after, name, base) == expected, name


@pytest.fixture(scope="module")
def owl_world(whole, tmp_path_factory):
    """A function giving a fresh owlready2 world holding ontology plus data."""
    owlready2 = pytest.importorskip("owlready2")
    if not shutil.which("java"):
        pytest.skip("the reasoners owlready2 bundles need Java")
    ntriples = tmp_path_factory.mktemp("owlready") / "kg.nt"
    Graph().parse(whole).serialize(ntriples, format="nt", encoding="utf-8")

    def world():
        w = owlready2.World()
        onto = w.get_ontology(ntriples.as_uri()).load(format="ntriples")
        return w, onto

    return world


def _unsatisfiable(world) -> list:
    import owlready2

    return [c for c in world.inconsistent_classes() if c is not owlready2.Nothing]


def test_hermit_finds_it_consistent_with_no_unsatisfiable_class(owl_world):
    import owlready2

    world, onto = owl_world()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert _unsatisfiable(world) == []


def test_pellet_finds_it_consistent_with_no_unsatisfiable_class(owl_world):
    import owlready2

    world, onto = owl_world()
    with onto:
        owlready2.sync_reasoner_pellet(world, infer_property_values=False, debug=0)
    assert _unsatisfiable(world) == []


def test_the_inferred_export_defines_what_it_types_and_is_the_same_on_every_build(tmp_path):
    from rdflib import BNode
    from rdflib.namespace import RDF

    from kg.api import KG
    from tests.conftest import copy_project

    kg = KG(copy_project(tmp_path), notify=lambda message: None)
    written = []
    for _ in range(2):
        kg.build(html=False, validate=False, infer=True)
        written.append((tmp_path / "exports" / "sensetime-inferred.ttl").read_bytes())
    assert written[0] == written[1]
    inferred = Graph().parse(data=written[0].decode("utf-8"), format="turtle")
    assert len(inferred) > 100
    assert [o for o in inferred.objects(None, RDF.type) if isinstance(o, BNode)] == []
