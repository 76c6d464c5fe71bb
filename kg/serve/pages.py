"""HTML pages of the server: the query editor shell, the entity index and the entity pages.

Every string that comes from the data is escaped (:func:`html.escape`); pages load only the
server's own assets (``/static/...``), never anything from another host.
"""

from __future__ import annotations

import re
from html import escape

from kg.views.html import json_for_script, visible_html
from kg.vocab import LANGS, all_prefixes, label_order

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: Content-Security-Policy of the server's own pages: same-origin only, no inline script.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _layout(title: str, body: str, *, head: str = "", current: str = "") -> str:
    nav = "".join(
        f'<a href="{href}"{" aria-current=page" if name == current else ""}>{label}</a>'
        for name, href, label in (("query", "/", "Query"), ("graph", "/graph", "Graph"),
                                  ("entities", "/entity/", "Entities"),
                                  ("sparql", "/sparql", "SPARQL endpoint")))
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{visible_html(title, markup=False)}</title>"
            f'<link rel="icon" href="/favicon.ico" type="image/svg+xml">'
            f'<link rel="stylesheet" href="/static/serve/serve.css">{head}</head>'
            f'<body><nav class="kg-nav"><strong>kg</strong>{nav}</nav>{body}</body></html>\n')


def prefixed_query(text: str, base: str | None) -> str:
    """``text`` with PREFIX lines for the kg prefixes it uses and does not declare."""
    declared = {m.group(1) for m in re.finditer(r"\bPREFIX\s+(\w*)\s*:", text, re.I)}
    body = re.sub(r"#[^\n]*", "", text)
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in all_prefixes(base).items()
             if p not in declared and re.search(rf"(?<![\w?$]){re.escape(p)}:", body)]
    return "\n".join(lines) + ("\n" if lines else "") + text


def editor_page(canned: list[dict], *, endpoint: str = "/sparql", title: str = "kg",
                base: str | None = None) -> str:
    """The query editor: YASGUI (vendored) with one tab per canned query.

    Args:
        canned: ``[{"name", "title", "query"}]`` in tab order.
        endpoint: the SPARQL endpoint, relative to the page.
        title: the project's name.
        base: the instance base IRI (results show IRIs with kg's prefixes).
    """
    config = json_for_script({"endpoint": endpoint, "queries": canned,
                              "prefixes": all_prefixes(base)})
    head = '<link rel="stylesheet" href="/static/vendor/yasgui/yasgui.min.css">'
    body = (f'<main class="kg-editor"><div id="yasgui"></div></main>'
            f'<script type="application/json" id="kg-config">{config}</script>'
            '<script src="/static/vendor/yasgui/yasgui.min.js"></script>'
            '<script src="/static/serve/editor.js"></script>')
    return _layout(f"{title}: SPARQL", body, head=head, current="query")


