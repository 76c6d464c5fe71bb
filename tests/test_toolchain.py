"""A second RDF toolchain reads what kg writes: pyoxigraph, and Apache Jena's riot --validate
(Debian's libapache-jena-java, installed by scripts/setup.sh --test)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kg.rdfio.formats import serialize
from tests.conftest import ROOT
from tests.jena import jena_command

@pytest.fixture(scope="session")
def riot(tmp_path_factory):
    """A command that runs Jena's riot (:func:`tests.jena.jena_command`)."""
    return jena_command("riotcmd.riot", tmp_path_factory.mktemp("jena-xerces-resources"))


def run_riot(riot, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(riot + ["--validate", *map(str, files)], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def turtle_files(built, inferred, tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("turtle")
    base = built.inputs.project.base
    files = {"sensetime.ttl": serialize(built.graph, "turtle", base=base),
             "sensetime-inferred.ttl": serialize(inferred, "turtle", base=base),
             "ontology.ttl": serialize(built.ontology, "turtle")}
    for name, data in files.items():
        (out / name).write_bytes(data)
    return [out / name for name in files] + [ROOT / "ontology" / "kg.ttl",
                                             ROOT / "ontology" / "shapes.ttl"]


def test_jena_riot_validates_exports_ontology_and_shapes(riot, turtle_files):
    run = run_riot(riot, *turtle_files)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-2000:]
    assert not re.search(r"\b(WARN|ERROR)\b", output), output[-2000:]


def test_jena_riot_rejects_broken_turtle(riot, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "x"^^<http://www.w3.org/'
                   '2001/XMLSchema#decimal> .\nex:a ex:c .\n', encoding="utf-8")
    run = run_riot(riot, bad)
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "ERROR" in output and "line: 3" in output, output


def test_pyoxigraph_parses_exports_ontology_and_shapes(turtle_files, built, inferred):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    counts = {p.name: len(list(pyoxigraph.parse(p.read_bytes(),
                                                 format=pyoxigraph.RdfFormat.TURTLE)))
              for p in turtle_files}
    assert counts["sensetime.ttl"] == len(built.graph)
    assert counts["sensetime-inferred.ttl"] == len(inferred)
    assert counts["shapes.ttl"] > 300
