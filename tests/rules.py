"""Relation rules on sentences of our own, for the ingest tests: a copy of the seed with more
entities, and what the rules (kg.ingest.relations) propose for one text on its own."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.relations import RuleExtractor, extract, make_context
from kg.inputs.mentions import Linker
from kg.inputs.sources import Source, split_sentences
from tests.conftest import copy_project


def project_with(target: Path, entities: str) -> Path:
    """A copy of the project in ``target`` whose facts add ``entities`` (YAML entity lines)."""
    root = copy_project(target)
    (root / "data" / "facts" / "peers.yaml").write_text(entities, encoding="utf-8")
    return root


def context(inputs, text: str):
    """The rules' context for ``text`` alone, as a source of its own, with its names linked."""
    source = Source(id="t", path=Path("t.txt"), label="t.txt", text=text, title="", language="",
                    meta={})
    source.sentences = split_sentences(text)
    mentions = Linker.from_entities(inputs.facts.entities.values()).find(text)
    return make_context(source, inputs.ontology, inputs.facts, mentions, [])


def extraction(inputs, text: str):
    """What the rules propose for ``text`` alone (and the entities they propose), each quote
    checked against it."""
    found = context(inputs, text)
    found.stated = set()  # the seed states some of these; here every stated one counts
    extracted = extract(found, RuleExtractor())
    for p in extracted.proposals:  # every kept quote is the text at its offsets
        assert text[p.start:p.end] == p.quote
    return extracted


def proposals(inputs, text: str) -> list:
    """What the rules propose for ``text`` alone, each quote checked against it."""
    return extraction(inputs, text).proposals


def triples(inputs, text: str) -> set[tuple[str, str, str]]:
    """(subject, relation, object) of what the rules propose for ``text`` alone."""
    return {(p.subject, p.relation, p.object) for p in proposals(inputs, text)}


def read_figures(text: str, **kw) -> dict[str, tuple]:
    """The figures of ``text`` as found -> (value, unit, period with ``asof-``, direction)."""
    from kg.ingest.figures import detect_figures

    out = {}
    for f in detect_figures(text, **kw):
        period = None if f.period is None else ("asof-" if f.period.as_of else "") + f.period.key
        out[f.text] = (f.normalized if f.value is not None else None, f.unit, period, f.direction)
    return out
