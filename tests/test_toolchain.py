"""A second RDF toolchain reads what kg writes: pyoxigraph, and Apache Jena's riot --validate
(Debian's libapache-jena-java, installed by scripts/setup.sh --test)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kg.rdfio.formats import serialize
from tests.conftest import ROOT

JENA_PACKAGE = "libapache-jena-java"
# logging: keep one SLF4J binding (slf4j-simple, to standard error) and no loop-making bridges
_BRIDGES = re.compile(r"(log4j-over-slf4j|slf4j-log4j12|slf4j-jdk14|slf4j-jcl|slf4j-nop|"
                      r"maven3-slf4j-provider|jcl-over-slf4j|jul-to-slf4j)")


def _package_jars(root: str) -> list[str]:
    """Unversioned jars of ``root`` and of the Debian packages it depends on, recursively."""
    seen, todo, jars = set(), [root], set()
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package],
                                 capture_output=True, text=True)
        if depends.returncode:
            continue
        for clause in depends.stdout.split(","):
            name = clause.split("|")[0].strip().split(" ")[0].split(":")[0]
            if name:
                todo.append(name)
        files = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout
        jars |= {line for line in files.splitlines()
                 if re.fullmatch(r"/usr/share/java/[^/]+\.jar", line)
                 and not re.search(r"-\d[\d.]*\.jar$", line) and not _BRIDGES.search(line)}
    return sorted(jars)


@pytest.fixture(scope="session")
def riot(tmp_path_factory):
    """A command that runs Jena's riot, with Debian's Xerces resource bug worked around.

    Debian relocates Jena's bundled Xerces classes to the package ``xerces`` but leaves their
    ``.properties`` resources under ``org/apache/jena/ext/xerces``, so riot dies with an
    ExceptionInInitializerError; copying the resources to the relocated path fixes it.
    """
    java = shutil.which("java")
    core = Path("/usr/share/java/jena-core.jar")
    if not java or not core.exists():
        pytest.skip(f"Apache Jena is not installed (Debian {JENA_PACKAGE}; "
                    "scripts/setup.sh --test installs it)")
    fix = tmp_path_factory.mktemp("jena-xerces-resources")
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    classpath = ":".join([str(fix)] + _package_jars(JENA_PACKAGE))
    return [java, "-Xshare:auto", "-cp", classpath, "riotcmd.riot"]


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
