"""Mention linking: finding every known entity name in a text, across scripts and case.

Matching runs on a *folded* copy of the text that has exactly the same length as the original,
so every offset found on the folded text is an offset in the original text. Folding maps each
character on its own: NFKC (full-width Latin and digits to ASCII), Traditional to Simplified
Chinese (OpenCC ``t2s``: 商湯 = 商汤, 華爲雲 = 華為雲 = 华为云), then lower case; a character
whose fold is not exactly one character is kept as it is.

All folded names are compiled into one regular expression shaped as a trie (names that share a
prefix share a branch), so a text is scanned once, whatever the number of names. At each
position the longest name wins, and a name inside a longer known name is not counted again.
Latin names only match as whole words (``SCG`` is not found in ``SCGX``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from kg.text import fold

_ALNUM = "a-z0-9"


@dataclass(frozen=True)
class Name:
    """One known name of an entity: a label or an alias, with its language tag."""

    entity: str
    text: str
    lang: str
    kind: str  # "label" | "alias"


@dataclass(frozen=True)
class Mention:
    """One linked mention: ``text[start:end]`` names ``entities`` (one, unless ambiguous)."""

    start: int
    end: int
    text: str
    entities: tuple[str, ...]
    name: Name  # the known name that matched: the one as written, else the first that folds alike


class Linker:
    """Finds mentions of known names in texts.

    Args:
        names: every known name; names that fold alike are one key (an entity may have many).
        min_length: Chinese names shorter than this (in characters) are ignored; Latin names
            shorter than two characters always are.
    """

    def __init__(self, names: Iterable[Name], *, min_length: int = 2) -> None:
        self.by_key: dict[str, list[Name]] = {}
        for name in names:
            key = fold(name.text.strip())
            if len(key) < min_length:
                continue
            self.by_key.setdefault(key, []).append(name)
        self.pattern = re.compile(_trie_regex(self.by_key)) if self.by_key else None

    @classmethod
    def from_entities(cls, entities) -> "Linker":
        """A linker for ``kg.inputs.facts.Entity`` objects: their labels and aliases in every language."""
        names = []
        for entity in sorted(entities, key=lambda e: e.id):
            for lang, label in sorted(entity.labels.items()):
                names.append(Name(entity.id, label, lang, "label"))
            for lang, aliases in sorted(entity.aliases.items()):
                names.extend(Name(entity.id, alias, lang, "alias") for alias in aliases)
        return cls(names)

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in text order, non-overlapping, longest first."""
        if self.pattern is None:
            return []
        folded = fold(text)
        pattern, out, pos = self.pattern, [], 0
        while True:
            first = pattern.search(folded, pos)
            if first is None:
                break
            # a cluster of overlapping candidates: the longest match at each start inside it
            candidates = [(first.start(), first.end())]
            cluster_end, p = first.end(), first.start() + 1
            while p < cluster_end:
                match = pattern.match(folded, p)
                if match:
                    candidates.append((p, match.end()))
                    cluster_end = max(cluster_end, match.end())
                p += 1
            chosen: list[tuple[int, int]] = []
            for start, end in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
                if all(end <= s or start >= e for s, e in chosen):
                    chosen.append((start, end))
            for start, end in sorted(chosen):
                names, written = self.by_key[folded[start:end]], text[start:end]
                # the name as written when there is one, else the first that folds alike
                name = next((n for n in names if n.text == written), names[0])
                out.append(Mention(start, end, written,
                                   tuple(sorted({n.entity for n in names})), name))
            pos = cluster_end
        return out


def _trie_regex(keys: Iterable[str]) -> str:
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = True
    return "(?:" + _node_regex(trie, top=True) + ")"


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _node_regex(node: dict, top: bool = False, last: str = "") -> str:
    alternatives = []
    for char in sorted(c for c in node if c):
        piece = re.escape(char)
        if top and _is_word(char):  # a Latin name starts a word: no letter or digit before it
            piece += f"(?<![{_ALNUM}]{re.escape(char)})"
        alternatives.append(piece + _node_regex(node[char], last=char))
    if "" in node:  # the end of a name: greedy, so longer names are tried first
        alternatives.append(f"(?![{_ALNUM}])" if _is_word(last) else "")
    if top:
        return "|".join(alternatives)
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"
