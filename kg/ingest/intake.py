"""Ingesting a new document: store it as a source, link what is known, find figures, and
propose facts for review in a draft file (never merged into the graph automatically).

``kg ingest PATH`` reads a ``.txt``, ``.md`` or ``.html`` file and writes into ``data/sources/``,
in this order, each file atomically:

- ``ID.txt`` (or ``ID.md``): the text, as given (line ends made LF, a byte-order mark dropped);
  for HTML, the text extracted from it, and the HTML itself beside it as ``ID.html``;
- ``ID.draft.yaml``: proposed entities (found by patterns and the jieba segmenter), proposed
  aliases of known entities (entity resolution: a name that is a known name plus a suffix),
  relation statements (``kg.ingest.relations``: the built-in rules, or a model server with
  ``kg.ingest.llm``) and figure statements, each with its evidence quote. Builds ignore
  ``*.draft.yaml``;
- ``ID.yaml``: its metadata, in the same form as every other source, last: it is what
  registers the source (a build reads the sources its ``*.yaml`` files name), so an ingest
  killed before it leaves files no build takes in (``kg.ingest.batch.unregistered_files``
  lists them). The metadata is written first as ``ID.yaml.part`` and read back before the
  draft is made; one rename then registers the source.

A text already ingested (the same text whitespace and script aside, ``kg.ingest.duplicates``)
is not stored again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError, UsageError
from kg.ingest.documents import detect_language, read_document, slug
from kg.ingest.draft import TakenIds, add_relations, dump_draft, make_draft
from kg.ingest.entities import Candidate, organisation_spans, propose_entities
from kg.ingest.figures import FoundFigure
from kg.ingest.relations import extract, make_context
from kg.inputs.mentions import Linker, Mention
from kg.inputs.project import Project
from kg.inputs.sources import (ID_RE, LANG_RE, Source, check_source_mentions, check_source_text,
                               is_real_day, split_sentences)

if TYPE_CHECKING:  # pragma: no cover
    from kg.ingest.duplicates import TextIndex
    from kg.inputs.corpus import Inputs

#: what ``ID.yaml`` is written as before the rename that registers the source
STAGED_SUFFIX = ".yaml.part"


@dataclass
class IngestResult:
    """What ``ingest`` stored and found."""

    source: Source
    files: dict[str, Path]
    mentions: list[Mention]
    figures: list[FoundFigure]
    candidates: list[Candidate]
    draft: dict = field(default_factory=dict)
    year: int | None = None
    #: relation proposals kept, and those rejected by verification, by reason
    relations: list = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)
    extractor: str = "rules"

    def linked(self) -> dict[str, int]:
        """entity id -> number of mentions, most mentioned first."""
        counts: dict[str, int] = {}
        for mention in self.mentions:
            for ident in mention.entities:
                counts[ident] = counts.get(ident, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def ingest(project: Project | str, path: str | Path, *, ident: str | None = None,
           title: str | None = None, language: str | None = None, publisher: str | None = None,
           date: str | None = None, force: bool = False, extractor: str = "rules",
           llm_url: str | None = None, llm_model: str | None = None,
           inputs: "Inputs | None" = None, seen: "TextIndex | None" = None,
           linker: Linker | None = None, taken: TakenIds | None = None) -> IngestResult:
    """Store ``path`` as a source of ``project``, link mentions, detect figures, write a draft.

    Args:
        project: the project (or its directory).
        path: a .txt, .md or .html file.
        ident: the source id (default: a slug of the file name).
        title: the title (default: the HTML title, the first Markdown heading, or the first line).
        language: a BCP 47 tag (default: detected: zh-Hant, zh-Hans or en).
        publisher: id of a known entity that published it.
        date: publication date, YYYY-MM-DD; also the reference year of 今年 / this year.
        force: replace a source of the same id.
        extractor: who proposes relations: ``rules`` (built in) or ``llm`` (the
            OpenAI-compatible chat endpoint ``llm_url``, model ``llm_model``).
        inputs: the project's inputs, loaded once for many calls (``kg.ingest.batch``); the new
            source is added to its sources.
        linker: the name linker of ``inputs``' facts, made once for many calls (default: made
            here; the facts do not change while articles are ingested).
        seen: the index of the sources' texts (default: made from ``inputs``); the new source
            is added to it.
        taken: the ids the fact files and drafts give (default: read here); the new draft's
            ids are added to it.

    Returns:
        What was stored and found.

    Raises:
        DuplicateSource: the text is that of a source already ingested (with ``force``, one of
            the same id is replaced instead).
        UsageError: unreadable kind of file, bad id, or the source exists (without ``force``).
        InputError: the text or the project's inputs are malformed, or over the limits of
            ``kg.ingest.documents`` (``MAX_FILE_BYTES``, ``MAX_TEXT_CHARS``) or the per-source
            limits of a build (``kg.inputs.sources``: bytes, sentences, mentions of one name,
            mentions in the source), checked before anything is written.
        RemoteError: the model server of ``--extractor llm`` failed (nothing is stored).
    """
    if not isinstance(project, Project):
        project = Project.open(project)
    stored = _Stored(project.data_dir / "sources")
    try:
        return _ingest(project, Path(path), stored, ident=ident, title=title, language=language,
                       publisher=publisher, date=date, force=force, inputs=inputs, seen=seen,
                       linker=linker, taken=taken, extractor=extractor, llm_url=llm_url,
                       llm_model=llm_model)
    except BaseException:  # an error or an interrupt: no half-stored source left behind
        stored.undo()
        raise


def _ingest(project: Project, path: Path, stored: "_Stored", *, ident: str | None,
            title: str | None, language: str | None, publisher: str | None, date: str | None,
            force: bool, inputs: "Inputs | None", seen: "TextIndex | None",
            linker: Linker | None, taken: TakenIds | None, extractor: str,
            llm_url: str | None, llm_model: str | None) -> IngestResult:
    from kg.ingest.coverage import reference_day, reference_year
    from kg.ingest.duplicates import DuplicateSource, TextIndex
    from kg.ingest.figures import detect_figures
    from kg.inputs.corpus import load_inputs
    from kg.inputs.sources import load_source

    relation_extractor = _extractor(extractor, llm_url, llm_model)
    ident = _checked_options(path, ident, language, date)
    doc = read_document(path)
    if not doc.text.strip():
        raise InputError("has no text", path=path.name)
    sources_dir = project.data_dir / "sources"
    meta_path = sources_dir / f"{ident}.yaml"
    if inputs is None:
        inputs = load_inputs(project)
    if seen is None:
        seen = TextIndex.of_sources(inputs.sources.values())
    same = seen.find(doc.text, exclude=ident if force else None)
    if same is not None:
        raise DuplicateSource(path.name, same, earlier=seen.origins.get(same))
    if (ident in inputs.sources or meta_path.exists()) and not force:
        raise UsageError(f"source '{ident}' exists already; pass --force to replace it, or "
                         "--id to give this one another id")
    if publisher is not None and publisher not in inputs.facts.entities:
        raise UsageError(f"publisher '{publisher}' is not a known entity id")
    text_name = f"{ident}.md" if doc.kind == "md" else f"{ident}.txt"
    title = title or doc.title or _first_line(doc.text)
    language = language or detect_language(doc.text)
    files: dict[str, bytes] = {text_name: doc.text.encode("utf-8")}
    if doc.original is not None:
        files[f"{ident}.html"] = doc.original
    for other in inputs.sources.values():
        if other.id != ident and other.path.parent == sources_dir and other.path.name in files:
            raise UsageError(f"{other.path.name} is the text of source '{other.id}'; give this "
                             "one another id with --id")
    # every value quoted: a plain 2024, yes, null or 0x10 would not read back as the id
    meta = [f"id: {_quote(ident)}", f"file: {_quote(text_name)}", f"title: {_quote(title)}"]
    if publisher:
        meta.append(f"publisher: {_quote(publisher)}")
    meta.append(f"language: {_quote(language)}")
    meta.append(f"date: {_quote(date) if date else 'null'}")
    if doc.kind == "html":
        meta.append(f"note: {_quote('Text extracted from ' + ident + '.html by kg ingest.')}")
    meta.append(f"original_name: {_quote(path.name)}")
    meta_bytes = ("\n".join(meta) + "\n").encode("utf-8")
    # what the next build would refuse is refused now, with its message, before any write
    check_source_text(doc.text, path.name, ident)
    linker = linker or Linker.from_facts(inputs.facts)
    scanned = linker.scan(doc.text)
    check_source_mentions(scanned, path.name, ident)

    for name, data in files.items():
        stored.write(name, data)
    staged = stored.write(f"{ident}{STAGED_SUFFIX}", meta_bytes)
    try:
        source = load_source(staged, project.rel)
    except InputError as exc:  # its files are removed: name the one given instead
        raise InputError(f"cannot be stored as source '{ident}': {exc.detail}",
                         path=path.name) from None
    if source.text != doc.text:  # pragma: no cover - the text is stored as it was read
        scanned = linker.scan(source.text)
    known = [m for m in scanned if not linker.is_generic(m)]
    year = reference_year(source)
    figures = detect_figures(source.text, year=year, sentences=source.sentences,
                             date=reference_day(source))
    candidates = propose_entities(source.text, known, linker, figures)
    spans = organisation_spans(source.text, candidates)  # other companies, for generic names
    mentions = linker.find(source.text, title=source.title, organisations=spans)
    index = taken if taken is not None else TakenIds.of_project(sources_dir, inputs.facts)
    taken_now = index.for_source(ident)
    draft = make_draft(source, inputs.facts.entities, mentions, figures, candidates,
                       vocabulary=inputs.ontology.vocabulary, taken=taken_now)
    context = make_context(source, inputs.ontology, inputs.facts, mentions, draft["entities"])
    extraction = extract(context, relation_extractor)
    add_relations(draft, source, extraction, inputs.facts.entities, taken_now)
    stored.write(f"{ident}.draft.yaml", dump_draft(draft, source))
    _register(staged, meta_path)
    stored.registered = True
    index.record(ident, draft)
    written = {p.name: p for p in stored.paths if p != staged}
    written[meta_path.name] = meta_path
    inputs.sources[ident] = source
    seen.add(ident, source.text, origin=str(path))
    return IngestResult(source=source, files=written, mentions=mentions, figures=figures,
                        candidates=candidates, draft=draft, year=year,
                        relations=draft["relations"], rejected=dict(sorted(
                            extraction.rejected.items())), extractor=extraction.extractor)


def _checked_options(path: Path, ident: str | None, language: str | None,
                     date: str | None) -> str:
    """The source id for ``path``, once the options are known to be right."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"file name {path.name!r} is not UTF-8; rename the file") from None
    ident = ident or slug(path.stem)
    if not ident or not ID_RE.match(ident):
        raise UsageError(f"cannot make an id from '{path.name}'; give one with --id "
                         "(lowercase ASCII letters, digits, hyphens)")
    if language is not None and not LANG_RE.match(language):
        raise UsageError(f"language '{language}' is not a BCP 47 tag (e.g. zh-Hans)")
    if date is not None and not is_real_day(date):
        raise UsageError(f"--date '{date}' for {path.name} is not a real day; give --date "
                         "YYYY-MM-DD (e.g. 2024-10-25)")
    return ident


