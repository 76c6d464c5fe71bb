"""Charts per company: with a second company in the graph, each chart (and each series in it)
holds the figures of one company only, as a SPARQL query of the built graph says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from kg.api import KG
from kg.inputs.project import ChartSpec
from kg.query.sparql import run
from kg.views.charts import owners_of, plan_charts, root_of
from kg.views.report import FigureRow, chart_names, render_chart
from tests.companies import CLOUDLEAP_FIGURES, two_companies

BASE = "https://w3id.org/kg/resource/"
SVG = "{http://www.w3.org/2000/svg}"

# The test's own answer: every figure with the company it belongs to, following the relations
# that make one entity part of another (either direction), as far as they go.
COMPANY_OF = """
SELECT ?figure ?company WHERE {
  ?f a kgo:Figure ; dcterms:identifier ?figure ; kgo:figureOf ?s .
  ?s (kgo:unitOf|kgo:postIn|kgo:partOf|^kgo:hasUnit|^kgo:hasSegment|^kgo:offers)* ?c .
  ?c dcterms:identifier ?company .
  FILTER NOT EXISTS { ?c (kgo:unitOf|kgo:postIn|kgo:partOf|^kgo:hasUnit|^kgo:hasSegment|^kgo:offers) ?up }
}"""


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> KG:
    kg = KG(two_companies(tmp_path_factory.mktemp("two-companies")))
    kg.build(html=False)
    return kg


@pytest.fixture(scope="module")
def company_of(kg) -> dict[str, str]:
    out = {str(r.figure): str(r.company) for r in run(kg.graph(), COMPANY_OF)}
    assert {f for f, c in out.items() if c == "cloudleap"} == CLOUDLEAP_FIGURES
    assert len(out) == 21 + len(CLOUDLEAP_FIGURES)
    return out


def marks(svg: str) -> list[tuple[str, str | None]]:
    """(figure id, data-value) of every mark, in drawing order."""
    root = ElementTree.fromstring(svg.encode())
    return [(e.get("data-figure"), e.get("data-value")) for e in root.iter()
            if e.get("class") == "mark"]


def figures_of(svg: str) -> set[str]:
    root = ElementTree.fromstring(svg.encode())
    return {e.get("data-figure") for e in root.iter() if e.get("data-figure")}


@pytest.mark.parametrize("named", [True, False], ids=["charts-in-kg-yaml", "chosen"])
def test_every_chart_holds_one_companys_figures(kg, company_of, named):
    graph, specs = kg.graph(), kg.project.charts if named else None
    names = chart_names(graph, base=BASE, specs=specs)
    drawn: dict[str, set[str]] = {}
    for name in names:
        ids = figures_of(render_chart(graph, name, base=BASE, specs=specs))
        owners = {company_of[i] for i in ids}
        assert len(owners) == 1, (name, owners)
        drawn.setdefault(owners.pop(), set()).update(ids)
    # every figure is drawn, in a chart of its own company
    assert drawn == {c: {f for f, o in company_of.items() if o == c} for c in drawn}
    assert set(drawn) == {"cloudleap", "sensetime"}
    if named:
        assert names == ["losses", "segments", "compute", "changes", "figures-cloudleap",
                         "figures-sensetime"]
    else:
        assert names == ["bars-cloudleap-operating-loss", "lines-cloudleap",
                         "comparison-cloudleap-segment-revenue", "bars-sensetime-operating-loss",
                         "lines-sensetime", "comparison-sensetime-segment-revenue",
                         "changes-sensetime", "figures-cloudleap", "figures-sensetime"]


def test_the_gpu_line_joins_only_its_companys_points(kg):
    """The bug seen with a second article: SenseTime's GPU line read 45000 -> 12000 -> 54000."""
    graph = kg.graph()
    compute = marks(render_chart(graph, "compute", base=BASE, specs=kg.project.charts))
    gpus = [value for ident, value in compute if ident.startswith("gpu-count")]
    assert gpus == ["45000", "54000"]
    assert not any(ident.startswith("cloudleap") for ident, _v in compute)
    theirs = marks(render_chart(graph, "lines-cloudleap", base=BASE))
    assert theirs == [("cloudleap-gpu-count-2023-12", "8000"),
                      ("cloudleap-gpu-count-2024-06", "12000")]
    losses = marks(render_chart(graph, "bars-cloudleap-operating-loss", base=BASE))
    assert losses == [("cloudleap-operating-loss-2022", "6.1"),
                      ("cloudleap-operating-loss-2023", "5.2")]
    title = render_chart(graph, "bars-cloudleap-operating-loss", base=BASE, lang="zh-Hant")
    assert "<title>雲躍智能 · 經營虧損(按原文)</title>" in title


