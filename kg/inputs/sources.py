"""Source documents: their text, metadata, sentences, and finding quotes in them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.inputs.yamlfile import Mapping, load_yaml, read_text

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*\Z")
CONTEXT = 16  # characters of prefix and suffix kept with a quote

# The limits of one build (README, "Limits"): far above any real article (kg ingest stores at
# most 200,000 characters, under 800,000 bytes), low enough that the cost of a build stays
# bounded (benchmarks/bench_hostile.py). Over any of them a build stops with a one-line
# InputError (exit 2) naming the source's file, before anything is written.
#: bytes of one source's text
MAX_SOURCE_BYTES = 1_000_000
#: sentences of one source
MAX_SOURCE_SENTENCES = 20_000
#: mentions of one known name (as folded for matching) in one source
MAX_NAME_MENTIONS = 2_000
#: mentions of known names in one source
MAX_SOURCE_MENTIONS = 10_000
#: mentions of known names in every source of a build together
MAX_BUILD_MENTIONS = 100_000

# A sentence ends at Chinese or Western end punctuation (with closing quotes that follow) or a
# line break; a full stop ends one only before a space or the end (not in 1.7 or U.S.).
# Offsets index the original text, in code points, end exclusive.
# an honorific's full stop ends no sentence (Dr. Kai Yu)
_SENTENCE_RE = re.compile(r"(?:[^\n。!?!?;;.]|\.(?![\s”’」』)）\"']|$)|"
                          r"(?:(?<=\bDr)|(?<=\bMr)|(?<=\bMs)|(?<=\bMrs)|(?<=\bProf))\.)+"
                          r"(?:(?:[。!?!?;;]+|\.)[”’」』)）\"']*)?|[。!?!?;;.]+")
_META_KEYS = {"id", "file", "title", "publisher", "language", "date", "date_note",
              "original_name", "url", "note"}


def is_real_day(text: str) -> bool:
    """``YYYY-MM-DD`` naming a day of the calendar (not 2024-13-45 or 2023-02-30)."""
    import datetime

    if not _DAY_RE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based
    start: int
    end: int
    text: str


@dataclass
class Source:
    """One document with its metadata."""

    id: str
    path: Path
    label: str  # path relative to the project, for messages
    text: str
    title: str
    language: str
    meta: dict = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)

    def find(self, quote: str, *, occurrence: int | None, where: str, line: int | None,
             item: str) -> tuple[int, int]:
        """Locate ``quote``; returns (start, end). Raises InputError when absent or ambiguous."""
        starts: list[int] = []  # non-overlapping, as re.finditer (str.find needs no regex)
        at = self.text.find(quote) if quote else -1
        while at >= 0:
            starts.append(at)
            at = self.text.find(quote, at + len(quote))
        if not starts:
            raise InputError(f"quote '{_clip(quote)}' is not in source '{self.id}'; copy the exact "
                             "text from the source", path=where, line=line, item=item)
        if occurrence is None:
            if len(starts) > 1:
                raise InputError(f"quote '{_clip(quote)}' occurs {len(starts)} times in source "
                                 f"'{self.id}' (offsets {', '.join(map(str, starts[:5]))}); "
                                 "lengthen it or add occurrence: N", path=where, line=line,
                                 item=item)
            occurrence = 1
        if not 1 <= occurrence <= len(starts):
            raise InputError(f"occurrence {occurrence} asked, but the quote occurs {len(starts)} "
                             "time(s); fix occurrence", path=where, line=line, item=item)
        start = starts[occurrence - 1]
        return start, start + len(quote)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding ``offset``, else the one starting nearest to it."""
        import bisect

        sentences = self.sentences
        at = bisect.bisect_right(sentences, offset, key=lambda s: s.start) - 1
        if at >= 0 and offset < sentences[at].end:
            return sentences[at]
        near = sentences[max(0, at):at + 2]
        return min(near, key=lambda s: abs(s.start - offset))

    def context(self, start: int, end: int) -> tuple[str, str]:
        """Up to CONTEXT characters before and after a span."""
        return self.text[max(0, start - CONTEXT):start], self.text[end:end + CONTEXT]


def _clip(text: str, width: int = 24) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "…"


def split_sentences(text: str) -> list[Sentence]:
    """Split text at Chinese and Western sentence punctuation and line breaks."""
    out: list[Sentence] = []
    for match in _SENTENCE_RE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out) + 1, start, end, text[start:end]))
    return out


