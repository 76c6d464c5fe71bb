"""The page: the template filled with the data, the vendored vis-network and the page's own
script and style, under a Content-Security-Policy that allows exactly those two scripts."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from kg.views.html import json_for_script


def _script_safe(js: str) -> str:
    """Inline JavaScript can't contain ``</script`` or ``<!--``; ours and vis-network's don't,
    and this makes sure."""
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "<\\!--")


STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
VIS_PATH = STATIC_DIR / "vendor" / "vis-network.min.js"
#: sha256 of the vendored vis-network 10.1.5 standalone UMD build (see static/vendor/README.md).
VIS_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"

_static_cache: dict[str, str] = {}


def _static(name: str) -> str:
    if name not in _static_cache:
        _static_cache[name] = (STATIC_DIR / name).read_text(encoding="utf-8")
    return _static_cache[name]


def _vis_js() -> str:
    if "vis" not in _static_cache:
        raw = VIS_PATH.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != VIS_SHA256:
            raise RuntimeError(f"{VIS_PATH} is not the pinned vis-network build "
                               f"(sha256 {digest}); restore it from the npm package")
        text = raw.decode("utf-8")
        text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
        _static_cache["vis"] = _script_safe(text)
    return _static_cache["vis"]


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def assemble(data: dict, title: str, lang: str) -> str:
    vis = _vis_js()
    app = _script_safe(_static("app.js"))
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis)} {_csp_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
           "connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
           "worker-src 'none'; base-uri 'none'; form-action 'none'")
    parts = {
        "LANG": html.escape(lang, quote=True),
        "CSP": html.escape(csp, quote=False).replace('"', "&quot;"),
        "TITLE": html.escape(title, quote=True),
        "CSS": _static("app.css").replace("</", "<\\/"),
        "DATA": json_for_script(data),
        "VIS": vis,
        "APP": app,
    }
    return re.sub(r"@@KG_([A-Z]+)@@", lambda m: parts[m.group(1)], _static("template.html"))
