"""Every input of a build, loaded and checked: config, sources, facts, ontology."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import InputError
from kg.inputs.facts import Evidence, Facts, load_facts
from kg.inputs.ontology import Ontology, load_ontology
from kg.inputs.project import Project
from kg.inputs.sources import Source, load_source


@dataclass
class Inputs:
    """Everything a build reads, loaded and checked."""

    project: Project
    ontology: Ontology
    sources: dict[str, Source]
    facts: Facts
    #: a build of added files (``kg.inputs.index.load_added``) reads some sources and fact
    #: files: who owns what, from every statement (the linker needs it), and the counts of
    #: what it did not read (sources, sentences, mentions, statements, figures, resolutions)
    owner_statements: list | None = None
    elsewhere: dict[str, int] = field(default_factory=dict)
    #: entity -> its names folded, where known (``kg.inputs.mentions.name_keys``)
    keys: dict[str, list[str]] | None = None


def load_inputs(project: Project, *, ontology_cache: str | None = None) -> Inputs:
    """Load and check the ontology, the sources and the fact files of ``project``;
    ``ontology_cache``: where the ontology's parse is kept (``load_ontology``'s ``cache``)."""
    ontology = load_ontology(project.ontology_files(), project.rel, cache=ontology_cache)
    sources: dict[str, Source] = {}
    metas: dict[str, str] = {}
    for meta in project.source_meta_files():
        source = load_source(meta, project.rel)
        if source.id in sources:
            raise InputError(f"duplicate source id '{source.id}' (also in "
                             f"{metas[source.id]}); give each source its own id",
                             path=project.rel(meta), item=source.id)
        sources[source.id], metas[source.id] = source, project.rel(meta)
    if not sources:
        raise InputError("no sources: add ID.yaml and its text file in data/sources/",
                         path="data/sources/")
    facts = load_facts(project.fact_files(), project.rel, classes=ontology.classes,
                       relations=ontology.relations, vocabulary=ontology.vocabulary,
                       sources=set(sources))
    check_publishers(project, sources.values(), facts)
    return Inputs(project=project, ontology=ontology, sources=sources, facts=facts)


def check_publishers(project: Project, sources, facts: Facts) -> None:
    """Every source's publisher must be a defined entity."""
    for source in sources:
        publisher = source.meta.get("publisher")
        if publisher is not None and publisher not in facts.entities:
            raise InputError(f"publisher '{publisher}' is not a defined entity", path=project.rel(
                source.path.with_suffix(".yaml")), item=source.id)


def locate_quote(inputs: Inputs, evidence: Evidence, ident: str, where) -> tuple[Source, int, int]:
    """The source of ``evidence`` and the offsets of its quote there.

    Raises:
        InputError: the quote is absent or ambiguous, naming ``ident`` and the quote's line.
    """
    source = inputs.sources[evidence.source]
    start, end = source.find(evidence.quote, occurrence=evidence.occurrence,
                             where=where.path, line=where.at("quote"), item=ident)
    return source, start, end
