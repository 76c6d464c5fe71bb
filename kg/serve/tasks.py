"""What a server worker does with a store: check, run and serialise SPARQL; gather entity data.

Everything here runs inside a worker process (see :mod:`kg.serve.workers`) and talks to the store only
through ``store.query(sparql, prefixes)``, so any store of :mod:`kg.store` plugs in.  Each task is a dict
and each answer a dict that pickles cheaply: ``{"status", "content_type", "body", "headers"}``
for HTTP bodies, ``{"status": 200, "data": ...}`` for page data.
"""

from __future__ import annotations

import re

from kg.inputs.sources import ID_RE
from kg.rdfio.results import RESULT_TYPES
from kg.vocab import all_prefixes

#: graph format name -> media type (CONSTRUCT / DESCRIBE)
GRAPH_TYPES: dict[str, str] = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples; charset=utf-8",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}


class Refused(Exception):
    """A request the endpoint will not run: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle(store, task: dict) -> dict:
    """Run one task (``task["kind"]``) on ``store`` and return the answer."""
    kind = task["kind"]
    try:
        if kind == "sparql":
            return run_sparql(store, task["query"], base=task["base"], result_format=
                              task["result_format"], graph_format=task["graph_format"],
                              max_rows=task["max_rows"])
        if kind == "entity":
            return {"status": 200, "data": entity_data(store, task["id"], task["base"])}
        if kind == "entity_rdf":
            return entity_rdf(store, task["id"], task["base"], task["graph_format"])
        if kind == "entities":
            return {"status": 200, "data": entity_index(store, task["base"])}
        if kind == "count":
            rows = _select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None)
            return {"status": 200, "data": int(rows[0][0])}
        if kind == "graph_html":
            return graph_html(store, task["title"], lang=task.get("lang"),
                              focus=task.get("focus"), base=task.get("base"))
    except Refused as exc:
        return error(exc.status, str(exc))
    raise ValueError(f"unknown task {kind!r}")


def warm() -> None:
    """Import what the tasks import lazily (rdflib among them), once, when a worker starts: an
    import cut short by a task's time limit would leave a module half-initialised."""
    import kg.errors  # noqa: F401
    import kg.rdfio.formats  # noqa: F401
    import kg.rdfio.results  # noqa: F401
    import kg.rdfio.sparql  # noqa: F401
    import kg.views.graph  # noqa: F401


def error(status: int, message: str) -> dict:
    """An error answer: a one-line plain-text body."""
    return {"status": status, "content_type": "text/plain; charset=utf-8",
            "body": (message.strip() + "\n").encode(), "headers": {}}


def check_query(text: str) -> str:
    """Parse ``text`` and return its form (SELECT, ASK, CONSTRUCT, DESCRIBE).

    Raises:
        Refused: 400 for a syntax error or a dataset clause (FROM, FROM NAMED); 403 for
            SPARQL Update (including LOAD) and for SERVICE, which would reach other servers.
    """
    from kg.errors import QuerySyntaxError
    from kg.rdfio.sparql import (SERVICE_REFUSED, ServiceRefused, UpdateRefused, check_no_service,
                                 parse_query, query_form, uses)

    try:
        check_no_service(text)  # as written, before rdflib's parse (which may fail)
        parsed = parse_query(text)
        if uses(parsed, "ServiceGraphPattern"):  # as rdflib reads it
            raise ServiceRefused(SERVICE_REFUSED)
    except ServiceRefused:
        raise Refused(403, SERVICE_REFUSED) from None
    except QuerySyntaxError as exc:
        raise Refused(400, str(exc).removesuffix("; fix the query")) from None
    except UpdateRefused:
        raise Refused(403, "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: "
                           "this endpoint is read-only") from None
    except RecursionError:
        raise Refused(400, "query nested too deeply") from None
    if uses(parsed, "DatasetClause"):
        raise Refused(400, "FROM and FROM NAMED are not supported: the endpoint serves one "
                           "graph, its default graph")
    return query_form(parsed)