def test_a_named_chart_without_subject_is_drawn_per_company(kg, tmp_path):
    config = kg.project.root / "data" / "kg.yaml"
    saved = config.read_text(encoding="utf-8")
    try:
        config.write_text(saved.split("charts:")[0] + "charts:\n  - {name: compute, kind: lines, "
                          "metric: gpu-count}\n  - {name: losses, kind: bars, metric: "
                          "operating-loss}\n", encoding="utf-8")
        other = KG(kg.project.root)
        names = other.chart_names(lang="en")
        assert names[:4] == ["compute-cloudleap", "compute-sensetime", "losses-cloudleap",
                             "losses-sensetime"]
        assert [v for _i, v in marks(other.chart("compute-sensetime").decode())] == \
            ["45000", "54000"]
        assert {i for i, _v in marks(other.chart("losses-cloudleap").decode())} == \
            {"cloudleap-operating-loss-2022", "cloudleap-operating-loss-2023"}
    finally:
        config.write_text(saved, encoding="utf-8")


def test_peers_do_not_merge_and_units_follow_their_company(kg):
    owners = owners_of(kg.graph(), BASE)
    # competesWith links the two companies: neither becomes part of the other
    assert root_of("cloudleap", owners) == "cloudleap"
    assert root_of("sensetime", owners) == "sensetime"
    # unitOf points up, hasSegment down, postIn up: all end at the company
    for part in ("cloudleap-research", "cloudleap-finance", "cloudleap-ceo"):
        assert root_of(part, owners) == "cloudleap", part
    for part in ("iag", "scg", "segment-generative-ai", "sensenova", "post-ceo"):
        assert root_of(part, owners) == "sensetime", part


def row(ident: str, kind: str, start: str, end: str, label: str, value: int,
        subject: str = "acme") -> FigureRow:
    return FigureRow(id=ident, subject_id=subject, subject=subject.title(), metric_id="revenue",
                     metric="revenue", value=Decimal(value), amount=Decimal(value),
                     unit="元", unit_id="CNY", period=label, period_kind=kind,
                     start=date.fromisoformat(start), end=date.fromisoformat(end))


def test_periods_order_by_start_then_length_and_kinds_never_share_a_series():
    rows = [row("q2", "quarter", "2024-04-01", "2024-06-30", "Q2 2024", 5),
            row("h1", "half-year", "2024-01-01", "2024-06-30", "H1 2024", 9),
            row("q1", "quarter", "2024-01-01", "2024-03-31", "Q1 2024", 4),
            row("h2", "half-year", "2023-07-01", "2023-12-31", "H2 2023", 8),
            row("fy24", "fiscal-year", "2023-04-01", "2024-03-31", "FY2024", 16),
            row("fy23", "fiscal-year", "2022-04-01", "2023-03-31", "FY2023", 15),
            row("q4", "quarter", "2023-10-01", "2023-12-31", "Q4 2023", 3),
            row("other-q1", "quarter", "2024-01-01", "2024-03-31", "Q1 2024", 7, "zeta"),
            row("other-q2", "quarter", "2024-04-01", "2024-06-30", "Q2 2024", 6, "zeta")]
    plans = {p.name: [r.id for r in p.rows] for p in plan_charts(rows, {}, "en")}
    assert plans == {"bars-acme-revenue-fiscal-year": ["fy23", "fy24"],
                     "bars-acme-revenue-half-year": ["h2", "h1"],
                     "bars-acme-revenue-quarter": ["q4", "q1", "q2"],
                     "bars-zeta-revenue": ["other-q1", "other-q2"]}
    # named: one series of the longest kind, in order; ties at one start: the shorter first
    spec = ChartSpec("revenue", "bars", ("revenue",), subject="acme")
    (plan,) = plan_charts(rows, {}, "en", [spec])
    assert [r.id for r in plan.rows] == ["q4", "q1", "q2"] and plan.company == "acme"
    from kg.views.charts import _dated

    assert [r.id for r in _dated(rows) if r.subject_id == "acme"] == \
        ["fy23", "fy24", "h2", "q4", "q1", "h1", "q2"]