def _extractor(name: str, url: str | None, model: str | None):
    """The relation extractor called ``name``, checked before anything is stored."""
    from kg.ingest.relations import RuleExtractor

    if name == "rules":
        if url or model:
            raise UsageError("--llm-url and --llm-model are for --extractor llm")
        return RuleExtractor()
    if name == "llm":
        from kg.ingest.llm import LLMExtractor

        return LLMExtractor(url or "", model or "")
    raise UsageError(f"unknown extractor '{name}'; use rules or llm")


class _Stored:
    """The files an ingest writes into ``folder`` (atomically each), to remove those it
    created when it fails; a file it replaced (``--force``) keeps its new content."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: list[Path] = []
        self._created: list[Path] = []
        self.registered = False  # once the source is registered, nothing is undone

    def write(self, name: str, data: bytes) -> Path:
        from kg.rdfio.files import write_atomic

        target = self.folder / name
        existed = target.exists()
        write_atomic(target, data)
        self.paths.append(target)
        if not existed:
            self._created.append(target)
        return target

    def undo(self) -> None:
        """Remove the files this ingest created and its staged metadata."""
        if self.registered:
            return
        for target in self._created:
            target.unlink(missing_ok=True)
        for target in self.paths:
            if target.name.endswith(STAGED_SUFFIX):
                target.unlink(missing_ok=True)


def _register(staged: Path, meta_path: Path) -> None:
    """Register the source: its metadata, written and read back as ``staged``, takes its
    place as ``ID.yaml`` in one rename."""
    os.replace(staged, meta_path)


def _first_line(text: str) -> str:
    """The title a text without one gets: its first line, or, when that line is a paragraph
    (the article starts with its lead, no headline), the lead's first sentence, so that the
    companies its later sentences name are not taken for the article's subject."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "untitled")
    line = re.sub(r"^#+\s*", "", line)
    sentences = split_sentences(line)
    if len(sentences) > 1:
        # a sentence too short to be one (an abbreviation cut off: U.S.) takes the next along
        end = next((s.end for s in sentences if s.end >= _SHORTEST_TITLE), sentences[-1].end)
        line = line[:end].strip()
    return line if len(line) <= 120 else line[:119] + "…"


