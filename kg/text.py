"""Text as kg compares it: the one fold of Traditional and Simplified Chinese, width and case.

Folding maps each character on its own, so a folded text has exactly the length of the
original and every offset found in it is an offset in the original: NFKC (full-width Latin and
digits to ASCII), Traditional to Simplified Chinese (OpenCC ``t2s``: 商湯 = 商汤, 華爲雲 = 華為雲 =
华为云), then lower case; a character whose fold is not exactly one character is kept as it is.
Linking, search, ``kg check``, ``kg path`` and the view's search table all use :func:`fold`.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

_FOLD: dict[int, str] = {}


def _converter():
    import opencc

    global _T2S
    try:
        return _T2S
    except NameError:
        _T2S = opencc.OpenCC("t2s")
        return _T2S


def _learn(chars: Iterable[str]) -> None:
    """Add the fold of each character in ``chars`` to the table (one OpenCC call for all)."""
    new = sorted(c for c in set(chars) if ord(c) not in _FOLD)
    if not new:
        return
    prepared = []
    for char in new:
        norm = unicodedata.normalize("NFKC", char)
        prepared.append(norm if len(norm) == 1 and norm != "\n" else char)
    han = [i for i, c in enumerate(prepared) if ord(c) >= 0x2E80]
    converted = list(prepared)
    if han:
        out = _converter().convert("\n".join(prepared[i] for i in han)).split("\n")
        if len(out) == len(han):
            for i, text in zip(han, out):
                converted[i] = text
    for char, text in zip(new, converted):
        lower = text.lower()
        _FOLD[ord(char)] = lower if len(lower) == 1 else (text if len(text) == 1 else char)


def fold(text: str) -> str:
    """Fold ``text`` for matching: same length, one character for one character.

    >>> fold("華爲雲 華為雲 SenseTime") == fold("华为云 华为云 sensetime")
    True
    """
    _learn(text)
    return text.translate(_FOLD)
