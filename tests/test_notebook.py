"""examples/tour.ipynb runs, top to bottom, in a real Jupyter kernel of this Python, in a copy of
the project, and its cells show what they say (row counts, a DataFrame dtype, a node count)."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from kg.api import KG
from tests.conftest import ROOT, copy_project

TOUR = ROOT / "examples" / "tour.ipynb"


def kernel_manager(tmp: Path):
    """A kernel manager for a kernelspec of this very interpreter (the venv's), with kg's source
    on its path: the ``python3`` spec a venv ships runs whatever ``python`` is first on PATH."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = tmp / "kernels" / "kg-tour"
    spec.mkdir(parents=True)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kg tour", "language": "python", "env": {"PYTHONPATH": path}}))
    specs = KernelSpecManager(kernel_dirs=[str(tmp / "kernels")], ensure_native_kernel=False)
    return KernelManager(kernel_name="kg-tour", kernel_spec_manager=specs)


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    """The tour executed in a copy of the project: (the notebook with outputs, the project)."""
    import nbformat
    from nbclient import NotebookClient

    tmp = tmp_path_factory.mktemp("tour")
    project = copy_project(tmp / "project")
    notebook = nbformat.read(TOUR, as_version=4)
    client = NotebookClient(notebook, km=kernel_manager(tmp), timeout=600,
                            resources={"metadata": {"path": str(project)}})
    client.execute()
    return notebook, project


def outputs_of(notebook, fragment: str) -> list[dict]:
    """The outputs of the one code cell whose source contains ``fragment``."""
    cells = [c for c in notebook.cells if c.cell_type == "code" and fragment in c.source]
    assert len(cells) == 1, fragment
    return cells[0].outputs


def printed(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") for o in outputs if o.output_type == "stream")


def shown(outputs: list[dict], mime: str = "text/html") -> str:
    return "".join(o["data"].get(mime, "") for o in outputs
                   if o.output_type in ("execute_result", "display_data"))


def test_the_committed_tour_has_no_outputs():
    notebook = json.loads(TOUR.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) >= 8
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]


def test_the_tour_builds_and_shows_the_build_summary(tour):
    notebook, project = tour
    assert (project / "exports" / "sensetime.ttl").is_file()
    summary = json.loads((project / "exports" / ".kg-build.json").read_text())["summary"]
    html = shown(outputs_of(notebook, "project.build()"))
    assert "<b>kg build</b> of sensetime: conforms" in html
    assert f"<th>entities</th><td>{summary['entities']}</td>" in html
    assert f"<th>relations</th><td>{summary['relations']}</td>" in html
    text = shown(outputs_of(notebook, "project.build()"), "text/plain")
    assert text.startswith("<kg BuildResult sensetime:") and len(text) < 300


def test_the_query_cells_show_the_rows_and_their_types(tour):
    notebook, project = tour
    kg = KG(project)
    segments = list(kg.query("revenue-by-segment"))
    figures = list(kg.query("figures"))
    assert len(segments) >= 2 and len(figures) >= 20
    table = shown(outputs_of(notebook, 'project.query("revenue-by-segment")\nanswer'))
    assert table.count("<tr>") == 1 + len(segments)
    assert f"SELECT: {len(segments)} rows" in table
    frame = printed(outputs_of(notebook, "frame = answer.to_dataframe()"))
    assert f"rows: {len(segments)}\n" in frame
    assert "amount dtype: float64\n" in frame
    frame_html = shown(outputs_of(notebook, "frame = answer.to_dataframe()"))
    amounts = sorted((float(row.amount) for row in segments), reverse=True)
    assert f"{amounts[0]:.1f}" in frame_html or f"{amounts[0]:.6e}" in frame_html
    assert f"figures: {len(figures)}\n" in printed(outputs_of(notebook, 'query("figures")'))


def test_the_networkx_cell_counts_the_entity_graph(tour):
    notebook, project = tour
    kg = KG(project)
    entities = {str(row.id) for row in kg.query(
        "SELECT ?id WHERE { ?e dcterms:identifier ?id . "
        "FILTER(STRSTARTS(STR(?e), STR(kge:))) }")}
    statements = len(kg.query(
        "SELECT ?st WHERE { ?st a kgo:Statement ; kgo:statementSubject ?s ; kgo:statementObject ?o . "
        "FILTER(STRSTARTS(STR(?s), STR(kge:)) && STRSTARTS(STR(?o), STR(kge:))) }"))
    text = printed(outputs_of(notebook, "g = project.networkx()"))
    assert text.splitlines()[0] == f"nodes: {len(entities)} edges: {statements}"
    top = text.splitlines()[1:]
    assert len(top) == 5 and "SenseTime (Company)" in text
    ranks = [float(line.split()[0]) for line in top]
    assert ranks == sorted(ranks, reverse=True)
    evidence = printed(outputs_of(notebook, 'g.out_edges("sensetime"')).splitlines()
    statement, relation, target = evidence[0].split()
    source, start, end, quote = evidence[1].split(" ", 3)
    text = (project / "data" / "sources" / f"{source}.txt").read_text(encoding="utf-8")
    assert text[int(start):int(end)] == quote


def test_the_path_cell_explains_each_hop(tour):
    notebook, _ = tour
    html = shown(outputs_of(notebook, 'project.path("sensetime", "xu-li"'))
    assert re.search(r"SenseTime <code>sensetime</code></b> → <b>Xu Li <code>xu-li</code></b>: "
                     r"\d+\+? shortest paths? of \d+ hops?", html), html[:300]
    assert html.count("<q>") >= 2


def test_the_view_cell_is_an_inline_iframe_of_the_offline_page(tour):
    notebook, _ = tour
    html = shown(outputs_of(notebook, "project.view("))
    assert html.startswith('<iframe srcdoc="&lt;!')
    assert 'sandbox="allow-scripts"' in html and "height: 500px" in html
    assert "Content-Security-Policy" in html and "&lt;script" in html


def test_the_network_cell_writes_the_pyvis_network(tour):
    notebook, project = tour
    text = printed(outputs_of(notebook, "project.network("))
    count = KG(project).networkx().number_of_nodes()
    assert text.startswith(f"network nodes: {count} edges: ")
    page = (project / "network.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page