def run_sparql(store, query: str, *, base: str | None, result_format: str | None,
               graph_format: str | None, max_rows: int) -> dict:
    """Check and run ``query``; serialise its answer in the negotiated format.

    ``result_format`` applies to SELECT/ASK, ``graph_format`` to CONSTRUCT/DESCRIBE (the app
    always picks one: Turtle when Accept names none); ``result_format`` None means the client
    accepts no format for a SELECT/ASK answer (406).  More than ``max_rows`` rows (or triples)
    is refused with 422 rather than cut silently.
    """
    from kg.rdfio.results import as_result, write_ask, write_select

    form = check_query(query)
    fmt = (graph_format or "turtle") if form in ("CONSTRUCT", "DESCRIBE") else result_format
    if fmt is None:
        raise Refused(406, f"a {form} answer can be sent as "
                           f"{', '.join(t.split(';')[0] for t in RESULT_TYPES.values())}; "
                           "the Accept header allows none of them")
    try:
        if form == "SELECT" and _sorted_over_limit(store, query, base, max_rows):
            raise _too_many(max_rows, "rows")
        result = store.query(query, all_prefixes(base))
    except Refused:
        raise
    except RecursionError:
        raise Refused(400, "query nested too deeply") from None
    except MemoryError:
        raise
    except Exception as exc:  # unknown prefix, bad function call, ...
        raise Refused(400, f"query error: {str(exc).splitlines()[0] if str(exc) else exc!r}") \
            from None
    headers = {"KG-Row-Limit": str(max_rows)}
    if form == "ASK":
        body = write_ask(bool(result.askAnswer), fmt)
        return {"status": 200, "content_type": RESULT_TYPES[fmt], "body": body,
                "headers": headers}
    if form == "SELECT":
        variables = [str(v) for v in result.vars]
        rows = []
        for row in result:
            if len(rows) == max_rows:
                raise _too_many(max_rows, "rows")
            rows.append(tuple(row))
        headers["KG-Rows"] = str(len(rows))
        return {"status": 200, "content_type": RESULT_TYPES[fmt],
                "body": write_select(as_result(variables, rows), fmt), "headers": headers}
    graph = result.graph
    if len(graph) > max_rows:
        raise _too_many(max_rows, "triples")
    from kg.rdfio.formats import serialize

    headers["KG-Rows"] = str(len(graph))
    return {"status": 200, "content_type": GRAPH_TYPES[fmt],
            "body": serialize(graph, fmt, base=base), "headers": headers}


#: a query's prologue (PREFIX and BASE declarations, comments) and a last clause that is an
#: ORDER BY of plain variables: what :func:`_sorted_over_limit` can take apart safely
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^>\s]*>|BASE\s*<[^>\s]*>)*",
                       re.I)
_ORDER_TAIL = re.compile(r"\}\s*ORDER\s+BY(?:\s*(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+))+\s*$",
                         re.I)


def _sorted_over_limit(store, query: str, base: str | None, max_rows: int) -> bool:
    """True when ``query``, a SELECT sorted by its last clause, has more than ``max_rows``
    rows, counted without sorting: the rows stop at the limit, so an answer the server refuses
    anyway (422) costs a fraction of its whole evaluation, which grows with the store (a
    whole-store ORDER BY at a million triples outlasted the time limit, and a 503 is tried
    again by every client, where the 422 is cached).  False when the query has no such shape
    or the count fails (the query then runs as written and says why)."""
    tail = _ORDER_TAIL.search(query)
    if tail is None:
        return False
    head = _PROLOGUE.match(query).end()
    probe = (f"{query[:head]}SELECT (COUNT(*) AS ?kgRowsProbe) WHERE {{ {{ "
             f"{query[head:tail.start() + 1]} LIMIT {max_rows + 1} }} }}")
    try:
        rows = _select(store, probe, base)
        return int(rows[0][0]) > max_rows
    except MemoryError:
        raise
    except Exception:  # not a shape the probe handles: the query itself answers
        return False


def _too_many(limit: int, what: str) -> Refused:
    return Refused(422, f"the answer has more than {limit} {what}, the server's limit "
                        "(kg serve --max-rows); nothing was cut: narrow the query or page through "
                        "it with LIMIT and OFFSET")


# ---------------------------------------------------------------------------- pages' data

def _select(store, query: str, base: str | None) -> list[tuple]:
    return [tuple(row) for row in store.query(query, all_prefixes(base))]


def _entity_iri(entity_id: str, base: str) -> str:
    if not ID_RE.match(entity_id):
        raise Refused(404, f"no entity '{entity_id}': ids are lowercase words joined by '-'")
    return f"{base}entity/{entity_id}"


def _value(term):
    """A JSON-friendly value of an rdflib term (None stays None)."""
    if term is None:
        return None
    return str(term)


