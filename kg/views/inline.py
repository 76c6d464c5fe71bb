"""The graph page inside a notebook: an iframe whose ``srcdoc`` is the whole offline page.

The page (``kg.views.graph.render_html``) is one self-contained document under its own strict
Content-Security-Policy (a ``<meta>`` in the page, which a ``srcdoc`` document keeps: scripts
run only when their hashes match). The iframe is sandboxed with ``allow-scripts`` alone: the
page runs in an opaque origin of its own, and cannot reach the notebook, its cookies or its
kernel, whatever its labels say. Nothing is fetched: the notebook needs no server and no file.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InlineView:
    """The graph page, as Jupyter displays it (``_repr_html_``), or saved as a file."""

    page: str          #: the whole offline HTML document
    height: int = 600  #: the iframe's height, in CSS pixels
    title: str = "kg"  #: the page's title (the iframe's accessible name)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
                f'sandbox="allow-scripts" title="{html.escape(self.title, quote=True)}" '
                f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd" '
                'loading="eager"></iframe>')

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` atomically (``kg.rdfio.files.write_atomic``); returns it."""
        from kg.rdfio.files import write_atomic

        target = Path(path)
        write_atomic(target, self.page.encode("utf-8"))
        return target

    def __repr__(self) -> str:
        size = len(self.page.encode("utf-8")) // 1024
        return (f"<kg InlineView of {self.title}: {size} KB page; Jupyter shows it inline, "
                ".save(path) writes it>")