def load_source(meta_path: Path, label_of) -> Source:
    """Load one source from its metadata file ``data/sources/ID.yaml``."""
    where = label_of(meta_path)
    meta = load_yaml(meta_path, where)
    if not isinstance(meta, Mapping):
        raise InputError("source metadata must be a mapping (id:, file:, title:, language:)",
                         path=where)
    for key in meta:
        if key not in _META_KEYS:
            raise InputError(f"unknown key '{key}' (allowed: {', '.join(sorted(_META_KEYS))})",
                             path=where, line=meta.line_of(key))
    for key in ("id", "file", "title", "language"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise InputError(f"'{key}' is required and must be text", path=where,
                             line=meta.line_of(key))
    if not ID_RE.match(meta["id"]):
        raise InputError(f"id '{meta['id']}' must be a lowercase ASCII slug like 'my-source-1'",
                         path=where, line=meta.line_of("id"), item=meta["id"])
    if not LANG_RE.match(meta["language"]):
        raise InputError(f"language '{meta['language']}' is not a BCP 47 tag (e.g. zh-Hant)",
                         path=where, line=meta.line_of("language"), item=meta["id"])
    date = meta.get("date")
    if date is not None and (not isinstance(date, str) or not is_real_day(date)):
        raise InputError(f"date {date!r} is not a real day; write YYYY-MM-DD, or null when the "
                         "source gives none"[:200], path=where, line=meta.line_of("date"),
                         item=meta["id"])
    text_path = meta_path.parent / meta["file"]
    if "/" in meta["file"] or "\\" in meta["file"] or not text_path.exists():
        raise InputError(f"file '{meta['file']}' not found beside the metadata; name a file in "
                         "data/sources/", path=where, line=meta.line_of("file"), item=meta["id"])
    label = label_of(text_path)
    if text_path.is_file() and not text_path.is_symlink():
        check_source_bytes(text_path.stat().st_size, label, meta["id"])
    text = read_text(text_path, label, max_bytes=MAX_SOURCE_BYTES)
    source = Source(id=meta["id"], path=text_path, label=label, text=text,
                    title=meta["title"], language=meta["language"], meta=dict(meta))
    source.sentences = check_source_text(text, label, meta["id"])
    return source


# The per-source limits, checked by a build (load_source, kg.inputs.mentions.link_sources) and
# by kg ingest before it stores anything: one implementation, so that ingest refuses what the
# next build would, with the same message.
def check_source_bytes(size: int, label: str, ident: str) -> None:
    """Raise InputError when a source's text of ``size`` bytes is over ``MAX_SOURCE_BYTES``."""
    if size > MAX_SOURCE_BYTES:
        raise InputError(f"is {size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit of "
                         "one source; split the document into several sources", path=label,
                         item=ident)


def check_source_text(text: str, label: str, ident: str) -> list[Sentence]:
    """The sentences of a source's ``text``, once its size and number of sentences are within
    the limits (``MAX_SOURCE_BYTES``, ``MAX_SOURCE_SENTENCES``).

    Raises:
        InputError: over a limit, naming ``label`` and ``ident``.
    """
    check_source_bytes(len(text.encode("utf-8", "surrogatepass")), label, ident)
    sentences = split_sentences(text)
    if len(sentences) > MAX_SOURCE_SENTENCES:
        raise InputError(f"has {len(sentences):,} sentences, over the "
                         f"{MAX_SOURCE_SENTENCES:,}-sentence limit of one source; split the "
                         "document into several sources", path=label, item=ident)
    return sentences


def check_source_mentions(scanned: list, label: str, ident: str) -> None:
    """Raise InputError when the mentions of known names ``scanned`` in one source
    (``kg.inputs.mentions.Linker.scan``) are over ``MAX_SOURCE_MENTIONS``, or those of one
    name (as folded for matching) over ``MAX_NAME_MENTIONS``."""
    from collections import Counter

    from kg.text import fold

    if len(scanned) > MAX_SOURCE_MENTIONS:
        raise InputError(f"names known entities {len(scanned):,} times, over the "
                         f"{MAX_SOURCE_MENTIONS:,}-mention limit of one source; split the "
                         "document into several sources", path=label, item=ident)
    per_name = Counter(fold(m.text) for m in scanned)
    if per_name:
        key, count = max(per_name.items(), key=lambda kv: (kv[1], kv[0]))
        if count > MAX_NAME_MENTIONS:
            written = next(m.text for m in scanned if fold(m.text) == key)
            raise InputError(f"names '{written}' {count:,} times, over the "
                             f"{MAX_NAME_MENTIONS:,}-mention limit of one name in one "
                             "source; split the document into several sources",
                             path=label, item=ident)
