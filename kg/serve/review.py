"""``kg review``: a local page to review the drafts ``kg ingest`` wrote, one proposal at a time.

The page lists each source's proposals (entities, aliases, relations, figures), each with its
quote highlighted in its sentence, its confidence and the rule that proposed it; the reviewer
accepts, edits or rejects each one (a rejected figure is dismissed, with a reason), or accepts
a whole draft. The work is ``kg.ingest.review``'s; this module only serves it.

Only for the person at this machine: the server listens on 127.0.0.1, every URL starts with a
random token (printed once), and a request is refused (403) without the token, with a Host
header other than the server's own address, with another Origin, or, for a change (POST),
without a same-origin ``Origin`` and a JSON body (a cross-site form cannot send one). Pages carry
a strict Content-Security-Policy: the page's own script and style only, nothing inline, no
other host. Text from the articles is put in the page as text (``textContent``), never as
HTML, with control and bidi characters shown escaped.
"""

from __future__ import annotations

import json
import secrets
from html import escape
from pathlib import Path
from typing import Callable

from kg.errors import KGError, UsageError
from kg.inputs.project import Project
from kg.vocab import LANGS

STATIC = Path(__file__).resolve().parents[1] / "static" / "serve"
#: the review page's Content-Security-Policy: its own script and style, nothing else
REVIEW_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
              "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_HEADERS = {"Content-Security-Policy": REVIEW_CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
            "X-Frame-Options": "DENY", "Cross-Origin-Resource-Policy": "same-origin"}
_ACTIONS = ("accept", "edit", "reject", "dismiss")
MAX_BODY = 64_000


def review_data(project: Project) -> dict:
    """What the page shows: every draft's proposals, and the choices its edit controls offer."""
    from kg.ingest.review import draft_sources, proposals
    from kg.inputs.corpus import load_inputs
    from kg.text import printable

    inputs = load_inputs(project)
    sources, proposed = [], []
    for sid in draft_sources(project):
        source = inputs.sources.get(sid)
        text = source.text if source is not None else ""
        items = []
        for p in proposals(project, sid):
            d = p.as_dict(text)
            for key in ("before", "quote", "after"):
                d[key] = printable(d[key])
            d["shown"] = _printable_all(p.item)
            items.append(d)
            if p.kind == "entity":
                proposed.append({"id": p.id, "class": p.item.get("class"), "source": sid,
                                 "label": printable(_label(p.item.get("label")))})
        sources.append({"id": sid, "title": printable(source.title if source else sid),
                        "language": source.language if source else "", "proposals": items})
    entities = [{"id": e.id, "class": e.cls, "label": printable(_label(e.labels))}
                for e in sorted(inputs.facts.entities.values(), key=lambda e: e.id)]
    return {"project": project.name, "sources": sources, "langs": list(LANGS),
            "relations": sorted(inputs.ontology.relations),
            "classes": sorted(inputs.ontology.classes),
            "entities": entities, "proposed": proposed,
            "metrics": [e["id"] for e in entities if e["class"] == "Metric"] +
                       [e["id"] for e in proposed if e["class"] == "Metric"]}


def _label(labels) -> str:
    if not isinstance(labels, dict):
        return ""
    return " / ".join(str(labels[k]) for k in LANGS if k in labels)


def _printable_all(value):
    from kg.text import printable

    if isinstance(value, dict):
        return {k: _printable_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_all(v) for v in value]
    return printable(value) if isinstance(value, str) else value


def review_page(token: str, title: str) -> str:
    """The page shell: data comes from ``api/proposals``, the script builds the page as text."""
    return ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}: review</title>"
            '<meta name="referrer" content="no-referrer">'
            f'<link rel="stylesheet" href="/{token}/review.css"></head>'
            f'<body><header class="kg-head"><strong>kg review</strong> '
            f'<span>{escape(title)}</span><span id="kg-status" role="status"></span></header>'
            '<main id="kg-drafts"></main>'
            f'<script src="/{token}/review.js"></script></body></html>\n')


def create_review_app(root: str | Path | Project, token: str, *,
                      hosts: tuple[str, ...] = ("127.0.0.1", "localhost")):
    """The review app for the project at ``root``: every path starts with ``/TOKEN/``.

    Args:
        root: the project (or its directory).
        token: the secret every URL carries.
        hosts: the Host headers accepted (with the port when the server has one).
    """
    from starlette.applications import Starlette
    from starlette.routing import Route

    project = root if isinstance(root, Project) else Project.open(root)

    async def dispatch(request):
        refusal = _refusal(request, token, hosts)
        if refusal is not None:
            return _plain(403, refusal)
        rest = request.url.path[len(token) + 2:]
        if request.method == "GET":
            return await _get(project, token, rest)
        if rest.startswith("api/") and rest[4:] in _ACTIONS:
            return await _post(project, request, rest[4:])
        return _plain(404, "not found")

    app = Starlette(routes=[Route("/{path:path}", dispatch, methods=["GET", "POST"])])
    app.state.kg_project = project
    return app


