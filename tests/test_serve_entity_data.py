"""The entity page's data is the same after its queries were rewritten to be bound from the
entity outward: every entity of the seed, on both stores, against the queries they replaced
(kept here as they were)."""

from __future__ import annotations

import pytest
from conftest import copy_project

from kg.api import KG
from kg.serve import tasks

_OLD_FOUND = """
SELECT DISTINCT ?st WHERE {{
  {{ ?st kgo:statementSubject <{iri}> }} UNION {{ ?st kgo:statementObject <{iri}> }}
  ?st a kgo:Statement ; kgo:statementRelation ?p . FILTER(?p != kgo:hasFigure)
}}"""

_OLD_STATEMENTS = """
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
    OPTIONAL {{ ?source dcterms:title ?title }}
  }}
  OPTIONAL {{ {values} ?st kgo:claimedBy ?claimedBy }}
}} ORDER BY ?start ?st"""

_OLD_FIGURES = """
SELECT ?f ?metric ?value ?min ?max ?mult ?unit ?qual ?period ?cvalue ?cunit ?dir ?flag ?quote
       ?source WHERE {{
  ?f kgo:figureOf <{iri}> ; kgo:metric ?metric .
  OPTIONAL {{ ?f kgo:value ?value }}
  OPTIONAL {{ ?f kgo:minValue ?min ; kgo:maxValue ?max }}
  OPTIONAL {{ ?f kgo:multiplierText ?mult }}
  OPTIONAL {{ ?f kgo:unit/kgo:unitSymbol ?unit }}
  OPTIONAL {{ ?f kgo:qualifier ?qual }}
  OPTIONAL {{ ?f kgo:period ?period }}
  OPTIONAL {{ ?f kgo:figureOf <{iri}> ; kgo:change ?c . ?c kgo:value ?cvalue .
             OPTIONAL {{ ?c kgo:unit/kgo:unitSymbol ?cunit }}
             OPTIONAL {{ ?c kgo:direction ?dir }} }}
  OPTIONAL {{ ?f kgo:flag ?flag }}
  OPTIONAL {{ ?f kgo:figureOf <{iri}> .
             ?st kgo:statementObject ?f ; kgo:hasEvidence/oa:hasTarget ?t .
             ?t oa:hasSelector/oa:exact ?quote ; oa:hasSource ?source }}
}} ORDER BY ?period ?f ?flag"""


def _old_statement_rows(store, iri: str, base: str) -> list[tuple]:
    found = tasks._select(store, _OLD_FOUND.format(iri=iri), base)
    if not found:
        return []
    values = "VALUES ?st { " + " ".join(f"<{row[0]}>" for row in found) + " }"
    return tasks._select(store, _OLD_STATEMENTS.format(values=values), base)


def _old_figure_rows(store, iri: str, base: str) -> list[tuple]:
    return tasks._select(store, _OLD_FIGURES.format(iri=iri), base)


class _Recording:
    """A store that keeps the text of every query it is asked."""

    def __init__(self, store) -> None:
        self.store, self.queries = store, []

    def query(self, text, prefixes=None):
        self.queries.append(text)
        return self.store.query(text, prefixes)


def _unbound_optionals(text: str, iri: str) -> list[str]:
    """The OPTIONAL blocks of ``text`` bound neither by the entity's IRI nor by a VALUES of
    their own: a store that evaluates an OPTIONAL before joining it would walk the whole
    store for each."""
    out = []
    for at in [i for i in range(len(text)) if text.startswith("OPTIONAL", i)]:
        start = text.index("{", at)
        depth, end = 0, start
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        block = text[start:end + 1]
        if "VALUES" not in block and f"<{iri}>" not in block:
            out.append(" ".join(block.split()))
    return out


def test_every_optional_part_of_the_page_queries_is_bound():
    """The guard itself: the figures query the rewrite replaced had unbound OPTIONALs."""
    iri = "https://w3id.org/kg/resource/entity/x"
    assert len(_unbound_optionals(_OLD_FIGURES.format(iri=iri), iri)) == 9
    assert _unbound_optionals(_OLD_STATEMENTS.format(values="VALUES ?st { <a> }"), iri) == [
        "{ ?source dcterms:title ?title }"]


def _grouped(items: list[dict], *keys: str) -> list[list]:
    """``items`` in their order by ``keys``, each run of equal keys as a sorted list: the order
    SPARQL's ORDER BY defines, with ties (which it leaves to the store) as sets."""
    groups: list[tuple[tuple, list]] = []
    for item in items:
        key = tuple(item.get(k) for k in keys)
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(sorted(item.items()))
    return [[key, sorted(rows)] for key, rows in groups]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_entity_page_data_is_unchanged_by_the_bound_queries(tmp_path, store, monkeypatch):
    project = copy_project(tmp_path / "p")
    spec = f"oxigraph:{project / 'store'}" if store == "oxigraph" else None
    kg = KG(project, store=spec)
    kg.build(html=False)
    base = kg.project.base
    ids = sorted(str(row[0]).rsplit("/", 1)[-1] for row in tasks._select(
        kg.store, "SELECT DISTINCT ?e WHERE { ?e a ?c FILTER(STRSTARTS(STR(?e), STR(kge:))) }",
        base))
    assert len(ids) >= 70
    recording = _Recording(kg.store)
    new = {}
    for ident in ids:
        recording.queries.clear()
        new[ident] = tasks.entity_data(recording, ident, base)
        iri = f"{base}entity/{ident}"
        assert not [u for q in recording.queries for u in _unbound_optionals(q, iri)], ident
    monkeypatch.setattr(tasks, "_statement_rows", _old_statement_rows)
    monkeypatch.setattr(tasks, "_figure_rows", _old_figure_rows)
    old = {ident: tasks.entity_data(kg.store, ident, base) for ident in ids}
    seen = {"statements": 0, "quotes": 0, "titles": 0, "claims": 0, "figures": 0,
            "figure quotes": 0, "changes": 0, "flags": 0}
    for ident in ids:
        got, want = new[ident], old[ident]
        assert {k: v for k, v in got.items() if k not in ("statements", "figures")} == \
               {k: v for k, v in want.items() if k not in ("statements", "figures")}, ident
        assert _grouped(got["statements"], "start", "statement") == \
               _grouped(want["statements"], "start", "statement"), ident
        assert _grouped(got["figures"], "period", "figure") == \
               _grouped(want["figures"], "period", "figure"), ident
        seen["statements"] += len(want["statements"])
        seen["quotes"] += sum(1 for st in want["statements"] if st["quote"])
        seen["titles"] += sum(1 for st in want["statements"] if st["sourceTitle"])
        seen["claims"] += sum(1 for st in want["statements"] if st["claimedBy"])
        seen["figures"] += len(want["figures"])
        seen["figure quotes"] += sum(1 for fig in want["figures"] if fig["quote"])
        seen["changes"] += sum(1 for fig in want["figures"] if fig["changeValue"])
        seen["flags"] += sum(1 for fig in want["figures"] if fig["flags"])
    # the comparison covered every part of the page
    assert all(seen.values()), seen
    assert seen["statements"] > 100 and seen["figures"] > 10, seen
