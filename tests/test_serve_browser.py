"""``kg serve`` in Chromium (Debian package, driven by Playwright; no browser download).

Every request the pages make is recorded; anything not addressed to the server is aborted and
fails the test.
"""

from __future__ import annotations

import os

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from tests.conftest import ROOT  # noqa: E402
from tests.serving import running_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"Chromium is not installed at {CHROMIUM} "
                                       "(scripts/setup.sh --test installs it)")


@pytest.fixture(scope="module")
def server():
    with running_server("--timeout", "5") as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server):
    """A page whose every request is recorded; requests to other hosts are aborted."""
    requests: list[str] = []
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            context = browser.new_context()

            def route(r):
                requests.append(r.request.url)
                if r.request.url.startswith(server):
                    r.continue_()
                else:
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: m.type == "error" and problems.append(m.text))
            page.on("pageerror", lambda e: problems.append(str(e)))
            yield page, requests, problems
        finally:
            browser.close()
    outside = [url for url in requests if not url.startswith(server)]
    assert not outside, f"requests left the server: {outside}"


def test_editor_runs_a_canned_query(server, browser_page):
    page, requests, problems = browser_page
    page.goto(server)
    page.wait_for_selector("body[data-kg-ready]", timeout=20_000)
    tabs = page.locator(".tabsList .tab").all_inner_texts()
    names = [t.replace("✖", "").strip() for t in tabs]
    assert names == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    page.locator(".tabsList .tab", has_text="losses").first.click()
    page.wait_for_timeout(200)
    panel = page.locator(".tabPanel.active")
    assert "SELECT ?year ?value" in panel.locator(".CodeMirror").inner_text()
    assert panel.locator("input.autocomplete").first.input_value() \
        == server + "sparql"
    panel.locator(".yasqe_queryButton").click()
    rows = panel.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for(timeout=20_000)
    assert rows.count() == 6
    texts = rows.all_inner_texts()
    assert "2018" in texts[0] and "34.0" in texts[0] and "元" in texts[0]
    assert "美元" in texts[4] and "currency-inconsistent" in texts[4]
    assert any(u.startswith(server + "sparql") for u in requests)
    assert not problems, problems


def test_entity_page_shows_its_evidence(server, browser_page):
    page, _, problems = browser_page
    page.goto(server + "entity/xu-li")
    assert page.locator("h1").inner_text() == "徐立"
    labels = page.locator("#labels tbody tr").all_inner_texts()
    assert any("en" in row and "Xu Li" in row for row in labels)
    statements = page.locator("#statements tbody tr")
    assert statements.count() == 3
    first = statements.first.inner_text()
    assert "商湯董事會執行主席兼首席執行官徐立" in first
    assert "陣痛中轉型" in first and "characters 410–427" in first
    page.locator("#statements a", has_text="首席執行官").first.click()
    page.wait_for_url(server + "entity/post-ceo")
    assert "Chief Executive Officer" in page.locator(".kg-sub").inner_text()
    assert not problems, problems


def test_graph_view_draws_offline(server, browser_page):
    import importlib.util

    page, requests, problems = browser_page
    if importlib.util.find_spec("kg.views.graph") is None:  # lands with kg/views/graph.py
        response = page.goto(server + "graph")
        assert response.status == 501
        return
    page.goto(server + "graph?focus=xu-li")
    page.wait_for_selector("#kg-main canvas", timeout=20_000)
    assert page.locator("#kg-title").inner_text().strip()
    assert not problems, problems
