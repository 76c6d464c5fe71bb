"""The report page and its charts: rendered in Chromium, offline, numbers equal to SPARQL's."""

from __future__ import annotations

import os
import struct
import zlib
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.inputs.project import Project
from kg.query.sparql import run
from kg.views.report import chart_names, render_chart, render_report
from tests.conftest import ROOT

BASE = "https://w3id.org/kg/resource/"
#: The seed names its charts in data/kg.yaml (charts:), in this order; the tiles come last.
SEED_CHARTS = ["losses", "segments", "compute", "changes", "figures"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# The test's own query: each figure's value as stated, straight from the graph.
VALUES = """
SELECT ?id ?value ?min ?max ?mult ?unit ?flag ?change ?dir WHERE {
  ?f a kgo:Figure ; dcterms:identifier ?id .
  OPTIONAL { ?f kgo:value ?value } OPTIONAL { ?f kgo:minValue ?min ; kgo:maxValue ?max }
  OPTIONAL { ?f kgo:multiplierText ?mult } OPTIONAL { ?f kgo:unit/kgo:unitSymbol ?unit }
  OPTIONAL { ?f kgo:flag ?flag }
  OPTIONAL { ?f kgo:change ?c . ?c kgo:value ?change ; kgo:direction ?dir }
}"""


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def plain(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


@pytest.fixture(scope="module")
def expected(graph) -> dict[str, dict]:
    out = {}
    for r in run(graph, VALUES):
        number = plain(r.value) if r.value is not None else \
            f"{plain(r.min)}–{plain(r.max)}" if r.min is not None else None
        out[str(r.id)] = {
            "stated": None if number is None else
            f"{number}{r.mult or ''}{' ' if str(r.unit or '').isalpha() and str(r.unit).isascii() else ''}"
            f"{r.unit or ''}",
            "unit": str(r.unit or ""), "flag": str(r.flag or ""),
            "change": None if r.change is None else plain(r.change),
            "dir": str(r.dir or "").rsplit("#", 1)[-1]}
    assert len(out) == 21
    return out


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (scripts/setup.sh --test installs it)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page_html(graph) -> str:
    return render_report(graph, base=BASE, title="sensetime", lang="en",
                         charts=Project.open(ROOT).charts)


@pytest.fixture(scope="module")
def shown(browser, page_html, tmp_path_factory):
    """Open the report in Chromium, record every request, and read back what it shows."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests, errors = [], []
    page.on("request", lambda req: requests.append(req.url))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_timeout(200)
    data = page.evaluate("""() => ({
      charts: [...document.querySelectorAll('svg.chart')].map(s => {
        const b = s.getBoundingClientRect();
        return {name: s.dataset.chart, width: b.width, height: b.height,
                marks: s.querySelectorAll('.mark').length}; }),
      values: [...document.querySelectorAll('text.value')].map(t =>
        ({id: t.dataset.figure, text: t.textContent,
          width: t.getBBox().width})),
      changes: [...document.querySelectorAll('text.change')].map(t =>
        ({id: t.dataset.figure, text: t.textContent})),
      marks: [...document.querySelectorAll('.mark')].map(m => m.dataset.figure),
      flagged: [...document.querySelectorAll('[data-flag]')].map(m =>
        [m.dataset.figure, m.dataset.flag, m.dataset.unit]),
      legend: [...document.querySelectorAll('[data-chart=losses] text.legend')]
        .map(t => t.textContent),
      counts: Object.fromEntries([...document.querySelectorAll('[data-count]')]
        .map(e => [e.dataset.count, e.textContent])),
      degreeLinks: [...document.querySelectorAll('#degree-top a')].map(a =>
        a.getAttribute('href')),
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
    })""")
    data["requests"], data["errors"] = requests, errors
    data["path"] = path
    page.close()
    return data


def test_page_renders_every_chart_offline(shown):
    assert [c["name"] for c in shown["charts"]] == SEED_CHARTS
    for chart in shown["charts"]:
        assert chart["width"] > 300 and chart["height"] > 150 and chart["marks"] > 0, chart
    assert shown["requests"] == [shown["path"].as_uri()]
    assert shown["errors"] == []
    assert "default-src 'none'" in shown["csp"]
    assert all(v["width"] > 0 for v in shown["values"])  # text is laid out, not empty


def test_every_figure_is_drawn(shown, expected):
    assert set(shown["marks"]) == set(expected)


def test_numbers_shown_match_sparql(shown, expected):
    seen = 0
    for value in shown["values"]:
        want = expected[value["id"]]["stated"]
        assert want is not None and want in value["text"], (value, want)
        seen += 1
    assert {v["id"] for v in shown["values"]} == {i for i, e in expected.items() if e["stated"]}
    for change in shown["changes"]:
        want = expected[change["id"]]
        sign = "+" if want["dir"] == "Increase" else "−"
        assert f"{sign}{want['change']}%" in change["text"], (change, want)
    assert {c["id"] for c in shown["changes"]} == {i for i, e in expected.items() if e["change"]}
    assert seen >= 18


def test_loss_chart_shows_the_currency_flag(shown, expected):
    flagged = {fig: (flag, unit) for fig, flag, unit in shown["flagged"]}
    assert flagged == {i: (e["flag"], e["unit"]) for i, e in expected.items() if e["flag"]}
    assert flagged == {"operating-loss-2022": ("currency-inconsistent", "美元"),
                       "operating-loss-2023": ("currency-inconsistent", "美元")}
    texts = {v["id"]: v["text"] for v in shown["values"]}
    assert texts["operating-loss-2022"] == "60億美元 ⚠"
    assert texts["operating-loss-2021"] == "172億元"
    assert any("美元" in t and "currency-inconsistent" in t for t in shown["legend"])
    assert any(t.startswith("元 = yuan") for t in shown["legend"])


def test_structure_and_links_into_the_graph_view(shown):
    assert shown["counts"] == {"entities": "70", "statements": "106", "figures": "21",
                               "sources": "1", "components": "1",
                               "communities": shown["counts"]["communities"],
                               "without": "21"}  # the markets are on statements, the factor on a change
    assert int(shown["counts"]["communities"]) > 1
    assert shown["degreeLinks"][0] == "graph.html#focus=sensetime"
    assert len(shown["degreeLinks"]) == 10


def test_chart_svg_is_standalone_xml(graph, expected):
    svg = render_chart(graph, "losses", lang="zh-Hant", base=BASE,
                       specs=Project.open(ROOT).charts)
    root = ElementTree.fromstring(svg.encode())
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("width") == "760"
    bars = [e for e in root.iter(f"{ns}rect") if e.get("class") == "mark"]
    assert [b.get("data-figure") for b in bars] == [f"operating-loss-{y}" for y in
                                                    range(2018, 2024)]
    assert [b.get("data-value") for b in bars] == \
        [expected[b.get("data-figure")]["stated"].rstrip("億元美") for b in bars]
    heights = [float(b.get("height")) for b in bars]
    assert heights.index(max(heights)) == 3  # 172 億 in 2021 is the tallest bar


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and pixel rows of an 8-bit RGB/RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(
        width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) *
                                                            (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc
                                      else c)) & 255
        rows.append(b"".join(bytes(line[j:j + 3]) for j in range(0, stride, channels)))
        prev = line
    return width, height, rows


def test_png_chart_has_the_size_and_colours_of_the_chart(browser, project_copy, tmp_path):
    assert invoke("build", "-q", "--no-html", "-p", str(project_copy)).exit_code == 0
    out = tmp_path / "losses.png"
    result = invoke("report", "--format", "png", "--chart", "losses", "--scale", "1",
                    "-o", str(out), "-p", str(project_copy))
    assert result.exit_code == 0, result.output
    width, height, rows = read_png(out.read_bytes())
    assert (width, height) == (760, 390)
    colours = {row[i:i + 3] for row in rows for i in range(0, len(row), 3)}
    assert len(colours) > 50  # anti-aliased text and bars, not a blank image
    assert bytes.fromhex("3b6fb6") in colours  # the 元 bars
    assert bytes.fromhex("d9822b") in colours  # the hatched, flagged 美元 bars
    white = sum(row.count(b"\xff\xff\xff") for row in rows)
    assert white < width * height * 0.9


def test_build_writes_the_report_reproducibly(project_copy):
    assert invoke("build", "-q", "--no-html", "-p", str(project_copy)).exit_code == 0
    report = project_copy / "exports" / "report.html"
    first = report.read_bytes()
    assert b'data-chart="losses"' in first and b"graph.html#focus=sensetime" in first
    assert not list((project_copy / "exports").glob(".*.tmp"))
    assert invoke("build", "-q", "--no-html", "-p", str(project_copy)).exit_code == 0
    assert report.read_bytes() == first
    other = project_copy / "r.html"
    assert invoke("report", "--lang", "en", "-o", str(other), "-p",
                  str(project_copy)).exit_code == 0
    assert "Operating loss per year" in other.read_text(encoding="utf-8")


def test_report_usage_errors(project_copy):
    assert invoke("build", "-q", "--no-html", "-p", str(project_copy)).exit_code == 0
    assert invoke("report", "--format", "png", "-p", str(project_copy)).exit_code == 2
    bad = invoke("report", "--format", "svg", "--chart", "pie", "-p", str(project_copy))
    assert bad.exit_code == 2 and "unknown chart 'pie'" in bad.stderr


def test_svg_to_stdout(project_copy):
    assert invoke("build", "-q", "--no-html", "-p", str(project_copy)).exit_code == 0
    out = invoke("report", "--format", "svg", "--chart", "segments", "--lang", "en", "-p",
                 str(project_copy)).output
    root = ElementTree.fromstring(out.encode())
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "nearly 11億元" in texts and "−50.6% YoY" in texts
    assert "SenseTime total: 17.4億元" in texts and "+21% YoY" in texts


# ------------------------------------------------------------------ charts chosen from the data
SEED_CHOSEN = ["bars-sensetime-operating-loss", "lines-sensetime",
               "comparison-sensetime-segment-revenue", "changes-sensetime", "figures"]

# A second, synthetic company next to SenseTime: a revenue series over years, two segments
# compared in one half-year and changes; quotes are copied from the seed's source.
QUOTE = "2018-2023年,商湯的業績一直處於虧損狀態"
ACME = f"""\
source: sensetime-layoffs-2024
entities:
  - id: acme
    class: Company
    label: {{zh-Hant: 極點科技, zh-Hans: 极点科技, en: Acme}}
  - id: acme-cloud
    class: BusinessSegment
    label: {{zh-Hant: 極點雲, zh-Hans: 极点云, en: Acme Cloud}}
  - id: acme-retail
    class: BusinessSegment
    label: {{zh-Hant: 極點零售, zh-Hans: 极点零售, en: Acme Retail}}
statements:
  - {{id: acme-has-cloud, subject: acme, relation: hasSegment, object: acme-cloud, quote: "{QUOTE}"}}
  - {{id: acme-has-retail, subject: acme, relation: hasSegment, object: acme-retail, quote: "{QUOTE}"}}
figures:
""" + "".join(f"""\
  - {{id: acme-loss-{year}, subject: acme, metric: operating-loss, value: {value}, multiplier: 億,
     unit: 元, period: "{year}", quote: "{QUOTE}"}}
""" for year, value in ((2021, 3), (2022, 5), (2023, 4))) + f"""\
  - {{id: acme-cloud-revenue, subject: acme-cloud, metric: segment-revenue, value: 7,
     multiplier: 億, unit: 元, period: "2024-H1", quote: "{QUOTE}",
     change: {{value: 12, unit: "%", direction: increase}}}}
  - {{id: acme-retail-revenue, subject: acme-retail, metric: segment-revenue, value: 2,
     multiplier: 億, unit: 元, period: "2024-H1", quote: "{QUOTE}",
     change: {{value: 30, unit: "%", direction: decrease}}}}
"""


def figures_in(svg: str) -> set[str]:
    root = ElementTree.fromstring(svg.encode())
    return {e.get("data-figure") for e in root.iter() if e.get("data-figure")}


def test_without_charts_config_the_data_chooses(graph, expected):
    names = chart_names(graph, base=BASE)
    assert names == SEED_CHOSEN
    bars = render_chart(graph, "bars-sensetime-operating-loss", base=BASE, lang="en")
    assert figures_in(bars) == {f"operating-loss-{y}" for y in range(2018, 2024)}
    assert "SenseTime · Operating loss per period, as stated" in bars
    comparison = render_chart(graph, "comparison-sensetime-segment-revenue", base=BASE)
    assert {"generative-ai-revenue-2024-h1", "traditional-ai-revenue-2024-h1",
            "senseauto-revenue-2024-h1", "revenue-2024-h1"} <= figures_in(comparison)
    drawn = set().union(*(figures_in(render_chart(graph, n, base=BASE)) for n in names))
    assert drawn == set(expected)   # every figure is drawn somewhere


@pytest.fixture(scope="module")
def two_companies(tmp_path_factory):
    from kg.api import KG

    root = tmp_path_factory.mktemp("two")
    for name in ("data", "ontology", "queries"):
        import shutil

        shutil.copytree(ROOT / name, root / name)
    (root / "data" / "facts" / "acme.yaml").write_text(ACME, encoding="utf-8")
    kg = KG(root)
    kg.build()
    return kg


def test_a_second_company_gets_its_own_charts(two_companies):
    graph = two_companies.graph()
    names = chart_names(graph, base=BASE)
    assert names == ["bars-acme-operating-loss", "comparison-acme-segment-revenue",
                     "changes-acme"] + SEED_CHOSEN[:-1] + ["figures-sensetime"]
    acme = {"acme-loss-2021", "acme-loss-2022", "acme-loss-2023", "acme-cloud-revenue",
            "acme-retail-revenue"}
    for name in names:
        ids = figures_in(render_chart(graph, name, base=BASE))
        assert ids <= acme if "acme" in name else not ids & acme, (name, ids)
    assert figures_in(render_chart(graph, "bars-acme-operating-loss", base=BASE)) == \
        {"acme-loss-2021", "acme-loss-2022", "acme-loss-2023"}
    changes = render_chart(graph, "changes-acme", base=BASE)
    assert figures_in(changes) == {"acme-cloud-revenue", "acme-retail-revenue"}


def test_named_charts_keep_to_their_subject(two_companies):
    graph, specs = two_companies.graph(), two_companies.project.charts
    assert [s.name for s in specs] == SEED_CHARTS[:-1]
    assert chart_names(graph, base=BASE, specs=specs) == SEED_CHARTS[:-1] + [
        "figures-acme", "figures-sensetime"]
    for name in ("losses", "segments", "changes"):
        ids = figures_in(render_chart(graph, name, base=BASE, specs=specs))
        assert ids and not {i for i in ids if i.startswith("acme")}, (name, ids)
    tiles = render_chart(graph, "figures-acme", base=BASE, specs=specs, lang="en")
    assert figures_in(tiles) == {"acme-loss-2021", "acme-loss-2022", "acme-loss-2023",
                                 "acme-cloud-revenue", "acme-retail-revenue"}
    assert "<title>Acme · Other figures</title>" in tiles
    page = two_companies.report(lang="en")
    assert 'id="chart-losses"' in page and "acme-loss-2021" in page   # in the tiles


@pytest.mark.parametrize("charts, message", [
    ("charts: {losses: 1}", "charts: must be a list"),
    ("charts:\n  - {name: x, kind: pie, metric: m}", "charts[0].kind: must be one of bars"),
    ("charts:\n  - {name: x, kind: bars}", "charts[0].kind: a 'bars' chart needs metric:"),
    ("charts:\n  - {name: Bad Name, kind: changes}", "charts[0].name: needs a lowercase slug"),
    ("charts:\n  - {name: x, kind: changes}\n  - {name: x, kind: changes}",
     "charts[1].name: 'x' is used by an earlier chart"),
    ("charts:\n  - {name: x, kind: changes, colour: red}", "charts[0].colour: unknown key"),
    ("charts:\n  - {name: x, kind: changes, title: {fr: Tout}}", "charts[0].title: must be"),
])
def test_bad_charts_config_is_a_one_line_error(project_copy, charts, message):
    config = project_copy / "data" / "kg.yaml"
    text = config.read_text(encoding="utf-8").split("\n# The report's charts")[0]
    config.write_text(text + "\n" + charts + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "-p", str(project_copy)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("kg: error: data/kg.yaml:") and message in line, line


def test_a_chart_format_without_a_chart_lists_the_projects_charts(project_copy):
    run = CliRunner().invoke(cli, ["report", "--format", "svg", "-p", str(project_copy)])
    assert run.exit_code == 2
    assert "add --chart NAME (losses, segments, compute, changes, figures)" in run.stderr, \
        run.stderr


# ------------------------------------------------------------------ one section per company
@pytest.fixture(scope="module")
def cloudleap(tmp_path_factory):
    from kg.api import KG
    from tests.companies import two_companies as with_cloudleap

    root = with_cloudleap(tmp_path_factory.mktemp("cloudleap"))
    assert invoke("build", "-q", "--no-html", "-p", str(root)).exit_code == 0
    return KG(root)


def sections(page: str) -> dict[str, set[str]]:
    """company id -> the figures drawn in its section of the report page."""
    import re

    out = {}
    for match in re.finditer(r'<section class="company" id="company-([^"]+)".*?</section>',
                             page, re.S):
        out[match.group(1)] = set(re.findall(r'data-figure="([^"]+)"', match.group(0)))
    return out


def company_rows(page: str) -> list[tuple[str, str, str]]:
    """(company id, figure count, sources) of the report's opening table."""
    import re

    table = page.split('<table id="company-list">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-company="([^"]+)">.*?data-figures="(\d+)">\d+</td><td>(.*?)'
                      r"</td></tr>", table)


def test_the_report_opens_with_its_companies_and_has_a_section_each(cloudleap):
    from tests.companies import CLOUDLEAP_FIGURES

    page = cloudleap.report(lang="en")
    assert page.index('id="company-list"') < page.index('id="charts"')
    assert company_rows(page) == [
        ("cloudleap", str(len(CLOUDLEAP_FIGURES)), "雲躍智能發佈2024年中期業績"),
        ("sensetime", "21", "陣痛中轉型,商湯裁員背後的AI真相")]
    drawn = sections(page)
    assert drawn["cloudleap"] == CLOUDLEAP_FIGURES
    assert len(drawn["sensetime"]) == 21 and not drawn["sensetime"] & CLOUDLEAP_FIGURES
    assert 'id="structure"' in page


def test_report_subject_writes_only_that_companys_part(cloudleap, tmp_path):
    from tests.companies import CLOUDLEAP_FIGURES

    out = tmp_path / "cloudleap.html"
    result = invoke("report", "--subject", "cloudleap", "--lang", "en", "-o", str(out), "-p",
                    str(cloudleap.project.root))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert company_rows(page) == [("cloudleap", "9", "雲躍智能發佈2024年中期業績")]
    assert sections(page) == {"cloudleap": CLOUDLEAP_FIGURES}
    import re

    assert set(re.findall(r'data-figure="([^"]+)"', page)) == CLOUDLEAP_FIGURES
    # the unit's figure (unitOf) and the segments' (hasSegment) are the company's
    assert {"cloudleap-research-headcount-2024-06", "cloudleap-finance-revenue-2024-h1"} <= \
        CLOUDLEAP_FIGURES
    assert "<title>CloudLeap · " in page and "陣痛中轉型" not in page
    assert 'id="structure"' not in page and 'data-count="entities"' not in page
    default = invoke("report", "--subject", "sensetime", "-p", str(cloudleap.project.root))
    assert default.exit_code == 0
    written = cloudleap.project.exports_dir / "report-sensetime.html"
    assert not set(re.findall(r'data-figure="([^"]+)"', written.read_text(encoding="utf-8"))) \
        & CLOUDLEAP_FIGURES


@pytest.mark.parametrize("subject, hint", [
    ("nobody", ""), ("cloudleap-research", "'cloudleap-research' is part of 'cloudleap'; ")])
def test_report_subject_unknown_is_a_one_line_error(cloudleap, subject, hint):
    result = CliRunner().invoke(cli, ["report", "--subject", subject, "-p",
                                      str(cloudleap.project.root)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line == (f"kg: error: --subject: '{subject}' is not a company with figures in the "
                    f"graph; {hint}use one of cloudleap, sensetime")


def test_the_seed_report_lists_its_one_company(page_html):
    assert company_rows(page_html) == [("sensetime", "21", "陣痛中轉型,商湯裁員背後的AI真相")]
    assert set(sections(page_html)) == {"sensetime"}