_SHORTEST_TITLE = 12


# what a YAML double-quoted scalar cannot hold as it is: C0 and C1 controls, DEL, surrogates,
# U+FFFE/U+FFFF (not printable), and NEL, U+2028, U+2029 (line breaks, read back as spaces)
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as ``text``."""
    import json

    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def report_dict(result: IngestResult) -> dict:
    """What ``kg ingest --format json`` prints."""
    source = result.source
    return {
        "source": source.id, "language": source.language, "title": source.title,
        "sentences": len(source.sentences), "reference_year": result.year,
        "files": sorted(result.files),
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "entities": list(m.entities)}
                     for m in result.mentions],
        "linked": result.linked(),
        "figures": [f.as_dict() for f in result.figures],
        "proposed_entities": [c.name for c in result.candidates if not c.alias_of],
        "proposed_aliases": [{"entity": c.alias_of, "alias": c.name}
                             for c in result.candidates if c.alias_of],
        "extractor": result.extractor,
        "proposed_relations": [{k: r[k] for k in ("id", "subject", "relation", "object", "quote",
                                                  "confidence", "rule") if k in r}
                               for r in result.relations],
        "rejected_relations": result.rejected,
        "draft": f"data/sources/{source.id}.draft.yaml",
    }


def format_report(result: IngestResult) -> str:
    """What ``kg ingest`` prints: what is stored, linked, found and proposed."""
    source = result.source
    lines = [f"ingested {source.label} as source {source.id} ({source.language}, "
             f"{len(source.sentences)} sentences, {len(source.text)} characters)"]
    linked = result.linked()
    lines.append(f"linked {len(result.mentions)} mentions of {len(linked)} known entities:")
    for ident, count in linked.items():
        written = sorted({m.text for m in result.mentions if ident in m.entities})
        lines.append(f"  {ident:<32} {count:>3}  {' / '.join(written)}")
    lines.append(f"found {len(result.figures)} figures:")
    for f in result.figures:
        d = f.as_dict()
        value = d.get("normalized") or f"{d.get('value_min')}-{d.get('value_max')}"
        change = f" {f.direction}" + (f" {f.basis}" if f.basis else "") if f.direction else ""
        when = ("as of " if d.get("as_of") else "") + (d.get("period") or "no period")
        lines.append(f"  {f.text:<28} = {value} {f.unit or f.unit_text or ''}{change} ({when})")
    new = [c for c in result.candidates if not c.alias_of]
    aliases = [c for c in result.candidates if c.alias_of]
    lines.append(f"proposed {len(new)} new entities ({', '.join(c.name for c in new) or '-'}), "
                 f"{len(aliases)} aliases of known entities and "
                 f"{len(result.draft.get('figures', []))} figure "
                 f"statements for review in data/sources/{source.id}.draft.yaml")
    lines.append(f"proposed {len(result.relations)} relations ({result.extractor}), each with "
                 "its quote:")
    for r in result.relations:
        lines.append(f"  {r['subject']} {r['relation']} {r['object']}  ({r['confidence']:.2f}, "
                     f"{r['rule']})")
    if result.rejected:
        from kg.ingest.relations import REASONS

        lines.append(f"rejected {sum(result.rejected.values())} relation proposals:")
        for reason, count in result.rejected.items():
            lines.append(f"  {count:>4}  {reason}: {REASONS.get(reason, reason)}")
    return "\n".join(lines) + "\n"