def _refusal(request, token: str, hosts: tuple[str, ...]) -> str | None:
    """Why ``request`` is refused, or None: token, Host, Origin, and for POST same-origin JSON."""
    host = request.headers.get("host", "")
    if host not in hosts:
        return "refused: unknown Host header; open the URL kg review printed"
    path = request.url.path
    given = path[1:].split("/", 1)[0] if path.startswith("/") else ""
    if not secrets.compare_digest(given.encode(), token.encode()) or \
            not path.startswith(f"/{token}/"):
        return "refused: this page needs the URL kg review printed (with its token)"
    origin = request.headers.get("origin")
    if origin is not None and origin != f"http://{host}":
        return "refused: request from another origin"
    if request.method == "POST":
        site = request.headers.get("sec-fetch-site")
        if origin is None or (site is not None and site != "same-origin"):
            return "refused: a change must come from the review page itself"
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/json":
            return "refused: a change is sent as application/json"
    return None


def _plain(status: int, message: str):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message + "\n", status_code=status, headers=_HEADERS)


def _json(status: int, data):
    from starlette.responses import Response

    return Response(json.dumps(data, ensure_ascii=False), status_code=status,
                    media_type="application/json", headers=_HEADERS)


async def _get(project: Project, token: str, rest: str):
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, Response

    if rest == "":
        return HTMLResponse(review_page(token, project.name), headers=_HEADERS)
    if rest in ("review.js", "review.css"):
        media = "text/javascript" if rest.endswith(".js") else "text/css"
        return Response((STATIC / rest).read_bytes(), media_type=media, headers=_HEADERS)
    if rest == "api/proposals":
        try:
            return _json(200, await run_in_threadpool(review_data, project))
        except KGError as exc:
            return _json(400, {"error": str(exc)})
    return _plain(404, "not found")


async def _post(project: Project, request, action: str):
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    if len(body) > MAX_BODY:
        return _json(413, {"error": "request too large"})
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _json(400, {"error": "the body is not JSON"})
    if not isinstance(data, dict) or not isinstance(data.get("source"), str):
        return _json(400, {"error": "give source (and id) as JSON"})
    try:
        message = await run_in_threadpool(_act, project, action, data)
    except KGError as exc:
        return _json(409 if not isinstance(exc, UsageError) else 400, {"error": str(exc)})
    return _json(200, {"ok": True, "message": message})


def _act(project: Project, action: str, data: dict) -> str:
    """Do ``action`` with the page's JSON ``data``; returns what to tell the reviewer."""
    from kg.ingest import review

    source, ident = data["source"], data.get("id")
    if action == "accept":
        ids = data.get("ids")
        if ids is not None and (not isinstance(ids, list) or
                                not all(isinstance(i, str) for i in ids)):
            raise UsageError("ids must be a list of proposal ids")
        done = review.accept(project, source, ids)
        return f"accepted {', '.join(done.ids)} into {project.rel(done.path)}"
    if not isinstance(ident, str):
        raise UsageError("give the id of a proposal")
    if action == "edit":
        changes = data.get("changes")
        if not isinstance(changes, dict) or not changes:
            raise UsageError("give the changes as a mapping")
        review.edit(project, source, ident, changes)
        return f"edited {ident}"
    reason = data.get("reason") if isinstance(data.get("reason"), str) else None
    if action == "dismiss":
        review.dismiss(project, source, ident, reason=reason or "")
        return f"dismissed {ident}"
    done = review.reject(project, source, ident, reason=reason)
    return f"{done} {ident}"


def serve(root: str | Path | Project = ".", *, port: int = 0, open_browser: bool = True,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the review page on 127.0.0.1 until interrupted.

    Args:
        root: the project (or its directory).
        port: TCP port; 0 picks a free one.
        open_browser: open the page in the default browser once it is served.
        on_ready: called with the page's URL (token included) once it accepts requests.

    Raises:
        UsageError: the port is taken.
    """
    import socket

    import uvicorn

    project = root if isinstance(root, Project) else Project.open(root)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except (OSError, OverflowError) as exc:
        sock.close()
        raise UsageError(f"cannot listen on 127.0.0.1:{port}: "
                         f"{getattr(exc, 'strerror', None) or exc}") from None
    sock.listen(128)
    bound = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    url = f"http://127.0.0.1:{bound}/{token}/"
    app = create_review_app(project, token, hosts=(f"127.0.0.1:{bound}", f"localhost:{bound}"))

    class _Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if on_ready is not None:
                on_ready(url)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            server_header=False, timeout_graceful_shutdown=3)
    try:
        _Server(config).run(sockets=[sock])
    finally:
        sock.close()


__all__ = ["create_review_app", "review_data", "review_page", "serve", "REVIEW_CSP"]
