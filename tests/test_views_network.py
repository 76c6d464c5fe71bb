"""The graph view's model is a pyvis Network (kg.views.graph.network); kg's page is rendered from
it (kg.views.graph.page), also after a user changed it the pyvis way (issue 16 §1)."""

from __future__ import annotations

import math

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyvis.network import Network

from kg.api import KG
from kg.errors import UsageError
from kg.views import write_network
from kg.views.graph import build_network, render_html, render_network
from kg.views.graph.rdf import local, slug
from tests.browser import Browser, skip_reason
from tests.conftest import ROOT
from tests.test_views_graph import expected_view, make_graph, page_data

needs_browser = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")


@pytest.fixture(scope="module")
def seed() -> KG:
    return KG(ROOT, notify=lambda message: None)


def test_network_is_a_pyvis_network_of_the_graphs_entities_and_relations(seed):
    net = seed.network()
    assert isinstance(net, Network) and net.directed
    entities, triples = expected_view(seed.graph())
    assert len(entities) > 40 and len(triples) > 40
    assert sorted(net.get_nodes()) == sorted(slug(e) for e in entities)
    assert [n["id"] for n in net.nodes] == net.get_nodes()
    assert net.get_node("xu-li") is net.nodes[net.get_nodes().index("xu-li")]
    assert sorted((e["from"], e["relation"], e["to"]) for e in net.get_edges()) == sorted(
        (slug(s), local(p), slug(o)) for s, p, o in triples)


def test_nodes_and_edges_carry_label_class_style_and_evidence(seed):
    net = seed.network(lang="en")
    xu = net.get_node("xu-li")
    assert xu["label"] == "Xu Li" and xu["labels"]["zh-Hant"] == "徐立"
    assert xu["class"] == "Person" and xu["shape"] == "dot" and xu["color"] == "#0072B2"
    assert 10 <= xu["size"] <= 38 and xu["iri"].endswith("/entity/xu-li")
    assert "徐立" in xu["search"]
    assert isinstance(xu["x"], float) and isinstance(xu["y"], float)  # laid out here, physics off
    edge = next(e for e in net.edges if e["from"] == "xu-li" and e["relation"] == "holdsPost")
    assert edge["label"] and edge["arrows"] == "to"
    quotes = [ev for st in edge["evidence"] for ev in st["ev"]]
    assert quotes and all(ev["src"].startswith("https://") and ev["q"] for ev in quotes)
    figures = [f for n in net.nodes for f in n.get("figures", ())]
    assert figures and all(f["st"] for f in figures)
    assert net.kg["lang"] == "en" and net.kg["classes"]["Person"]["col"] == "#0072B2"
    assert net.kg["layout"] == "readable" and net.kg["relStyles"]["holdsPost"][0] == "posts"


def test_focus_and_max_nodes_choose_the_nodes(seed):
    _entities, triples = expected_view(seed.graph())
    around = {slug(o) for s, _p, o in triples if slug(s) == "xu-li"}
    around |= {slug(s) for s, _p, o in triples if slug(o) == "xu-li"}
    net = seed.network(focus="xu-li", hops=1)
    assert set(net.get_nodes()) == around | {"xu-li"} and net.kg["focus"] == "xu-li"
    top = seed.network(max_nodes=5)
    assert top.num_nodes() == 5 and top.kg["omitted"] == len(_entities) - 5
    with pytest.raises(UsageError, match="unknown entity"):
        seed.network(focus="nobody-at-all")


def test_graph_html_is_rendered_from_the_network(seed):
    html, summary = render_network(seed.network())
    assert html == (ROOT / "exports" / "graph.html").read_text(encoding="utf-8")
    assert summary.nodes == seed.network().num_nodes()
    small = make_graph()
    assert render_html(small, lang="en") == render_network(build_network(small, lang="en"))[0]


