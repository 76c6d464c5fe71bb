"""Text as kg compares it: the one fold of Traditional and Simplified Chinese, width and case.

Folding maps each character on its own, so a folded text has exactly the length of the
original and every offset found in it is an offset in the original: NFKC (full-width Latin and
digits to ASCII), Traditional to Simplified Chinese (OpenCC ``t2s``: 商湯 = 商汤, 華爲雲 = 華為雲 =
华为云), then lower case; a character whose fold is not exactly one character is kept as it is.
Linking, search, ``kg check``, ``kg path`` and the view's search table all use :func:`fold`
(``kg check`` and ``kg path`` through :func:`name_key`, which also ignores spaces; the view through
:func:`fold_table`, the same fold as a table for the page's script). :func:`simplified` writes
a text in Simplified characters for display, with the same OpenCC converter.
"""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False  # typing's flag without importing typing (3 ms of a cold command)
if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

_FOLD: dict[int, str] = {}


_OPENCC: dict[str, object] = {}


def _converter(config: str = "t2s"):
    """The OpenCC converter ``config`` (``t2s``, ``s2t``), made once."""
    if config not in _OPENCC:
        import opencc

        _OPENCC[config] = opencc.OpenCC(config)
    return _OPENCC[config]


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


def name_key(text: str) -> str:
    """A name as ``kg check`` and ``kg path`` compare names: :func:`fold`, spaces ignored.

    >>> name_key("商湯 集團") == name_key("商汤集团")
    True
    """
    return "".join(fold(text).split())


def fold_table(texts: Iterable[str]) -> dict[str, str]:
    """:func:`fold` as a character table for a page's script: every CJK character of ``texts``
    and each Traditional form of it (so a query typed in either script finds the other), mapped
    to its fold where that differs; sorted by character."""
    chars = sorted({ch for text in texts for ch in text if ord(ch) >= 0x2E80})
    s2t = _converter("s2t")
    table: dict[str, str] = {}
    for ch in chars:
        for variant in (ch, s2t.convert(ch)):
            if len(variant) == 1 and fold(variant) != variant:
                table[variant] = fold(variant)
    return dict(sorted(table.items()))


def simplified(text: str) -> str:
    """``text`` in Simplified characters (OpenCC ``t2s``, phrase by phrase), for display."""
    return _converter("t2s").convert(text)


#: Characters a terminal or a page acts on or hides: C0 and C1 controls, DEL, line and paragraph
#: separators, bidi embeddings, overrides, isolates and marks, zero-width characters, invisible
#: operators and fillers (soft hyphen, combining grapheme joiner, Mongolian vowel separator,
#: Hangul fillers) and BOM. The terminal (:func:`printable`), the pages
#: (``kg.views.html.visible_html``) and the graph page's script (``visible`` in app.js) show
#: them, and a label or alias made only of them and spaces is refused (:func:`is_blank`).
INVISIBLE = frozenset(
    [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0), 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160,
                      0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2028, 0x2029,
                      *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0x3164, 0xFEFF, 0xFFA0)])
_UNPRINTABLE = INVISIBLE
_UNPRINTABLE_RES: dict[str, object] = {}


def printable(text: str, keep: str = "") -> str:
    """``text`` safe to print on a terminal: every control, bidi and zero-width character
    except those in ``keep`` (say ``"\\n"``) written as its Python escape (``\\x1b``,
    ``\\u202e``), so a label can neither drive the terminal nor hide or reorder what is shown.
    Only text for people goes through here: JSON, CSV, TSV and RDF keep the bytes.

    >>> printable("a\\x1b[2Jb\\u202etxt.exe")
    'a\\\\x1b[2Jb\\\\u202etxt.exe'
    """
    return invisible_pattern(keep).sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def invisible_pattern(keep: str = ""):
    """A compiled pattern matching one character of :data:`INVISIBLE` not in ``keep``."""
    import re

    pattern = _UNPRINTABLE_RES.get(keep)
    if pattern is None:
        chars = "".join(sorted(INVISIBLE - set(keep)))
        pattern = _UNPRINTABLE_RES[keep] = re.compile("[" + re.escape(chars) + "]")
    return pattern


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing: only whitespace and :data:`INVISIBLE` characters.

    >>> is_blank(" \\u200b\\u202e "), is_blank("a\\u200b")
    (True, False)
    """
    return all(c.isspace() or c in INVISIBLE for c in text)


def marker(char: str) -> str:
    """How a page shows an invisible character: ``<U+202E>``."""
    return f"<U+{ord(char):04X}>"
