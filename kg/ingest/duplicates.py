"""Articles already ingested: the same text once whitespace is ignored and both Chinese scripts
are folded into one (:func:`kg.text.name_key`: 商湯 = 商汤, full width = ASCII, case aside).

The index is computed from the sources' texts (always current with ``data/sources/``, nothing
stored that could go stale). To stay fast at thousands of sources it keys each text first by
its length without whitespace (folding keeps lengths, so a copy in the other script has the
same one) and folds and hashes only the texts of the length asked about, once each.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from kg.errors import UsageError


def text_length(text: str) -> int:
    """The length of ``text`` without its whitespace: the index's first key."""
    return len("".join(text.split()))


def text_digest(text: str) -> str:
    """SHA-256 of ``text`` folded (both scripts, width, case) with its whitespace removed."""
    from kg.text import name_key

    return hashlib.sha256(name_key(text).encode("utf-8")).hexdigest()


@dataclass
class _Entry:
    ident: str
    text: str
    digest: str | None = None  # computed when a text of the same length is looked up


class DuplicateSource(UsageError):
    """The text of a file is that of a source already ingested (``of``)."""

    def __init__(self, name: str, of: str, *, earlier: str | None = None) -> None:
        self.name, self.of, self.earlier = name, of, earlier
        where = f", ingested from {earlier} in this run" if earlier else ""
        super().__init__(f"{name}: the same text as source '{of}'{where} (whitespace and "
                         "Chinese script aside): not added again")


class TextIndex:
    """The texts of a project's sources, to find the one a new text duplicates."""

    def __init__(self) -> None:
        self._by_length: dict[int, list[_Entry]] = {}
        self._length_of: dict[str, int] = {}  # source id -> its key
        self.origins: dict[str, str] = {}  # source id -> file it came from, in this run

    @classmethod
    def of_sources(cls, sources: Iterable) -> "TextIndex":
        """The index of ``sources`` (objects with ``id`` and ``text``: kg.inputs.sources.Source)."""
        index = cls()
        for source in sources:
            index.add(source.id, source.text)
        return index

    def add(self, ident: str, text: str, *, origin: str | None = None) -> None:
        """Index the text of source ``ident`` (replacing what it had); ``origin``: the file it
        was ingested from in this run."""
        self.remove(ident)
        length = text_length(text)
        self._by_length.setdefault(length, []).append(_Entry(ident, text))
        self._length_of[ident] = length
        if origin is not None:
            self.origins[ident] = origin

    def remove(self, ident: str) -> None:
        """Forget the text of source ``ident`` (if indexed)."""
        length = self._length_of.pop(ident, None)
        if length is not None:
            self._by_length[length] = [e for e in self._by_length[length] if e.ident != ident]
        self.origins.pop(ident, None)

    def find(self, text: str, *, exclude: str | None = None) -> str | None:
        """The id of a source whose text is ``text`` (whitespace, script, width and case
        aside), other than ``exclude``; None when there is none."""
        candidates = [e for e in self._by_length.get(text_length(text), ()) if e.ident != exclude]
        if not candidates:
            return None
        digest = text_digest(text)
        for entry in candidates:
            if entry.digest is None:
                entry.digest = text_digest(entry.text)
            if entry.digest == digest:
                return entry.ident
        return None