def _changed(seed) -> Network:
    net = seed.network(lang="en")
    net.add_node("added-node", label="Added 新節點", title="<img src=x onerror=alert(1)>",
                 color="#123456", shape="star", onload="<svg onload=alert(2)>", score=3)
    net.add_node("grouped", label="grouped", group="notes")   # pyvis drops colour with group
    net.add_edge("added-node", "sensetime", label="mentions")
    net.get_node("xu-li")["label"] = "Dr Xu"
    net.get_node("sensetime")["color"] = "#FF00AA"
    net.set_options('{"edges": {"color": {"color": "#123456"}}}')
    return net


def test_a_changed_network_keeps_its_changes_and_escapes_them(seed, tmp_path):
    net = _changed(seed)
    summary = write_network(net, tmp_path / "g.html")
    text = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert summary.nodes == net.num_nodes() and summary.edges == net.num_edges()
    assert "onerror" not in text.replace("\\u003cimg src=x onerror=alert(1)\\u003e", "")
    assert "<svg" not in text and "<img" not in text
    data = page_data(text)
    added, grouped = data["nodes"][-2:]
    assert added["k"] == "added-node" and added["l"] == {"_": "Added 新節點"}
    assert added["d"] == ["<img src=x onerror=alert(1)>"]
    other = data["classes"][added["c"]]   # nodes without a kg class or group: "other"
    assert (other["k"], other["col"], other["sh"], other["n"]) == ("~", "#123456", "star", 1)
    assert "col" not in added and "sh" not in added and "col" not in grouped
    sensetime = next(n for n in data["nodes"] if n["k"] == "sensetime")
    assert sensetime["col"] == "#FF00AA" and "sh" not in sensetime   # its own colour
    assert data["classes"][grouped["c"]] == {"k": "~notes", "l": {"_": "notes"}, "n": 1,
                                             "col": "#97c2fc", "sh": "dot"}
    props = {data["props"][i]["k"]: v for i, v in added["p"]}
    assert props == {"~onload": "<svg onload=alert(2)>", "~score": "3"}
    edge = data["edges"][-1]
    assert data["nodes"][edge["t"]]["k"] == "sensetime"
    assert data["rels"][edge["r"]] == {"k": "~mentions", "l": {"_": "mentions"}, "n": 1}
    xu = next(n for n in data["nodes"] if n["k"] == "xu-li")
    assert xu["l"]["en"] == "Dr Xu" and xu["l"]["zh-Hant"] == "徐立"
    assert data["options"] == {"edges": {"color": {"color": "#123456"}}}
    assert data["fold"]["節"] == "节"   # the added label is searchable across scripts


def test_a_network_built_the_pyvis_way_renders():
    net = Network()   # undirected, pyvis's options
    net.add_node(1, label="one")
    net.add_node(2, label="two", group="g", size=30)
    net.add_edge(1, 2, title="plain")
    net.toggle_physics(False)
    data, summary = render_network(net)[0], render_network(net)[1]
    data = page_data(data)
    assert [n["k"] for n in data["nodes"]] == ["1", "2"] and data["nodes"][1]["z"] == 30
    assert data["edges"] == [{"f": 0, "t": 1, "r": 0}] and summary.edges == 1
    assert data["physics"] is False and data["title"] == "kg"
    assert data["options"] == {"edges": {"arrows": {"to": {"enabled": False}}}}
    assert render_network(net)[0] == render_network(net)[0]


