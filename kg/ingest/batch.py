"""Ingesting many articles in one call: files and folders, a summary row per file.

``kg ingest PATH...`` takes files and folders; a folder gives its ``.txt``, ``.md``,
``.markdown``, ``.html`` and ``.htm`` files, recursively, in sorted order (other files are
skipped and counted; hidden files and folders, whose names start with a dot, are not looked
at). The project's inputs are loaded once; each file is then ingested as by
:func:`kg.ingest.intake.ingest`, against the sources already there and those of this call
(:mod:`kg.ingest.duplicates`). A file that fails gets its one-line error in its row and the
others are still ingested.

Exit codes (:meth:`BatchResult.exit_code`): 0 when every file was ingested or duplicates a
source; 1 with ``strict`` when a file duplicates a source; 2 when a file could not be
ingested; 3 when one hit a bug in kg.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import EXIT_CHECK_FAILED, EXIT_USAGE, KGError, UsageError, one_line
from kg.ingest.documents import KINDS
from kg.ingest.draft import TakenIds
from kg.ingest.duplicates import DuplicateSource
from kg.ingest.intake import STAGED_SUFFIX, IngestResult, ingest, report_dict
from kg.inputs.mentions import Linker
from kg.inputs.project import Project

#: the exit code of a bug (as kg.cli's)
EXIT_INTERNAL = 3
#: the options that name one source, refused with more than one file
ONE_SOURCE_OPTIONS = ("ident", "title", "date")
_OPTION_NAMES = {"ident": "--id", "title": "--title", "date": "--date"}


@dataclass
class Outcome:
    """What became of one file: ingested (``result``), a duplicate of a source
    (``duplicate_of``), or not ingested (``error``)."""

    path: Path
    result: IngestResult | None = None
    duplicate_of: str | None = None
    error: str | None = None
    exit_code: int = 0

    @property
    def status(self) -> str:
        return "ingested" if self.result else "duplicate" if self.duplicate_of else "error"


@dataclass
class BatchResult:
    """What ``ingest_many`` did: one outcome per file, in order, and the files it skipped."""

    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in folders that are no articles
    unregistered: list[str] = field(default_factory=list)  # see unregistered_files

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def exit_code(self, *, strict: bool = False) -> int:
        """0, or 1 (``strict`` and a duplicate), 2 (a file not ingested), 3 (a bug)."""
        worst = max((o.exit_code for o in self.outcomes), default=0)
        if worst:
            return worst
        return EXIT_CHECK_FAILED if strict and self.count("duplicate") else 0


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """The article files ``paths`` name (a folder: its articles, recursively, sorted) and the
    files of folders skipped as not articles. A file named itself is always kept (and refused
    by the ingest if it is no article); so is a path that does not exist (refused there)."""
    files: list[Path] = []
    skipped: list[Path] = []
    for given in map(Path, paths):
        if not given.is_dir():
            files.append(given)
            continue
        for path in sorted(given.rglob("*"), key=lambda p: p.relative_to(given).as_posix()):
            if any(part.startswith(".") for part in path.relative_to(given).parts):
                continue
            if not path.is_file():
                continue
            (files if path.suffix.lower() in KINDS else skipped).append(path)
    return files, skipped


def ingest_many(project: Project | str, paths: Iterable[str | Path], *,
                on_file: Callable[[int, int, Path], None] | None = None,
                **options) -> BatchResult:
    """Ingest the articles ``paths`` name (files and folders) into ``project``.

    Args:
        project: the project (or its directory).
        paths: files and folders (see :func:`collect_files`).
        on_file: called after each file with (files done, files in all, the file): progress.
        **options: those of :func:`kg.ingest.intake.ingest` (``ident``, ``title`` and
            ``date`` only with a single file).

    Returns:
        An outcome per file; a file that fails is recorded, never raised.

    Raises:
        UsageError: an option that names one source with more than one file or a folder,
            or no paths.
        InputError: the project's inputs do not load (then nothing is ingested).
    """
    from kg.ingest.duplicates import TextIndex
    from kg.inputs.corpus import load_inputs

    paths = [Path(p) for p in paths]
    if not paths:
        raise UsageError("give the files or folders to ingest")
    one = [_OPTION_NAMES[k] for k in ONE_SOURCE_OPTIONS if options.get(k) is not None]
    if one and (len(paths) > 1 or paths[0].is_dir()):
        raise UsageError(f"{', '.join(one)} name(s) one source: give one file, not "
                         f"{'a folder' if len(paths) == 1 else f'{len(paths)} paths'}")
    if not isinstance(project, Project):
        project = Project.open(project)
    files, skipped = collect_files(paths)
    if not files:
        raise UsageError(f"no .txt, .md or .html files in {', '.join(map(str, paths))}"
                         + (f" ({len(skipped)} other file(s) skipped)" if skipped else ""))
    inputs = load_inputs(project)
    seen = TextIndex.of_sources(inputs.sources.values())
    linker = Linker.from_facts(inputs.facts)  # once: ingesting adds no facts
    taken = TakenIds.of_project(project.data_dir / "sources", inputs.facts)  # each draft read once
    batch = BatchResult(skipped=skipped)
    shared = {"inputs": inputs, "seen": seen, "linker": linker, "taken": taken}
    for done, path in enumerate(files, 1):
        batch.outcomes.append(_ingest_one(project, path, shared, options))
        if on_file is not None:
            on_file(done, len(files), path)
    batch.unregistered = unregistered_files(project, inputs.sources.values())
    return batch


def _ingest_one(project: Project, path: Path, shared: dict, options: dict) -> Outcome:
    try:
        result = ingest(project, path, **shared, **options)
    except DuplicateSource as dup:
        return Outcome(path, duplicate_of=dup.of, error=str(dup))
    except KGError as exc:
        return Outcome(path, error=one_line(str(exc)), exit_code=exc.exit_code)
    except RecursionError:
        return Outcome(path, error=f"{path.name}: input nested too deeply", exit_code=EXIT_USAGE)
    except Exception as exc:  # a bug in kg: recorded, and the other files are still ingested
        return Outcome(path, error=one_line(f"internal error: {type(exc).__name__}: {exc}"),
                       exit_code=EXIT_INTERNAL)
    return Outcome(path, result=result)


def unregistered_files(project: Project, sources: Iterable) -> list[str]:
    """Files in ``data/sources/`` that no source's metadata names: the texts, pages, drafts
    and staged metadata an interrupted ``kg ingest`` leaves (builds ignore them), as paths
    relative to the project. Other kinds of files (notes, PDFs) are not listed."""
    folder = project.data_dir / "sources"
    known: set[str] = set()
    for source in sources:
        known.update({source.path.name, f"{source.id}.yaml", f"{source.id}.html",
                      f"{source.id}.draft.yaml"})
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        name = path.name
        if name in known or name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() in KINDS or name.endswith((".draft.yaml", STAGED_SUFFIX)):
            found.append(project.rel(path))
    return found


def describe_unregistered(names: list[str]) -> str:
    """The warning about files ``unregistered_files`` found ("" when none)."""
    if not names:
        return ""
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return (f"{len(names)} file(s) in data/sources/ belong to no source (an interrupted kg "
            f"ingest?): {shown}; builds ignore them: ingest the article again, or delete them")


# ----------------------------------------------------------------------------- the summary

def _proposals(draft: dict) -> dict[str, int]:
    """Proposals of a draft by kind: entities, relations, figures."""
    return {key: len(draft.get(key) or []) for key in ("entities", "relations", "figures")}


def row_dict(outcome: Outcome) -> dict:
    """One file of ``kg ingest --format json`` with several files."""
    row: dict = {"file": str(outcome.path), "status": outcome.status}
    if outcome.result is not None:
        result, source = outcome.result, outcome.result.source
        row.update(source=source.id, language=source.language, characters=len(source.text),
                   links=len(result.mentions), figures=len(result.figures),
                   proposals=_proposals(result.draft), report=report_dict(result))
    if outcome.duplicate_of:
        row["duplicate_of"] = outcome.duplicate_of
    if outcome.error and not outcome.duplicate_of:
        row["error"] = outcome.error
    return row


def batch_dict(batch: BatchResult) -> dict:
    """What ``kg ingest --format json`` prints for several files or a folder."""
    return {"files": [row_dict(o) for o in batch.outcomes],
            "ingested": batch.count("ingested"), "duplicates": batch.count("duplicate"),
            "errors": batch.count("error"), "skipped": [str(p) for p in batch.skipped],
            "unregistered": batch.unregistered}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def format_batch(batch: BatchResult) -> str:
    """The summary table ``kg ingest`` prints: per file its source, language, characters,
    links, figures and proposals, or why it was not added; then the totals."""
    head = ["file", "source", "language", "chars", "links", "figures", "entities", "relations",
            "proposed figures"]
    rows, notes = [], []
    for o in batch.outcomes:
        if o.result is None:
            notes.append(len(rows))
            rows.append([str(o.path), ("duplicate of " + o.duplicate_of) if o.duplicate_of
                         else "not ingested: " + (o.error or "")])
            continue
        source, counts = o.result.source, _proposals(o.result.draft)
        rows.append([str(o.path), source.id, source.language, f"{len(source.text):,}",
                     str(len(o.result.mentions)), str(len(o.result.figures)),
                     str(counts["entities"]), str(counts["relations"]), str(counts["figures"])])
    widths = [max([_width(h)] + [_width(r[i]) for n, r in enumerate(rows)
                                if n not in notes and i < len(r)]) for i, h in enumerate(head)]
    widths[0] = max([widths[0]] + [_width(r[0]) for r in rows])
    numeric = set(range(3, len(head)))
    lines = ["  ".join(_pad(h, w, right=i in numeric) for i, (h, w) in enumerate(zip(head, widths)))]
    for n, row in enumerate(rows):
        if n in notes:
            lines.append(f"{_pad(row[0], widths[0])}  {row[1]}")
        else:
            lines.append("  ".join(_pad(c, w, right=i in numeric)
                                   for i, (c, w) in enumerate(zip(row, widths))).rstrip())
    total = (f"ingested {batch.count('ingested')} of {len(batch.outcomes)} file(s)"
             f" ({batch.count('duplicate')} duplicate(s), {batch.count('error')} not ingested)")
    if batch.skipped:
        total += (f"; skipped {len(batch.skipped)} other file(s) in the folders (not .txt, .md, "
                  ".markdown, .html or .htm)")
    lines.append(total)
    if batch.count("ingested"):
        lines.append("drafts for review: data/sources/ID.draft.yaml")
    return "\n".join(lines) + "\n"
