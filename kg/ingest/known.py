"""Well-known organisations and products: the gazetteer shipped in the package
(``known.tsv``), found in a text and proposed even when named once with no cue (騰訊, 高盛,
OpenAI, 微信, ChatGPT).

A name is found longest first. Chinese names are compared folded (``kg.text.fold``: 騰訊 =
腾讯) and never where the text's characters around them make a word with their first or last
character (工行 of 施工行業, 中國銀行 of 中國銀行業); Latin names as written (Apple, never apple),
as whole words, and not inside a longer capitalised name (Dell of Michael Dell). A name marked
ambiguous in the file (苹果, 联想) is found only where an unambiguous name of its entry is found
too. A name of a project entity is never found (it is linked), nor one inside a linked mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Callable, Iterable, TypeVar

from kg.ingest.documents import HAN
from kg.inputs.mentions import dictionary_entries
from kg.text import fold

#: the classes proposed: every class the file uses (Organization: universities, regulators,
#: exchanges, ministries, research institutes and firms, international bodies)
PROPOSED = frozenset({"Company", "MediaOutlet", "Organization", "Product"})
#: classes of a proposal that the gazetteer may correct (jieba's 華為 as a Person, 胡潤研究院
#: by its head as a company's Department)
_CORRECTABLE = frozenset({"Company", "Person", "MediaOutlet", "Organization", "Department"})
#: the classes of an organisation's units: a unit's name may open with its owner's
_UNITS = frozenset({"Department", "BusinessGroup"})
_ALNUM = re.compile(r"[A-Za-z0-9]")
#: characters that may stand before a name without forming a word with it (在華為, 對騰訊)
_FREE_BEFORE = frozenset("的和与與及在是由被向对對从從把将將为為于於据據跟同让讓给給令使、与连連")
_FREE_AFTER = frozenset("的和与與及在是将將也已等则則就都又还還对對向与、")
#: a word before a Latin name that does not make it part of a longer name
_EN_FREE = frozenset("""The A An In On At By For From With And Or But As While When After Before
Like Unlike Rival Rivals Both Including Meanwhile However According Since Also Only Even Last
Then Yet So If Its Their Our Chinese US American Japanese Korean European Asian Global""".split())
#: a word after a Latin name that does not make it part of a longer name (Tencent Holdings Ltd)
_EN_TAIL = frozenset("""Inc Inc. Ltd Ltd. Limited Corp Corp. Co Co. Group Holding Holdings Corporation
Technology Technologies International Said Says""".split())
_FREQUENT = 50  # a jieba word this frequent is a word of the language
#: what a Chinese name may be written with and still be the same organisation (小米集團)
_LEGAL_TAIL = re.compile(r"(?:集团|控股|科技|公司|股份|有限|责任|银行|证券|"
                         r"\s*(?:Inc\.?|Ltd\.?|Limited|Group|Holdings?|Corp\.?|Corporation))+")

C = TypeVar("C")


@dataclass(frozen=True)
class Entry:
    """One organisation of the gazetteer."""

    key: str
    cls: str
    #: zh-Hant, zh-Hans, en
    labels: dict[str, str]
    #: (name, ambiguous alone) for every name: the labels and the aliases
    names: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class Found:
    """A name of ``entry`` written at ``text[start:end]``."""

    entry: Entry
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Entry, ...]:
    """The entries of ``known.tsv``, in file order."""
    data = files("kg.ingest").joinpath("known.tsv").read_text("utf-8")
    entries, seen = [], set()
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 6 or cells[0] in seen:  # pragma: no cover - the file is tested
            raise ValueError(f"known.tsv line {n}: expected 6 tab-separated cells, a new key")
        key, cls, hant, hans, en, aliases = cells
        seen.add(key)
        written = [hant, hans, en] + [a for a in aliases.split("|") if a]
        names, keys = [], set()
        for name in written:
            bare = name.lstrip("?")
            ident = bare if not HAN.search(bare) else fold(bare)
            if ident not in keys:
                keys.add(ident)
                names.append((bare, name.startswith("?")))
        labels = {"zh-Hant": hant.lstrip("?"), "zh-Hans": hans.lstrip("?"), "en": en.lstrip("?")}
        entries.append(Entry(key, cls, labels, tuple(names)))
    return tuple(entries)


@lru_cache(maxsize=1)
def _index() -> tuple[dict, dict, dict[str, list[int]]]:
    """Folded names with Chinese characters and Latin names as written, each -> (entry,
    ambiguous); and the first character of a name (folded) -> the lengths of its names,
    longest first."""
    han: dict[str, tuple[Entry, bool]] = {}
    latin: dict[str, tuple[Entry, bool]] = {}
    for entry in gazetteer():
        for name, ambiguous in entry.names:
            if HAN.search(name):
                han.setdefault(fold(name), (entry, ambiguous))
            else:
                latin.setdefault(name, (entry, ambiguous))
    lengths: dict[str, set[int]] = {}
    for name in (*han, *latin):
        lengths.setdefault(fold(name[0]), set()).add(len(name))
    return han, latin, {c: sorted(n, reverse=True) for c, n in lengths.items()}


def entry_named(name: str) -> Entry | None:
    """The entry one of whose names is ``name`` (folded if Chinese, as written if Latin)."""
    han, latin, _ = _index()
    hit = han.get(fold(name)) if HAN.search(name) else latin.get(name)
    return hit[0] if hit else None


def find_known(text: str, *, skip: Callable[[str], bool] = lambda key: False,
               taken: Iterable[tuple[int, int]] = ()) -> list[Found]:
    """The gazetteer's names written in ``text``, longest first, left to right; none inside a
    ``taken`` span (linked mentions), none of an entry one of whose names ``skip`` (given the
    folded name) refuses (a project entity's name)."""
    han, latin, lengths = _index()
    folded = fold(text)
    blocked = sorted(taken)
    raw: list[tuple[Found, bool]] = []
    at = 0
    while at < len(text):
        hit = _match_at(text, folded, at, han, latin, lengths)
        if hit is None:
            at += 1
            continue
        (entry, ambiguous), end = hit
        if not any(s < end and at < e for s, e in blocked):
            raw.append((Found(entry, at, end, text[at:end]), ambiguous))
        at = end
    # the words a name may make with its neighbours, looked up in jieba's dictionary at once
    words = {w for f, _ in raw for w in _neighbour_words(text, folded, f.start, f.end)}
    entries = dictionary_entries(frozenset(w for w in words if len(w) >= 2))
    frequent = {w for w, (n, _) in entries.items() if n >= _FREQUENT}
    hits = [(f, ambiguous) for f, ambiguous in raw if _bounded(text, folded, f.start, f.end, frequent)]
    refused = {f.entry.key for f, _ in hits if any(skip(fold(n)) for n, _ in f.entry.names)}
    sure = {f.entry.key for f, ambiguous in hits if not ambiguous}
    return [f for f, ambiguous in hits if f.entry.key not in refused
            and (not ambiguous or f.entry.key in sure)]


def _match_at(text: str, folded: str, at: int, han, latin, lengths):
    """((entry, ambiguous), end) of the longest name starting at ``at``, or None."""
    char = text[at]
    if not (HAN.match(char) or _ALNUM.match(char)):
        return None
    if _ALNUM.match(char) and at and _ALNUM.match(text[at - 1]):
        return None  # inside a Latin word
    for length in lengths.get(folded[at], ()):
        end = at + length
        if end > len(text):
            continue
        hit = han.get(folded[at:end]) or latin.get(text[at:end])
        if hit is not None and not (_ALNUM.match(text[end - 1]) and end < len(text)
                                    and _ALNUM.match(text[end])):
            return hit, end
    return None


def _neighbour_words(text: str, folded: str, start: int, end: int) -> list[str]:
    """The words a Chinese name at ``text[start:end]`` would make with the one or two
    characters before it or its last character and the one or two after it."""
    words = []
    if HAN.match(text[start]) and start and HAN.match(text[start - 1]) and \
            text[start - 1] not in _FREE_BEFORE:
        words += [folded[max(0, start - 2):start + 1], folded[start - 1:start + 1]]
    if HAN.match(text[end - 1]) and end < len(text) and HAN.match(text[end]) and \
            text[end] not in _FREE_AFTER:
        words += [folded[end - 1:end + 1], folded[end - 1:end + 2]]
    return words


def _bounded(text: str, folded: str, start: int, end: int, frequent: set[str]) -> bool:
    """Whether ``text[start:end]`` stands as a name of its own: a Chinese name makes no
    ``frequent`` word with the characters before or after it (施工|行業), nor is it followed
    by a place (瑞信中國: another organisation, its branch); a Latin name is no piece of a
    longer capitalised name (Michael Dell, Dell Street) nor a likeness (ChatGPT-like)."""
    if any(w in frequent for w in _neighbour_words(text, folded, start, end)):
        return False
    if HAN.match(text[end - 1]) and _PLACE_AFTER.match(folded, end):
        return False
    if _ALNUM.match(text[start]):
        before = re.search(r"([A-Z][a-z]+)\s$", text[max(0, start - 20):start])
        if before and before.group(1) not in _EN_FREE:
            return False
    if _ALNUM.match(text[end - 1]):
        if re.match(r"-(?:like|style|esque|type)\b", text[end:end + 8]):
            return False  # its ChatGPT-like ERNIE Bot: a likeness, nothing said of ChatGPT
        after = re.match(r"\s([A-Z][a-z]+\.?)", text[end:end + 20])
        if after and after.group(1) not in _EN_TAIL:
            return False
    return True


#: a place right after a name: the name of a branch (瑞信中国, 高盛亚洲, 摩根大通香港)
_PLACE_AFTER = re.compile(r"(?:中国|亚洲|亚太|香港|台湾|日本|美国|欧洲|北京|上海|深圳|新加坡)"
                          r"(?!市场|区|地区|业务|的|和|与|及|、|，|。|$)")


def with_known(candidates: list[C], text: str, mentions, linker, make: Callable[..., C]) -> list[C]:
    """``candidates`` (``kg.ingest.entities.Candidate``, made by ``make``) with the gazetteer's
    organisations written in ``text``: a proposal named like an entry takes its class (one
    proposal per entry, the others' names its short names); an entry's name inside a longer
    proposal is that proposal when the rest is a legal tail (小米 of 小米集團), else nothing (小米
    of 小米汽車); an entry written outside every proposal is proposed, even once."""
    found = find_known(text, skip=lambda key: key in linker.by_key,
                       taken=[(m.start, m.end) for m in mentions])
    if not found:
        return candidates
    folded = fold(text)
    by_entry: dict[str, list[Found]] = {}
    for f in found:
        by_entry.setdefault(f.entry.key, []).append(f)
    out = list(candidates)
    han = len(HAN.findall(text)) > len(re.findall(r"[A-Za-z]", text))
    for hits in by_entry.values():
        entry = hits[0].entry
        if entry.cls not in PROPOSED:
            continue
        out = _with_entry(out, entry, hits, folded, make, han)
    return sorted(_without_pieces(out, found, folded), key=lambda c: c.start)


def _without_pieces(candidates: list, found: list[Found], folded: str) -> list:
    """The candidates but those written only inside a longer name of the gazetteer (之暗面 of
    月之暗面: a list's item cut at 月, a piece of the name)."""
    spans = [(f.start, f.end) for f in found]

    def inside(a: int, b: int) -> bool:
        return any(s <= a and b <= e and e - s > b - a for s, e in spans)

    def a_piece(c) -> bool:
        written = _occurrences(folded, fold(c.name))
        return bool(written) and all(inside(a, b) for a, b in written)

    return [c for c in candidates if c.alias_of or not a_piece(c)]


def _with_entry(out: list, entry: Entry, hits: list[Found], folded: str, make,
                han: bool) -> list:
    """``out`` with ``entry`` merged in or added (see :func:`with_known`)."""
    keys = {fold(n) for n, _ in entry.names}
    same = [c for c in out if not c.alias_of and {fold(n) for n in (c.name, *c.short)} & keys]
    if any(c.cls not in _CORRECTABLE for c in same):
        return out  # DeepSeek the model: a product of that name is left as it is
    spans: dict[int, list[tuple[int, int]]] = {}
    alone = []
    for f in hits:
        holder = next((c for c in out if not c.alias_of and len(c.name) > len(f.text) and
                       any(s <= f.start and f.end <= e for s, e in
                           spans.setdefault(id(c), _occurrences(folded, fold(c.name))))), None)
        if holder is None or (holder.cls in _UNITS and fold(holder.name).startswith(fold(f.text))):
            alone.append(f)  # written alone, or as the owner opening its unit's name (香港中文大學多媒體實驗室)
        elif holder.cls in _CORRECTABLE and _LEGAL_TAIL.fullmatch(
                fold(holder.name)[len(f.text):]) and fold(holder.name).startswith(fold(f.text)):
            if holder not in same:
                same.append(holder)  # 小米集團: the entry written with its legal tail
    def rank(name: str) -> tuple:  # the fullest form written in the text's script: 科大訊飛
        return (bool(HAN.search(name)) == han, len(name))  # over 訊飛, 路透社 over Reuters

    written = [f.text for f in alone]
    best = max(alone, key=lambda f: (rank(f.text), -f.start)) if alone else None
    head = max(same, key=lambda c: (rank(c.name), c.count)) if same else None
    if best is not None and (head is None or rank(best.text) > rank(head.name)):
        # named by its full name (科大訊飛), the short forms (訊飛) its short names, however
        # often each is written
        head = make(best.text, entry.cls, best.start, best.end, found_by="known")
        shorts = [n for c in same for n in (c.name, *c.short)] + written
        out, same = out + [head], same + [head]
    elif head is not None:
        shorts = [n for c in same if c is not head for n in (c.name, *c.short)] + written
    else:
        return out
    head.cls = entry.cls
    if "known" not in head.found_by:
        head.found_by += "+known"
    names = {fold(head.name)}
    extra = []
    for name in (*head.short, *shorts):
        if fold(name) not in names:
            names.add(fold(name))
            extra.append(name)
    head.short = tuple(extra)
    head.count = max(head.count, len(hits))
    return [c for c in out if c is head or c not in same]


def _occurrences(folded: str, key: str) -> list[tuple[int, int]]:
    out, at = [], folded.find(key)
    while at >= 0:
        out.append((at, at + len(key)))
        at = folded.find(key, at + len(key))
    return out