def entity_data(store, entity_id: str, base: str) -> dict:
    """Everything the entity page shows, as plain data (strings, lists, dicts).

    Keys: ``iri``, ``id``, ``labels`` ([kind, lang, text]), ``classes``, ``comments``,
    ``statements`` (relation, subject, object, quote, offsets, sentence, source, claimant),
    ``figures`` and ``names`` (IRI -> {lang: label}) for every resource mentioned.
    """
    iri = _entity_iri(entity_id, base)
    own = _select(store, f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}", base)
    if not own:
        raise Refused(404, f"no entity '{entity_id}' in this graph")
    label_props = {"http://www.w3.org/2000/01/rdf-schema#label": "label",
                   "http://www.w3.org/2004/02/skos/core#prefLabel": "prefLabel",
                   "http://www.w3.org/2004/02/skos/core#altLabel": "altLabel"}
    labels, classes, comments = [], [], []
    for p, o in own:
        p = str(p)
        if p in label_props:
            labels.append([label_props[p], getattr(o, "language", None) or "", str(o)])
        elif p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            classes.append(str(o))
        elif p == "http://www.w3.org/2000/01/rdf-schema#comment":
            comments.append([getattr(o, "language", None) or "", str(o)])
    statements = [dict(zip(("statement", "subject", "relation", "object", "quote", "start", "end",
                            "sentence", "source", "sourceTitle", "claimedBy"),
                           map(_value, row))) for row in _statement_rows(store, iri, base)]
    figures: dict[str, dict] = {}
    for row in _figure_rows(store, iri, base):
        item = dict(zip(("figure", "metric", "value", "min", "max", "multiplier", "unit",
                         "qualifier", "period", "changeValue", "changeUnit", "direction", "flag",
                         "quote", "source"), map(_value, row)))
        fig = figures.setdefault(item["figure"], {**item, "flags": []})
        if item["flag"] and item["flag"] not in fig["flags"]:
            fig["flags"].append(item["flag"])
    figure_list = []
    for fig in figures.values():
        fig.pop("flag", None)
        fig["flags"] = ", ".join(fig["flags"])
        figure_list.append(fig)
    mentioned = set(classes)
    for st in statements:
        mentioned.update(v for k, v in st.items() if k in ("subject", "relation", "object",
                                                          "claimedBy", "source") and v)
    for fig in figure_list:
        mentioned.update(v for k, v in fig.items() if k in ("metric", "qualifier", "period",
                                                           "direction") and v)
    return {"iri": iri, "id": entity_id, "labels": sorted(labels), "classes": sorted(classes),
            "comments": comments, "statements": statements, "figures": figure_list,
            "names": labels_of(store, sorted(mentioned), base)}


def _values(var: str, rows: list[tuple]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(f"<{row[0]}>" for row in rows) + " }"


def _statement_rows(store, iri: str, base: str) -> list[tuple]:
    """The statements about ``iri`` with their evidence, one row per statement and quote, in
    the page's order (by offset, then statement).

    Every part is bound from the entity outward: the statements are found from the entity
    (each side of the UNION bound by it), and every other part, each optional one too, joins
    from a ``VALUES`` of those statements.  A store that evaluates a part before joining it
    (Oxigraph does, for a UNION's join and for OPTIONAL) would otherwise walk every
    statement in the store: tens of ms at 100k triples, growing with the store.
    """
    found = _select(store, f"""
SELECT DISTINCT ?st WHERE {{
  {{ ?st kgo:statementSubject <{iri}> ; a kgo:Statement ; kgo:statementRelation ?p .
    FILTER(?p != kgo:hasFigure) }}
  UNION
  {{ ?st kgo:statementObject <{iri}> ; a kgo:Statement ; kgo:statementRelation ?p .
    FILTER(?p != kgo:hasFigure) }}
}}""", base)
    if not found:
        return []
    values = _values("st", found)
    return _select(store, f"""
SELECT ?st ?s ?p ?o ?quote ?start ?end ?sentence ?source ?title ?claimedBy WHERE {{
  {values}
  ?st kgo:statementSubject ?s ; kgo:statementRelation ?p ;
      kgo:statementObject|kgo:statementValue ?o .
  OPTIONAL {{
    {values}
    ?st kgo:hasEvidence ?ev . ?ev oa:hasTarget ?t . ?t oa:hasSource ?source .
    ?t oa:hasSelector ?q . ?q oa:exact ?quote .
    OPTIONAL {{ {values} ?st kgo:hasEvidence ?ev . ?ev oa:hasTarget ?t .
               ?t oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}
    OPTIONAL {{ {values} ?st kgo:hasEvidence ?ev . ?ev kgo:inSentence/kgo:index ?sentence }}
    OPTIONAL {{ {values} ?st kgo:hasEvidence ?ev . ?ev oa:hasTarget ?t .
               ?t oa:hasSource ?source . ?source dcterms:title ?title }}
  }}
  OPTIONAL {{ {values} ?st kgo:claimedBy ?claimedBy }}
}} ORDER BY ?start ?st""", base)


def _figure_rows(store, iri: str, base: str) -> list[tuple]:
    """The figures of ``iri``, one row per figure, flag and quote, by period then figure.

    As for statements: the figures are found from the entity, then every optional part joins
    from a ``VALUES`` of them (an unbound ``OPTIONAL { ?f kgo:value ?v }`` is every figure's
    value in the store); the ORDER BY sorts this entity's few rows only.
    """
    found = _select(store, f"SELECT ?f WHERE {{ ?f kgo:figureOf <{iri}> ; kgo:metric ?m }}",
                    base)
    if not found:
        return []
    values = _values("f", found)
    return _select(store, f"""
SELECT ?f ?metric ?value ?min ?max ?mult ?unit ?qual ?period ?cvalue ?cunit ?dir ?flag ?quote
       ?source WHERE {{
  {values}
  ?f kgo:figureOf <{iri}> ; kgo:metric ?metric .
  OPTIONAL {{ {values} ?f kgo:value ?value }}
  OPTIONAL {{ {values} ?f kgo:minValue ?min ; kgo:maxValue ?max }}
  OPTIONAL {{ {values} ?f kgo:multiplierText ?mult }}
  OPTIONAL {{ {values} ?f kgo:unit/kgo:unitSymbol ?unit }}
  OPTIONAL {{ {values} ?f kgo:qualifier ?qual }}
  OPTIONAL {{ {values} ?f kgo:period ?period }}
  OPTIONAL {{ {values} ?f kgo:change ?c . ?c kgo:value ?cvalue .
             OPTIONAL {{ {values} ?f kgo:change ?c . ?c kgo:unit/kgo:unitSymbol ?cunit }}
             OPTIONAL {{ {values} ?f kgo:change ?c . ?c kgo:direction ?dir }} }}
  OPTIONAL {{ {values} ?f kgo:flag ?flag }}
  OPTIONAL {{ {values} ?st kgo:statementObject ?f ; kgo:hasEvidence/oa:hasTarget ?t .
             ?t oa:hasSelector/oa:exact ?quote ; oa:hasSource ?source }}
}} ORDER BY ?period ?f ?flag""", base)


def labels_of(store, iris: list[str], base: str | None) -> dict[str, dict[str, str]]:
    """``rdfs:label`` of each IRI, by language tag (``""`` for none)."""
    names: dict[str, dict[str, str]] = {}
    iris = [i for i in iris if not re.search(r'[\s<>"{}|^`\\]', i)]
    for start in range(0, len(iris), 200):
        values = " ".join(f"<{i}>" for i in iris[start:start + 200])
        for x, label in _select(store, f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} "
                                       "?x rdfs:label ?l }", base):
            names.setdefault(str(x), {})[getattr(label, "language", None) or ""] = str(label)
    return names


