"""Headless Debian Chromium for kg's browser tests, driven by Playwright.

Never downloads a browser: it launches ``/usr/bin/chromium`` (Debian's package; ``.ci/run``
installs it when missing).  Every page opened through :class:`Browser` runs with the network cut
off: a route aborts, and records, every request whose URL is not ``file:`` (``data:``/``blob:``
URLs never reach the network and are not routed); WebSocket attempts are recorded and closed too.
Console errors, uncaught page errors and dialogs (``alert``/``confirm``/``prompt``, dismissed at
once) are collected.

Pages with a strict Content-Security-Policy (kg's graph.html allows no ``eval``): give
``page.wait_for_function`` a function (``"() => window.x"``), not a bare expression, which
Playwright would ``eval`` in the page while polling.

Usage::

    from tests.browser import Browser, skip_reason

    @pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
    def test_page(tmp_path):
        with Browser() as browser:
            session = browser.open(tmp_path / "graph.html")
            session.page.wait_for_function("() => window.__kgReady !== undefined")
            ...
            session.assert_clean()   # no external request, console error, page error or dialog
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def skip_reason() -> str | None:
    """Why browser tests can't run here (None when they can)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    return None   # playwright is a declared test dependency: its absence fails, it doesn't skip


@dataclass
class PageSession:
    """One page in its own browser context, with everything it tried recorded."""

    page: object
    context: object
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_messages: list[str] = field(default_factory=list)

    def goto(self, target: str | os.PathLike, *, wait_until: str = "load",
             timeout_ms: float = 60_000) -> None:
        """Open a file path (or a ``file:``/``data:`` URL)."""
        url = _as_url(target)
        self.page.goto(url, wait_until=wait_until, timeout=timeout_ms)

    @property
    def problems(self) -> list[str]:
        """Every external request, console error, page error and dialog, one line each."""
        return ([f"external request: {u}" for u in self.external_requests]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"dialog: {m}" for m in self.dialogs])

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)

    def close(self) -> None:
        try:
            self.context.close()
        except Exception:  # noqa: BLE001 - closing a crashed context must not mask a failure
            pass


class Browser:
    """A headless Chromium (context manager); ``open()`` gives recorded, offline pages."""

    def __init__(self, *, headless: bool = True, extra_args: tuple[str, ...] = ()) -> None:
        reason = skip_reason()
        if reason is not None:
            raise RuntimeError(reason)
        self._headless = headless
        self._args = list(CHROMIUM_ARGS) + list(extra_args)
        self._playwright = None
        self.browser = None
        self._sessions: list[PageSession] = []

    def __enter__(self) -> "Browser":
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self.browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, headless=self._headless, args=self._args)
        except BaseException:
            self._playwright.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for session in self._sessions:
            session.close()
        self._sessions.clear()
        if self.browser is not None:
            try:
                self.browser.close()
            finally:
                self.browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    def new_session(self, *, viewport: tuple[int, int] = (1400, 900),
                    device_scale_factor: float = 1) -> PageSession:
        """A fresh context and page with the recording route installed (nothing opened yet)."""
        context = self.browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            device_scale_factor=device_scale_factor, service_workers="block")
        page = context.new_page()
        session = PageSession(page=page, context=context)

        def route(route_obj, request=None):
            url = route_obj.request.url
            if url.startswith(_LOCAL_SCHEMES):
                route_obj.continue_()
            else:
                session.external_requests.append(url)
                route_obj.abort("blockedbyclient")

        context.route("**/*", route)

        def on_websocket_route(ws_route):
            session.external_requests.append(ws_route.url)
            ws_route.close()

        if hasattr(context, "route_web_socket"):
            context.route_web_socket("**/*", on_websocket_route)
        else:  # older Playwright: record only
            page.on("websocket", lambda ws: session.external_requests.append(ws.url))

        def on_console(msg):
            text = f"{msg.type}: {msg.text}"
            session.console_messages.append(text)
            if msg.type == "error":
                session.console_errors.append(msg.text)

        def on_dialog(dialog):
            session.dialogs.append(f"{dialog.type}: {dialog.message}")
            try:
                dialog.dismiss()
            except Exception:  # noqa: BLE001 - page may be closing
                pass

        page.on("console", on_console)
        page.on("pageerror", lambda err: session.page_errors.append(str(err)))
        page.on("dialog", on_dialog)
        page.on("popup", lambda popup: session.external_requests.append(f"popup: {popup.url}"))
        self._sessions.append(session)
        return session

    def open(self, target: str | os.PathLike, *, viewport: tuple[int, int] = (1400, 900),
             wait_until: str = "load", timeout_ms: float = 60_000) -> PageSession:
        """A new recorded page with ``target`` (a file path or file: URL) loaded."""
        session = self.new_session(viewport=viewport)
        session.goto(target, wait_until=wait_until, timeout_ms=timeout_ms)
        return session


def _as_url(target: str | os.PathLike) -> str:
    text = os.fspath(target)
    if text.startswith(("file:", "data:", "about:")):
        return text
    return Path(text).resolve().as_uri()


def artifacts_dir() -> Path:
    """``tests/artifacts/`` (created): where browser tests keep screenshots."""
    path = Path(__file__).resolve().parent / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


# The graph's canvas has been drawn: it is laid out, and at least 200 of every 7th pixel have ink.
_CANVAS_DRAWN = """() => {
    const c = document.querySelector('#kg-graph canvas');
    if (!c || c.width < 100 || c.height < 100) return false;
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 3; i < px.length; i += 4 * 7) if (px[i] > 0) ink++;
    return ink > 200;
}"""


def canvas_drawn(target) -> bool:
    """Whether kg's graph view has drawn its canvas in ``target`` (a Playwright page or frame)."""
    return target.evaluate(_CANVAS_DRAWN)


def open_view(browser: Browser, path: str | os.PathLike,
              viewport: tuple[int, int] = (1400, 900), lang: str | None = None) -> PageSession:
    """kg's graph page at ``path`` in a new recorded page, once its script is ready; in the
    language ``lang`` (picked in the page's menu) when given."""
    session = browser.new_session(viewport=viewport)
    session.goto(path)
    session.page.wait_for_function("() => window.__kgReady !== undefined", timeout=60_000)
    if lang:
        session.page.select_option("#kg-lang", lang)
        session.page.wait_for_timeout(200)
    return session


__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "Browser", "PageSession", "skip_reason", "artifacts_dir",
           "canvas_drawn", "open_view"]