class _Names:
    """Display names of IRIs, from the labels the worker gathered."""

    def __init__(self, names: dict[str, dict[str, str]], base: str) -> None:
        self.names, self.base = names, base
        self.prefixes = sorted(all_prefixes(base).items(), key=lambda kv: -len(kv[1]))

    def short(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and "/" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def text(self, iri: str | None) -> str:
        """'zh-Hant label · en label', or the prefixed IRI when there is no label."""
        if not iri:
            return ""
        labels = self.names.get(iri, {})
        seen = []
        for lang in ("zh-Hant", "en"):
            if labels.get(lang) and labels[lang] not in seen:
                seen.append(labels[lang])
        if not seen and labels:
            seen.append(next(iter(sorted(labels.items())))[1])
        return " · ".join(seen) if seen else self.short(iri)

    def link(self, iri: str | None) -> str:
        """The name, linked to its page when it is an entity of this graph."""
        if not iri:
            return ""
        name = visible_html(self.text(iri))
        entity = self.base + "entity/"
        if iri.startswith(entity):
            return f'<a href="/entity/{escape(iri[len(entity):], quote=True)}">{name}</a>'
        return f'<span title="{escape(iri, quote=True)}">{name}</span>'


def _num(value: str | None) -> str:
    if value is None:
        return ""
    text = str(value)
    if re.fullmatch(r"-?\d+\.0+", text):
        text = text.split(".")[0]
    return text


def entity_page(data: dict, *, base: str) -> str:
    """The page of one entity, from :func:`kg.serve.tasks.entity_data`."""
    names = _Names(data["names"], base)
    labels = {lang: text for kind, lang, text in data["labels"] if kind == "label"}
    heading = next((labels[tag] for tag in label_order("zh-Hant") if labels.get(tag)), data["id"])
    others = [labels[lang] for lang in ("zh-Hans", "en") if labels.get(lang)
              and labels[lang] != heading]
    order = {lang: i for i, lang in enumerate(LANGS)}
    label_rows = "".join(
        f"<tr><td>{escape(kind)}</td><td>{escape(lang)}</td><td lang=\"{escape(lang, True)}\">"
        f"{visible_html(text)}</td></tr>"
        for kind, lang, text in sorted(data["labels"], key=lambda r: (
            ("label", "prefLabel", "altLabel").index(r[0]), order.get(r[1], 9), r[2])))
    classes = ", ".join(names.link(c) for c in data["classes"]) or "—"
    comments = "".join(f'<p class="kg-comment" lang="{escape(lang, True)}">{visible_html(text)}</p>'
                       for lang, text in data["comments"])
    statement_rows = []
    for st in data["statements"]:
        where = []
        if st.get("start") is not None:
            where.append(f"characters {escape(st['start'])}–{escape(st['end'])}")
        if st.get("sentence") is not None:
            where.append(f"sentence {escape(st['sentence'])}")
        source = visible_html(st.get("sourceTitle") or names.text(st.get("source")))
        claimed = (f'<div class="kg-claim">claimed by {names.link(st["claimedBy"])}</div>'
                   if st.get("claimedBy") else "")
        statement_rows.append(
            f'<tr><td>{names.link(st["subject"])}</td><td>{visible_html(names.text(st["relation"]))}'
            f'</td><td>{names.link(st["object"])}</td>'
            f'<td><blockquote class="kg-quote" lang="zh-Hant">{visible_html(st.get("quote") or "")}'
            f'</blockquote>{claimed}</td>'
            f'<td class="kg-source">{source}<div class="kg-where">{", ".join(where)}</div></td>'
            "</tr>")
    figure_rows = []
    for fig in data["figures"]:
        if fig.get("value") is not None:
            amount = _num(fig["value"])
        elif fig.get("min") is not None:
            amount = f"{_num(fig['min'])}–{_num(fig['max'])}"
        else:
            amount = ""
        stated = "".join(filter(None, [amount, fig.get("multiplier"), fig.get("unit")]))
        qualifier = names.text(fig["qualifier"]) if fig.get("qualifier") else ""
        change = ""
        if fig.get("changeValue") is not None:
            change = (f"{names.text(fig.get('direction'))} {_num(fig['changeValue'])}"
                      f"{fig.get('changeUnit') or ''}").strip()
        figure_rows.append(
            f"<tr><td>{visible_html(names.text(fig['metric']))}</td><td>{visible_html(qualifier)}</td>"
            f'<td class="kg-num">{escape(stated)}</td><td>{visible_html(names.text(fig.get("period")))}'
            f"</td><td>{escape(change)}</td><td>{escape(fig.get('flags') or '')}</td>"
            f'<td><blockquote class="kg-quote" lang="zh-Hant">{visible_html(fig.get("quote") or "")}'
            "</blockquote></td></tr>")
    ident = escape(data["id"], quote=True)
    body = [f'<main class="kg-page"><h1 lang="zh-Hant">{visible_html(heading)}</h1>']
    if others:
        body.append(f'<p class="kg-sub">{visible_html(" · ".join(others))}</p>')
    body.append(f'<p class="kg-iri"><code>{escape(data["iri"])}</code> — class {classes} — '
                f'<a href="/entity/{ident}?format=turtle">Turtle</a> · '
                f'<a href="/graph?focus={ident}">graph</a></p>{comments}')
    body.append('<h2>Labels</h2><table class="kg-table" id="labels"><thead><tr><th>kind</th>'
                f"<th>language</th><th>text</th></tr></thead><tbody>{label_rows}</tbody></table>")
    body.append(f'<h2>Statements ({len(statement_rows)})</h2>')
    if statement_rows:
        body.append('<table class="kg-table" id="statements"><thead><tr><th>subject</th>'
                    "<th>relation</th><th>object</th><th>evidence</th><th>source</th></tr>"
                    f"</thead><tbody>{''.join(statement_rows)}</tbody></table>")
    else:
        body.append("<p>No statements about this entity.</p>")
    if figure_rows:
        body.append(f'<h2>Figures ({len(figure_rows)})</h2><table class="kg-table" '
                    'id="figures"><thead><tr><th>metric</th><th>qualifier</th><th>as stated'
                    "</th><th>period</th><th>change</th><th>flags</th><th>evidence</th></tr>"
                    f"</thead><tbody>{''.join(figure_rows)}</tbody></table>")
    body.append("</main>")
    return _layout(f"{heading} — kg", "".join(body))


def entity_index_page(entities: list[dict], *, title: str = "kg") -> str:
    """A list of every entity with its labels, linked to its page."""
    rows = []
    for item in entities:
        labels = item["labels"]
        classes = ", ".join(c.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in item["classes"])
        rows.append(f'<tr><td><a href="/entity/{escape(item["id"], True)}">'
                    f'{escape(item["id"])}</a></td><td>{escape(classes)}</td>'
                    + "".join(f'<td lang="{lang}">{visible_html(labels.get(lang, ""))}</td>'
                              for lang in LANGS) + "</tr>")
    body = (f'<main class="kg-page"><h1>Entities ({len(rows)})</h1><table class="kg-table" '
            'id="entities"><thead><tr><th>id</th><th>class</th><th>zh-Hant</th><th>zh-Hans</th>'
            f"<th>en</th></tr></thead><tbody>{''.join(rows)}</tbody></table></main>")
    return _layout(f"{title}: entities", body, current="entities")


def error_page(status: int, message: str) -> str:
    """A small HTML error page."""
    return _layout(f"{status} — kg", f'<main class="kg-page"><h1>{status}</h1>'
                                     f"<p>{escape(message)}</p></main>")
