"""Shared fixtures: the repository's own project, and throwaway copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE_ID = "sensetime-layoffs-2024"


@pytest.fixture(scope="session", autouse=True)
def _seed_built() -> None:
    """The repository's exports current with its inputs and kg's code before any test reads
    them: a read command that has to rebuild says so on stderr, which tests reading the
    output of `kg query -p ROOT` would otherwise find in it once kg's code changed."""
    from kg.api import KG

    KG(ROOT, notify=lambda message: None).ensure_built()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built():
    """The seed project built in memory (nothing written)."""
    from kg.graph.build import build
    from kg.inputs.project import Project

    return build(Project.open(ROOT))


@pytest.fixture(scope="session")
def graph(built):
    """Data and ontology together, as queries see them."""
    return built.union()


def copy_project(target: Path) -> Path:
    """Copy the project's inputs (data, ontology, queries) into ``target``."""
    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, target / name)
    return target


def oxigraph_seed(target: Path):
    """A copy of the seed in ``target``, built into an Oxigraph store there (exports written):
    the ``kg.api.KG`` of that store."""
    from kg.api import KG

    kg = KG(copy_project(target), store=f"oxigraph:{target / 'store'}")
    kg.build(html=False)
    return kg


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project (data, ontology, queries) in a temporary directory."""
    return copy_project(tmp_path)


@pytest.fixture
def source_text() -> str:
    return (ROOT / "data" / "sources" / f"{SOURCE_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def inferred(built):
    """The OWL 2 RL entailments of the seed (kg.graph.reasoning.infer), computed once."""
    from kg.graph.reasoning import infer

    return infer(built.graph, built.ontology, base=built.inputs.project.base)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso Open Source server on loopback for one test module (tests/virtuoso.py): its
    endpoints and credentials. Skips where it is not installed, fails where it does not start."""
    from tests.virtuoso import executable, running_virtuoso

    if executable() is None:
        pytest.skip("Virtuoso Open Source is not installed (Debian package "
                    "virtuoso-opensource-7-bin; scripts/setup.sh --test installs it)")
    try:
        with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for one test module (tests/browser.py); skips where it is missing."""
    from tests.browser import Browser, skip_reason

    if skip_reason() is not None:
        pytest.skip(skip_reason())
    with Browser() as b:
        yield b
