"""What every HTML page of kg shares: data for a page's script, safely embedded, and text
escaped with its invisible characters shown."""

from __future__ import annotations

import html
import json

from kg.text import invisible_pattern, marker

__all__ = ["json_for_script", "visible_html"]


def visible_html(text, *, markup: bool = True) -> str:
    """``text`` escaped for HTML (quotes too), each control, bidi or zero-width character
    (``kg.text.INVISIBLE``, tab and line break aside) shown as a marker, ``<U+202E>``, so an
    override can neither reorder what is shown nor hide in it (an alias in RLO reads
    ``<U+202E>exe.tpircs``, not ``script.exe``): in a ``<code>`` element with ``markup``, as
    plain text without (for attribute values and SVG text).

    >>> visible_html("a\\u202eb<")
    'a<code class="kg-invisible">&lt;U+202E&gt;</code>b&lt;'
    """
    def show(match) -> str:
        shown = html.escape(marker(match.group()))
        return f'<code class="kg-invisible">{shown}</code>' if markup else shown

    return invisible_pattern("\t\n").sub(show, html.escape(str(text), quote=True))


def json_for_script(data) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``: sorted keys,
    and ``<``, ``>``, ``&``, U+2028, U+2029 written as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
