"""What every HTML page of kg shares: data for a page's script, safely embedded."""

from __future__ import annotations

import json

__all__ = ["json_for_script"]


def json_for_script(data) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``: sorted keys,
    and ``<``, ``>``, ``&``, U+2028, U+2029 written as ``\\u`` escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