def test_bad_networks_are_usage_errors(tmp_path):
    net = Network()
    net.add_node("a")
    net.edges.append({"from": "a", "to": "ghost"})
    with pytest.raises(UsageError, match="names no node 'ghost'.*add the node first"):
        write_network(net, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
    net.edges.clear()
    net.nodes.append({"id": "a", "label": "again"})
    with pytest.raises(UsageError, match="'a' appears twice"):
        render_network(net)
    net.nodes[:] = [{"id": "a", "size": float("nan"), "x": float("inf"), "y": 1}]
    data = page_data(render_network(net)[0])
    node = data["nodes"][0]   # a non-finite position is dropped and the node placed here
    assert node["z"] == 14 and math.isfinite(node["x"]) and math.isfinite(node["y"])


def _modules_after(code: str, cwd: Path) -> set:
    probe = (f"import sys\n{code}\n"
             "print(json.dumps(sorted(m for m in ('pyvis', 'jinja2', 'IPython') "
             "if m in sys.modules)), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", "import json\n" + probe], capture_output=True,
                         text=True, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         check=True)
    return set(json.loads(out.stderr.strip().splitlines()[-1]))


def test_pyvis_is_imported_only_for_a_network(seed):
    seed.ensure_built()
    cli = ("from kg.cli import main\nsys.argv = ['kg', {args}]\ntry:\n    main()\n"
           "except SystemExit:\n    pass")
    assert _modules_after(cli.format(args="'--help'"), ROOT) == set()
    assert _modules_after(cli.format(args=f"'query', 'competitors', '-p', {str(ROOT)!r}"),
                          ROOT) == set()
    assert _modules_after("import kg.api, kg.views, kg.views.graph", ROOT) == set()
    assert "pyvis" in _modules_after(
        f"from kg.api import KG\nKG({str(ROOT)!r}).network()", ROOT)


@needs_browser
def test_browser_draws_a_changed_network(seed, tmp_path):
    net = _changed(seed)
    write_network(net, tmp_path / "changed.html")
    scratch = Network()
    scratch.add_node(1, label="one")
    scratch.add_node(2, label="<b>two</b>")
    scratch.add_edge(1, 2)
    write_network(scratch, tmp_path / "scratch.html")
    with Browser() as browser:
        session = browser.new_session(viewport=(1400, 900))
        session.goto(tmp_path / "changed.html")
        page = session.page
        page.wait_for_function("() => window.__kgDrawn !== undefined", timeout=60_000)
        assert page.evaluate("kg.counts()") == {"nodes": net.num_nodes(),
                                                "edges": net.num_edges()}
        assert page.evaluate("kg.search('新节点')") == ["added-node"]
        i = page.evaluate("kg.focusNode('added-node')")
        page.wait_for_timeout(600)
        panel = page.text_content("#kg-panel")
        assert "<img src=x onerror=alert(1)>" in panel and "<svg onload=alert(2)>" in panel
        assert page.evaluate("document.querySelectorAll('#kg-panel img, #kg-panel svg "
                             "polygon[points=\"x\"]').length") == 0
        assert page.evaluate("i => kg.network.body.nodes[i].options.shape", i) == "star"
        page.evaluate("kg.network.unselectAll(); kg.network.redraw()")
        page.wait_for_timeout(300)
        rgb = page.evaluate("""i => {
            const p = kg.network.getPositions([i])[i], d = kg.network.canvasToDOM(p);
            const c = document.querySelector('#kg-graph canvas'), r = window.devicePixelRatio;
            return Array.from(c.getContext('2d').getImageData(d.x * r, d.y * r, 1, 1).data);
        }""", i)
        assert abs(rgb[0] - 0x12) < 12 and abs(rgb[1] - 0x34) < 12 and abs(rgb[2] - 0x56) < 12
        assert page.evaluate("kg.network.body.edges[0].options.color.color") == "#123456"
        assert page.evaluate("kg.label(kg.focusNode('xu-li'))") == "Dr Xu"
        session.assert_clean()

        session = browser.new_session(viewport=(1000, 700))
        session.goto(tmp_path / "scratch.html")
        session.page.wait_for_function("() => window.__kgDrawn !== undefined", timeout=60_000)
        assert session.page.evaluate("kg.counts()") == {"nodes": 2, "edges": 1}
        assert session.page.evaluate("kg.search('two')") == ["2"]
        session.assert_clean()