def entity_rdf(store, entity_id: str, base: str, graph_format: str) -> dict:
    """The entity's triples, both directions, in ``graph_format``."""
    from kg.rdfio.formats import serialize

    iri = _entity_iri(entity_id, base)
    graph = store.query(f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ "
                        f"{{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}").graph
    if not len(graph):
        raise Refused(404, f"no entity '{entity_id}' in this graph")
    return {"status": 200, "content_type": GRAPH_TYPES[graph_format],
            "body": serialize(graph, graph_format, base=base), "headers": {}}


def entity_index(store, base: str) -> list[dict]:
    """Every entity: id, class IRIs and labels by language, sorted by id."""
    prefix = f"{base}entity/"
    rows = _select(store, f"""SELECT ?e ?class ?label WHERE {{
  ?e a ?class ; rdfs:label ?label . FILTER(STRSTARTS(STR(?e), "{prefix}")) }}""", base)
    out: dict[str, dict] = {}
    for e, cls, label in rows:
        item = out.setdefault(str(e), {"id": str(e)[len(prefix):], "classes": set(),
                                       "labels": {}})
        item["classes"].add(str(cls))
        item["labels"][getattr(label, "language", None) or ""] = str(label)
    return [{**item, "classes": sorted(item["classes"])} for _, item in sorted(out.items())]


def graph_html(store, title: str, *, lang: str | None = None, focus: str | None = None,
               base: str | None = None) -> dict:
    """The interactive graph view (:func:`kg.views.graph.render_html`) of the whole store.

    Args:
        title: the page title (the project's name).
        lang: the language labels are drawn in (the view's default when None).
        focus: an entity id: draw only its neighbourhood.
        base: the instance base IRI, to check that ``focus`` is an entity.
    """
    from kg.errors import KGError
    from kg.views.graph import render_html

    graph = store.graph()
    kwargs: dict = {"title": title}
    if lang:
        kwargs["lang"] = lang
    if focus:
        iri = _entity_iri(focus, base or "")
        if not store.query(f"ASK {{ <{iri}> ?p ?o }}").askAnswer:
            raise Refused(404, f"no entity '{focus}' in this graph")
        kwargs["focus"] = focus
    try:
        html = render_html(graph, **kwargs)
    except KGError as exc:
        raise Refused(400, str(exc)) from None
    return {"status": 200, "content_type": "text/html; charset=utf-8", "body": html.encode(),
            "headers": {}}
