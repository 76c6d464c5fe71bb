"""Mention linking: finding every known entity name in a text, across scripts and case.

Matching runs on a *folded* copy of the text that has exactly the same length as the original,
so every offset found on the folded text is an offset in the original text. Folding maps each
character on its own: NFKC (full-width Latin and digits to ASCII), Traditional to Simplified
Chinese (OpenCC ``t2s``: 商湯 = 商汤, 華爲雲 = 華為雲 = 华为云), then lower case; a character
whose fold is not exactly one character is kept as it is.

All folded names are compiled into one regular expression shaped as a trie (names that share a
prefix share a branch), so a text is scanned once, whatever the number of names. At each
position the longest name wins, and a name inside a longer known name is not counted again.
Latin names only match as whole words (``SCG`` is not found in ``SCGX``), and a Chinese name
inside an idiom or set phrase of jieba's dictionary is not named (千帆 in 千帆竞发).

Generic names stay in their company. A label or alias that is a common word (集團, 應用, 大模型,
CEO, "applications") is *generic*: marked so in the facts (``generic:``) or detected (a post's
names; an anonymous source's (受訪者, "interviewee") unless it names its company; a name made
only of common words: jieba's dictionary frequencies, generic heads such as 集团 / 业务 / 部门,
common English words, or written in lower case, all-staff letter too; an acronym of a unit or
product, IAG, SCG). A generic name of an entity
owned by company X (its unit, segment, post, product, strategy component: the ``hasUnit``,
``hasSegment``, ``postIn``, ``offers``, ``hasComponent``... statements, followed up to the
company; a factor is owned by what it drives, a statement's subject or a figure's; an anonymous
source is the source of the subject its claims speak of most) links only

- where X, or something of X's named unambiguously, is named in the same sentence, or
- in a source about X: X is named in its title, or, when the title names no organisation, is
  the one named most often;
- in a sentence that names no organisation and goes on about X: the nearest earlier sentence
  of its paragraph that names one names only X (商汤科技营收37.72亿元。其中,生成式AI收入占六成);

and never where another organisation owns it in the text: inside an unknown organisation's
name (腾讯集团), after another organisation in the same clause (云从科技的智慧商业, 阿里巴巴CEO,
Alibaba's CEO), or in a sentence that names no organisation and goes on about another one (云从
科技公布业绩。其中,智慧商业收入下降: the nearest earlier sentence of its paragraph that names
one names only others); nor after a pronoun that points back to another (其CEO, its healthcare
unit: the subject of its sentence, or of the one before); nor before every organisation of its
sentence when the first is another (首席执行官刘庆峰说,讯飞与商汤…; "Our healthcare unit grew,"
said Pony Ma, Tencent's…; 医疗业务是腾讯的重点), unless a known name follows (首席执行官徐立); nor
in a paragraph that opens naming no one, in a text about several companies, after one about
another; nor, unless its owner is named before it, in one compound with a common word (行业应用,
AI应用, 大模型应用, 通用大模型, smart city projects): a common noun there.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from types import SimpleNamespace
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
    generic: bool = False  # marked generic in the facts (``generic:``)


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

    def __init__(self, names: Iterable[Name], *, min_length: int = 2,
                 classes: dict[str, str] | None = None,
                 owners: dict[str, str] | None = None) -> None:
        self.by_key: dict[str, list[Name]] = {}
        for name in names:
            key = fold(name.text.strip())
            if len(key) < min_length:
                continue
            self.by_key.setdefault(key, []).append(name)
        self.pattern = re.compile(_trie_regex(self.by_key)) if self.by_key else None
        classes, owners = classes or {}, owners or {}
        self.classes = classes
        #: entity -> the company it belongs to (itself for a company), for every entity that has one
        self.company = _companies(classes, owners)
        #: folded name -> the entities for which that name is generic
        self.generic = _generic_names(self.by_key, classes, self.company)

    @classmethod
    def from_entities(cls, entities, statements=()) -> "Linker":
        """A linker for ``kg.inputs.facts.Entity`` objects: their labels and aliases in every
        language; ``statements`` (``kg.inputs.facts.Statement``) tell who owns what."""
        entities = sorted(entities, key=lambda e: e.id)
        classes = {entity.id: entity.cls for entity in entities}
        return cls([n for e in entities for n in _names_of(e)], classes=classes,
                   owners=_owners(classes, statements))

    @classmethod
    def from_facts(cls, facts, statements=None) -> "Linker":
        """A linker for every entity of ``kg.inputs.facts.Facts``, with who owns what (from
        ``statements`` when given: the facts may hold only some of them)."""
        return cls.from_entities(facts.entities.values(), owner_statements(facts)
                                 if statements is None else statements)

    @classmethod
    def for_texts(cls, entities, statements, texts: Iterable[str], *, min_length: int = 2,
                  keys: dict[str, list[str]] | None = None) -> "Linker":
        """A linker that finds in ``texts`` exactly what ``from_entities(entities, statements)``
        finds there, made of only the names that occur in them (as folded substrings).

        What a text's mentions depend on is the names that occur in it (a name that does not
        occur is never a candidate, and a company's name that a description holds occurs where
        the description does), with the classes and owners of every entity: so a build that
        links a few new texts against a large corpus compiles a few names, not all of them.
        ``keys``: entity -> its names folded (``name_keys``), where already known.
        """
        entities = sorted(entities, key=lambda e: e.id)
        classes = {entity.id: entity.cls for entity in entities}
        folded = "\0".join(fold(text) for text in texts)
        names = []
        for e in entities:
            known = (keys or {}).get(e.id)
            if known is not None and len(known) == _count_names(e) and \
                    not any(len(k) >= min_length and k in folded for k in known):
                continue  # none of its names occurs (told without folding them again)
            names += [n for n in _names_of(e)
                      if len(key := fold(n.text.strip())) >= min_length and key in folded]
        return cls(names, min_length=min_length, classes=classes,
                   owners=_owners(classes, statements))

    def is_generic(self, mention: Mention) -> bool:
        """Whether ``mention`` is a generic name of one of its entities."""
        return bool(self.generic.get(fold(mention.text)))

    def find(self, text: str, *, title: str | None = None,
             organisations: Iterable[tuple[int, int]] | None = None,
             scanned: list[Mention] | None = None) -> list[Mention]:
        """Every mention in ``text``, in text order, non-overlapping, longest first; a generic
        name only where its company is the context (see the module's docstring).

        Args:
            text: the text.
            title: the title of the source, when it is not in ``text``.
            organisations: ``(start, end)`` of the names of organisations that are not known
                (default: found by their suffixes, ``find_organisations``).
            scanned: what :meth:`scan` found in ``text``, when already known.
        """
        found = self.scan(text) if scanned is None else scanned
        if not any(self.is_generic(m) for m in found):
            return found
        if organisations is None:
            organisations = find_organisations(text)
        return _Context(self, text, found, title, organisations).kept()

    def scan(self, text: str) -> list[Mention]:
        """Every occurrence of a known name in ``text``, in text order, non-overlapping,
        longest first, generic or not."""
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
            # longest first; a character taken once is not taken again (linear in the
            # cluster's length, however long a chain of overlapping names runs)
            chosen: list[tuple[int, int]] = []
            taken, offset = bytearray(cluster_end - first.start()), first.start()
            for start, end in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
                if not any(taken[start - offset:end - offset]):
                    chosen.append((start, end))
                    taken[start - offset:end - offset] = b"\x01" * (end - start)
            for start, end in sorted(chosen):
                names, written = self.by_key[folded[start:end]], text[start:end]
                # the name as written when there is one, else the first that folds alike
                name = next((n for n in names if n.text == written), names[0])
                out.append(Mention(start, end, written,
                                   tuple(sorted({n.entity for n in names})), name))
            pos = cluster_end
        return _outside_phrases(folded, out)


def name_keys(entity) -> list[str]:
    """The folded names of an entity, one per name (its labels, then its aliases)."""
    return [fold(n.text.strip()) for n in _names_of(entity)]


def _count_names(entity) -> int:
    return len(entity.labels) + sum(len(names) for names in entity.aliases.values())


def _names_of(entity) -> list[Name]:
    """The names of one entity: its labels and aliases, each with whether it is marked generic."""
    marked = {fold(n.strip()) for n in getattr(entity, "generic", ())}
    names = [Name(entity.id, label, lang, "label", fold(label.strip()) in marked)
             for lang, label in sorted(entity.labels.items())]
    for lang, aliases in sorted(entity.aliases.items()):
        names.extend(Name(entity.id, alias, lang, "alias", fold(alias.strip()) in marked)
                     for alias in aliases)
    return names


def owner_statements(facts) -> list:
    """The statements that tell who owns what in ``facts`` (``kg.inputs.facts.Facts``): its
    statements, and for each factor a figure's change is driven by, the figure's subject ->
    the factor (員工福利開支減少 lowered SenseTime's administrative expenses: a factor of
    SenseTime's, not of every company whose costs fell for that reason)."""
    drivers = [SimpleNamespace(id=f"{fig.id}/driven-by/{factor}", relation="changeDrivenBy",
                               subject=fig.subject, object=factor,
                               evidence=SimpleNamespace(claimed_by=None))
               for fig in sorted(getattr(facts, "figures", {}).values(), key=lambda f: f.id)
               for factor in (fig.change.driven_by if fig.change else ())
               if getattr(facts.entities.get(factor), "cls", None) in FACTOR_CLASSES]
    return [*facts.statements.values(), *drivers]


def _owners(classes: dict[str, str], statements) -> dict[str, str]:
    """entity -> its owner, from the ``OWNER_RELATIONS`` statements (the first by id wins; a
    factor is owned by what it drives), and an anonymous source -> the subject its claims
    speak of most."""
    owners: dict[str, str] = {}
    claims: dict[str, Counter] = {}
    for st in sorted(statements, key=lambda s: s.id):
        way = OWNER_RELATIONS.get(st.relation)
        owned, owner = (st.object, st.subject) if way == "s" else (st.subject, st.object)
        if st.relation in DRIVER_RELATIONS and classes.get(owned) not in FACTOR_CLASSES:
            way = None  # one figure or component driving another owns nothing
        if way and owned != owner:
            owners.setdefault(owned, owner)
        claimant = getattr(getattr(st, "evidence", None), "claimed_by", None)
        if classes.get(claimant) in ANONYMOUS_CLASSES and st.subject != claimant:
            claims.setdefault(claimant, Counter())[st.subject] += 1
    # an anonymous source (受訪者, "a former employee") is the source of the company its
    # claims are about: the subject it speaks of most
    for claimant, about in sorted(claims.items()):
        owners.setdefault(claimant, min(about, key=lambda e: (-about[e], e)))
    return owners


def link_sources(facts, sources: dict, linker: Linker | None = None,
                 counted: int = 0) -> dict[str, list[Mention]]:
    """The mentions of known names in each source (``kg.inputs.sources.Source``), within the
    build limits: at most ``MAX_NAME_MENTIONS`` of one name and ``MAX_SOURCE_MENTIONS`` in one
    source, ``MAX_BUILD_MENTIONS`` in all. ``linker``: the one to use (default: one for every
    entity of ``facts``); ``counted``: the mentions of the build's other sources. Each source is scanned once and checked before
    anything else is done with what was found.

    Raises:
        InputError: over a limit, naming the source's file (and the name, for one name).
    """
    from kg.errors import InputError
    from kg.inputs.sources import MAX_BUILD_MENTIONS, check_source_mentions

    linker = linker or Linker.from_facts(facts)
    found: dict[str, list[Mention]] = {}
    total = counted
    for sid, source in sources.items():
        scanned = linker.scan(source.text)
        check_source_mentions(scanned, source.label, sid)
        total += len(scanned)
        if total > MAX_BUILD_MENTIONS:
            raise InputError(f"brings the mentions of known names in all sources to {total:,}, "
                             f"over the {MAX_BUILD_MENTIONS:,}-mention limit of one build; split "
                             "the corpus into several projects", path=source.label, item=sid)
        found[sid] = linker.find(source.text, title=source.title, scanned=scanned)
    return found


#: relation -> which end owns the other: "s" the subject owns the object, "o" the reverse
OWNER_RELATIONS = {"hasUnit": "s", "unitOf": "o", "hasSegment": "s", "segmentOf": "o",
                   "postIn": "o", "offers": "s", "offeredBy": "o", "hasComponent": "s",
                   "componentOf": "o", "pursues": "s", "carriedOutBy": "o", "restructures": "o",
                   "addressedTo": "o", "occasionOf": "s", "drivenBy": "s",
                   "revenueDrivenBy": "s", "costDrivenBy": "s", "changeDrivenBy": "s"}
#: the relations from what is driven to what drives it: they own only a factor
DRIVER_RELATIONS = frozenset({"drivenBy", "revenueDrivenBy", "costDrivenBy", "changeDrivenBy"})
#: a cause a company states (員工福利開支減少): its generic name stays in that company
FACTOR_CLASSES = frozenset({"Factor"})
COMPANY_CLASSES = frozenset({"Company"})
POST_CLASSES = frozenset({"Post"})
#: a description of a person, not a name (受訪者, "interviewee"): generic unless it names the
#: company (接近商湯的人士, "former SenseTime employee")
ANONYMOUS_CLASSES = frozenset({"AnonymousSource"})
#: jieba's tags of idioms and set phrases: a name inside one is not named (千帆 in 千帆竞发)
_PHRASE_TAGS = frozenset({"i", "l"})
#: heads that name a kind of unit, not one unit (集团 "the group", 业务 "business", 部门)
GENERIC_HEADS = frozenset(fold(w) for w in (
    "集团", "公司", "企业", "业务", "事业群", "事业部", "事业", "部门", "部", "中心", "研究院",
    "实验室", "平台", "服务", "产品", "团队", "板块", "分部", "子公司", "总部", "董事会", "委员会",
    "战略", "项目", "系统", "方案", "业务群", "群", "部分"))
#: single characters that make a common head no less common (大模型, 新业务, 总部)
_HAN_MODIFIERS = frozenset("大小新老总副各全")
#: numerals: in a description (十周年, 三大业务) they count as modifiers; a company's name keeps them
_HAN_NUMERALS = frozenset("一二三四五六七八九十百千万两")
#: common English words of company news: a name made only of them is generic
_EN_COMMON = frozenset("""
a an the of and or for in on to with by at as its their our business businesses group groups
unit units segment segments division department research institute lab laboratory center centre
smart city cities life living commerce commercial medical medicine healthcare health care
application applications app apps large big small model models device devices generative
traditional ai artificial intelligence intelligent auto automobile automotive car cars vehicle
driving autonomous cloud computing compute computer power service services platform platforms
product products solution solutions system systems software hardware data chip chips core
strategy strategies chief executive officer officers chairman chairwoman chair president vice
board director directors manager head founder cofounder co-founder partner staff team teams
employees company companies enterprise enterprises firm market markets new old global china
chinese international digital technology technologies tech engineering education finance
financial retail industry industrial internet online mobile media content security robot
robotics llm llms gpu gpus infrastructure operations sales revenue layoffs layoff letter
anniversary internal annual report results project projects center
""".split())
_EN_STOP = frozenset("""The A An Its It Their Our His Her Former New Then This That These Those
And Or But As In On At By For From With Group Chief Executive Vice Deputy Acting Interim
Senior Co""".split())
#: characters between a name and a head or post that do not belong to a name (兼任, 的, 前)
_JOINERS = frozenset("兼任为為是的之和与與及或、把被将將对對向从從由于於等也都就而但前现現原新首副总總"
                     "其该該本此这這那各全职職担擔出在位名")
#: what a company calls itself before a post or head: 公司首席执行官, 集团CEO
_SELF = tuple(fold(w) for w in ("公司", "集团", "集團", "董事会", "董事會", "本公司", "企业"))
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")
_CLAUSE_END = re.compile(r"[。！？!?；;\n，,:：]|\.(?=\s)")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
# an unknown organisation: its name ends in one of these; the core before it is checked below,
# and before a weak suffix (智能, 云) it must not be a common word (人工智能, 发展智能)
_ORG_SUFFIX_RE = re.compile(r"(?P<legal>(?:股份)?有限(?:责任|責任)?公司|股份公司)|科技|集团|集團|公司|控股|"
                            r"银行|銀行|资本|資本|(?P<weak>智能|雲|云)")
_LEGAL_RE = re.compile(r"(?:股份)?有限(?:责任|責任)?公司|股份公司")
#: jieba's tags of words that are no name before a suffix: verbs, adjectives, adverbs (合资公司)
_NOT_NAME_TAGS = frozenset({"v", "vn", "vd", "a", "ad", "an", "d", "m", "q", "f", "s", "t"})
_EN_ORG_RE = re.compile(r"\b[A-Z][A-Za-z0-9&]*(?:[ -][A-Z][A-Za-z0-9&]*)*\s+(?:Inc\b\.?|Ltd\b\.?|"
                        r"Group\b|Holdings\b|Technologies\b|Technology\b|Corp\b\.?|"
                        r"Corporation\b)|\b[A-Z][a-z]+[A-Z][A-Za-z]+\b")
#: cores that make an organisation's kind, not its name (人工智能公司, 一家科技公司)
_GENERIC_CORES = frozenset(fold(w) for w in (
    "人工智能", "智能", "科技", "互联网", "网络", "信息", "数据", "软件", "电子", "创业", "初创",
    "上市", "民营", "国有", "外资", "芯片", "汽车", "游戏", "金融", "投资", "母", "子", "项目制",
    "平台", "技术", "云计算", "硬件", "医疗", "教育", "控股", "分", "这", "该", "此", "一", "人工",
    "智慧"))
#: what ends a name before an organisation's suffix: 一家科技公司, 与腾讯集团, and the measure
#: words that count companies (兩間公司, 两家公司: how many, not which)
_NAME_STOPS = frozenset(fold(c) for c in "的和与與及或是在了将將把被对對向由于於等也都就而但个個家间間这這该該其此"
                        "本一各每多为為爲兼任")
_CUTS = tuple(fold(w) for w in ("公司", "集团", "科技", "控股", "银行"))
PLACES = tuple(fold(w) for w in ("北京", "上海", "深圳", "杭州", "广州", "香港", "重庆", "成都",
                                   "南京", "武汉", "苏州", "天津", "中国", "美国", "日本", "台湾"))


def find_organisations(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of names that look like organisations by their suffix: up to four
    characters of a name before 科技 / 集团 / 公司 / 控股 / 银行 (腾讯集团, 云从科技), up to ten
    before a legal form (第四范式智能技术股份有限公司), or an English name ending in Inc,
    Group, Technologies... and CamelCase names (CloudWalk). A core that is a verb or an
    adjective (合资公司), or a common noun before a bare 公司 (机器人公司), is a kind of company;
    a weak suffix (智能, 云) that starts a word with what follows it (云端, 智能手机) is none."""
    out, found = [], []
    folded = fold(text)
    for match in _ORG_SUFFIX_RE.finditer(text):
        start, reach = match.start(), 10 if match.group("legal") else 4
        while start > 0 and match.start() - start < reach and _HAN_RE.match(text[start - 1]) \
                and folded[start - 1] not in _NAME_STOPS:
            start -= 1
        if match.start() - start == reach and start > 0 and _HAN_RE.match(text[start - 1]):
            start = _word_start(folded, start)  # 中關村|科學城公司: the reach cut a word
        core = folded[start:match.start()]
        if not match.group("legal"):
            cut = max((core.rfind(w) + len(w) for w in _CUTS if w in core), default=0)
            start, core = start + cut, core[cut:]
        for place in PLACES:
            if core.startswith(place) and len(core) - len(place) >= 2:
                start, core = start + len(place), core[len(place):]
        if len(core) >= 2 and core not in _GENERIC_CORES and core not in GENERIC_HEADS:
            found.append((start, match.end(), core, match.group()))
    # a common word before the name goes (使用云启智能); before a weak suffix, a core that
    # ends in a common word is no name (人工智能, 发展智能)
    pieces = frozenset(c[i:i + 2] for _, _, c, _ in found for i in (0, len(c) - 2))
    # a weak suffix that starts a word with what follows it is no suffix (受云端产品: 云端)
    onwards = {(start, end): [folded[end - len(suffix):end + k] for k in range(1, 4)
                              if end + k <= len(folded) and _HAN_RE.match(folded[end + k - 1])]
               for start, end, _, suffix in found if suffix in {"智能", "雲", "云"}}
    entries = dictionary_entries(pieces | frozenset(c for _, _, c, _ in found) |
                                 frozenset(w for words in onwards.values() for w in words))
    common = {w for w, (frequency, _) in entries.items() if frequency >= _COMMON_FREQUENCY}
    for start, end, core, suffix in found:
        if any(entries.get(w, (0, ""))[0] >= _WORD_FREQUENCY and  # not a place: 金山云和百度
               not entries[w][1].startswith("ns") for w in onwards.get((start, end), ())):
            continue
        while len(core) >= 4 and core[:2] in common and not _LEGAL_RE.fullmatch(suffix):
            start, core = start + 2, core[2:]
        if not _LEGAL_RE.fullmatch(suffix) and _ends_in_predicate(core, entries):
            continue
        weak = suffix in {"智能", "雲", "云"}
        tag = (entries.get(core) or (0, ""))[1]
        if (weak and core[-2:] in common) or core in _GENERIC_CORES or tag in _NOT_NAME_TAGS \
                or (suffix == "公司" and tag == "n" and entries[core][0] >= 100):
            continue
        out.append((start, end))
    out.extend(m.span() for m in _EN_ORG_RE.finditer(text))
    # not inside a longer one: in this order, a span is inside an earlier one exactly when an
    # earlier one ends at or after its end
    kept, reach = [], -1
    for span in sorted(set(out), key=lambda span: (span[0], -span[1])):
        if span[1] > reach:
            kept.append(span)
        reach = max(reach, span[1])
    return kept


def _word_start(folded: str, start: int) -> int:
    """Where the word that ``start`` cuts begins, when one or two characters before it make a
    word of jieba's dictionary with the one or two after it (中关|村 -> 中关村), else ``start``."""
    pieces = {folded[a:b]: a for a in (start - 2, start - 1) if a >= 0
              for b in (start + 1, start + 2)}
    entries = dictionary_entries(frozenset(w for w in pieces if len(w) >= 3))
    words = [pieces[w] for w, (frequency, _) in entries.items() if frequency >= 20]
    return min(words, default=start)


#: jieba's tags of time words, numerals, measures and pronouns: never the end of a name
_FUNCTION_TAGS = frozenset({"t", "m", "q", "r"})
#: jieba's tags of the characters that end a clause's start before its verb (他則|強調)
_CLAUSE_TAGS = frozenset({"d", "r", "c", "p", "u"})


def _ends_in_predicate(core: str, entries: dict[str, tuple[int, str]]) -> bool:
    """Whether the characters before a bare suffix end in a word that is no name: a time word
    or numeral (到今年末|集團), or a common verb or adverb after a clause's start (他則|強調|公司,
    指|相關|公司), so that the suffix is "the company" itself, named by no one. A modifier or
    adjective before the word makes a name (新|希望集團, 好|未來集團)."""
    tail = entries.get(core[-2:]) if len(core) > 2 else None
    if tail is None:
        return False
    head = core[:-2]
    before = dictionary_entries(frozenset(head[-1])).get(head[-1], (0, ""))
    if len(head) == 1 and (head in _HAN_MODIFIERS or before[1] in {"a", "ag"}):
        return False
    if tail[1] in _FUNCTION_TAGS and tail[0] >= _WORD_FREQUENCY:
        return True
    return tail[1] in _NOT_NAME_TAGS and tail[0] >= _COMMON_FREQUENCY and \
        (len(head) == 1 or before[1] in _CLAUSE_TAGS)


def _outside_phrases(folded: str, found: list[Mention]) -> list[Mention]:
    """The mentions that are not part of an idiom or set phrase of jieba's dictionary (千帆 in
    千帆竞发, 百舸 in 百舸争流): a Chinese name of two or three characters inside a four-character
    window of the text that the dictionary tags as one."""
    phrases = None
    out = []
    for m in found:
        if 2 <= m.end - m.start <= 3 and all(_HAN_RE.match(c) for c in folded[m.start:m.end]):
            phrases = phrases if phrases is not None else set_phrases()
            if any(folded[s:s + 4] in phrases
                   for s in range(max(0, m.end - 4), min(m.start, len(folded) - 4) + 1)):
                continue
        out.append(m)
    return out


_PHRASES: list[frozenset[str]] = []  # the four-character idioms and set phrases, read once


def set_phrases() -> frozenset[str]:
    """The four-character words jieba's dictionary tags as idioms or set phrases (千帆竞发); none
    when jieba is not installed. Read once per process."""
    if not _PHRASES:
        tags = "".join(sorted(_PHRASE_TAGS))
        # the file read once for this and dictionary_entries; an entry after its line break
        _PHRASES.append(frozenset(re.findall(rf"\n(\S{{4}}) \d+ [{tags}]$", _dictionary_text(),
                                             re.M)))
    return _PHRASES[0]


def _companies(classes: dict[str, str], owners: dict[str, str]) -> dict[str, str]:
    """entity -> the company it belongs to: its owners followed up (a company is its own)."""
    owning = set(owners.values())
    out = {}
    for entity in classes:
        seen, root = {entity}, entity
        while root in owners and owners[root] not in seen:
            root = owners[root]
            seen.add(root)
        if classes.get(root) in COMPANY_CLASSES or root in owning:
            out[entity] = root
    return out


def _generic_names(by_key: dict[str, list[Name]], classes: dict[str, str],
                   company: dict[str, str] | None = None) -> dict[str, frozenset]:
    """folded name -> the entities for which it is generic (marked, or detected; an anonymous
    source's name unless it holds a name of the source's company)."""
    company = company or {}
    company_keys: dict[str, set[str]] = {}  # company -> the folded names of the company itself
    for key, names in by_key.items():
        for n in names:
            if classes.get(n.entity) in COMPANY_CLASSES and not n.generic:
                company_keys.setdefault(n.entity, set()).add(key)
    pieces = {key[i:j] for key in by_key if len(key) <= 8 and not key.isascii()
              for i in range(len(key)) for j in range(i + 2, len(key) + 1)
              if _HAN_RE.fullmatch(key[i:j][0]) and _HAN_RE.fullmatch(key[j - 1])}
    common = common_words(frozenset(pieces))
    out = {}
    for key, names in by_key.items():
        entities = frozenset(
            n.entity for n in names
            if n.generic or is_generic(key, n.text, classes.get(n.entity), common)
            or (classes.get(n.entity) in ANONYMOUS_CLASSES and not any(
                k in key for k in company_keys.get(company.get(n.entity, ""), ()))))
        if entities:
            out[key] = entities
    return out


def is_generic(key: str, text: str, cls: str | None, common: frozenset[str] | set[str]) -> bool:
    """Whether a name (``key`` its fold, ``text`` as written) of an entity of class ``cls`` is a
    common word: a post's; a company's made only of generic heads (集团); else one made only of
    common words (``common``: jieba's), generic heads and common English words, or an English
    name written in lower case (applications, large models); and a unit's or product's short
    acronym (IAG, SCG, SCO: an airline's, a cement maker's and a summit's too)."""
    if cls in POST_CLASSES:
        return True
    if cls in COMPANY_CLASSES:
        return _made_of(key, frozenset(), english=False)
    if key.isascii():
        if re.fullmatch(r"[a-z]{2,4}", key) and text.strip().isupper():
            return True  # an acronym names many organisations' things
        words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", key)
        if words and not any(c.isupper() for c in text) and \
                all(w.replace("-", "").isalpha() for w in words):  # all-staff letter
            return True
        return bool(words) and all(common_english(w) or
                                   all(common_english(p) for p in w.split("-")) for w in words)
    return len(key) <= 8 and _made_of(key, common, english=True)


def common_english(word: str) -> bool:
    """Whether a lower-case English ``word`` (or its singular) is a common word of company news."""
    return word in _EN_COMMON or (word.endswith("s") and word[:-1] in _EN_COMMON)


def is_generic_head(key: str) -> bool:
    """Whether the folded name ``key`` is made only of generic heads and modifiers (集团,
    事业群, 大模型部门 is not: 模型 is no head): the kind of a unit, not one unit."""
    return _made_of(key, frozenset(), english=False)


def _made_of(key: str, common, *, english: bool) -> bool:
    """Whether ``key`` splits wholly into generic heads, ``common`` words (two characters or
    more), modifiers such as 大, and (``english``: a description, not a company's name) common
    English words and numerals (公司成立十周年: the anniversary of whichever company)."""
    ends = {0}
    for i in range(len(key)):
        if i not in ends:
            continue
        if key[i].isascii() and key[i].isalnum():
            word = re.match(r"[a-z0-9]+", key[i:]).group()
            if english and common_english(word):
                ends.add(i + len(word))
            continue
        if not _HAN_RE.match(key[i]):  # a space, a hyphen, a dot between words
            ends.add(i + 1)
            continue
        for j in range(i + 1, min(len(key), i + 8) + 1):
            piece = key[i:j]
            if piece in GENERIC_HEADS or (j - i >= 2 and piece in common) or \
                    (j - i == 1 and (piece in _HAN_MODIFIERS or
                                     (english and piece in _HAN_NUMERALS))):
                ends.add(j)
    return len(key) in ends and len(key) > 0


_COMMON_FREQUENCY = 1000  # a word this frequent in jieba's dictionary is a common word
_WORD_FREQUENCY = 20  # a word this frequent in jieba's dictionary is a word, not a chance join
_ENTRIES: dict[str, tuple[int, str] | None] = {}  # word -> (frequency, tag), every word looked up


_DICTIONARY: list[str] = []  # jieba's dictionary file, read once per process


def _dictionary_text() -> str:
    """jieba's dictionary file (3 MB) after a line break, read once per process: linking one
    article looks words up in it several times, and reading it again each time cost more than
    the search; "" when jieba is not installed. Every entry follows a line break: a pattern
    that starts with one is searched for where one is (with ``^`` and re.M the regex engine
    tries every position of the file, several times slower)."""
    if not _DICTIONARY:
        import importlib.util
        from pathlib import Path

        spec = importlib.util.find_spec("jieba")
        path = Path(spec.origin).parent / "dict.txt" if spec is not None and spec.origin \
            else None
        _DICTIONARY.append("\n" + path.read_text("utf-8") if path is not None and path.is_file()
                           else "")
    return _DICTIONARY[0]


def dictionary_entries(candidates: frozenset[str]) -> dict[str, tuple[int, str]]:
    """``word -> (frequency, part-of-speech tag)`` in jieba's dictionary for the ``candidates``
    (Simplified, folded) that it holds; none when jieba is not installed. The dictionary file
    is searched, not loaded, and only for words not looked up before."""
    new = {c for c in candidates if c not in _ENTRIES}
    if new:
        found: dict[str, tuple[int, str]] = {}
        data = _dictionary_text()
        if data:
            pattern = re.compile("\n(" + _trie_regex(new) + r") (\d+)(?: (\w+))?$", re.M)
            for match in pattern.finditer(data):
                found[match.group(1)] = (int(match.group(2)), match.group(3) or "")
        _ENTRIES.update((c, found.get(c)) for c in new)
    return {c: _ENTRIES[c] for c in candidates if _ENTRIES[c] is not None}


def common_words(candidates: frozenset[str]) -> frozenset[str]:
    """The ``candidates`` (Simplified, folded) that jieba's dictionary counts as frequent; none
    when jieba is not installed."""
    entries = dictionary_entries(candidates)
    return frozenset(c for c, (frequency, _) in entries.items() if frequency >= _COMMON_FREQUENCY)


class _Context:
    """Where each organisation is named in one text, and which generic mentions it allows."""

    def __init__(self, linker: Linker, text: str, found: list[Mention], title: str | None,
                 organisations: Iterable[tuple[int, int]]) -> None:
        self.linker, self.text, self.found = linker, text, found
        self.found_starts = [m.start for m in found]
        self.sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.clause_ends = [m.end() for m in _CLAUSE_END.finditer(text)]
        owners = _possessive_owners(linker, text, found)
        self.refs, self.inside = _references(linker, text, found, [*organisations, *owners])
        self.ref_ends = [end for _, end, _ in self.refs]
        self.ref_starts = [start for start, _, _ in self.refs]
        self.in_sentence: dict[int, set[str]] = {}
        self.first_in_sentence: dict[int, tuple[int, str]] = {}  # the sentence's subject
        self.sentence_refs: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, key in self.refs:
            sentence = bisect.bisect_right(self.sentence_ends, start)
            self.in_sentence.setdefault(sentence, set()).add(key)
            self.first_in_sentence.setdefault(sentence, (start, key))
            self.sentence_refs.setdefault(sentence, []).append((start, end, key))
        self.naming = sorted(self.in_sentence)  # the sentences that name an organisation
        dictionary_entries(_glued_words(linker, text, found))  # one search for both below
        self.modifiers = _modifying(linker, text, found) | _modified(linker, text, found)
        self.carriers: list[int | None] | None = None  # made when first needed
        self.subjects: set[str] = set()
        if title and text.startswith(title):  # its first line: the organisations found there
            self.subjects = {key for _, end, key in self.refs if end <= len(title)}
        elif title:
            scanned = linker.scan(title)
            self.subjects = {key for _, _, key in
                             _references(linker, title, scanned, find_organisations(title))[0]}
        if not self.subjects:  # a headline that names whom the text is about outranks counting
            ranked = Counter(key for _, _, key in self.refs).most_common(2)
            if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or
                                                 ranked[0][1] >= 1.5 * ranked[1][1]):
                self.subjects.add(ranked[0][0])

    def kept(self) -> list[Mention]:
        out = []
        last: tuple[int, dict[str, bool]] = (-1, {})  # the last generic mention: end, decisions
        for mention in self.found:
            generic = self.linker.generic.get(fold(mention.text))
            if not generic:
                out.append(mention)
                continue
            # a name in brackets right after another of the same entity is the same mention
            # restated (首席执行官(CEO), chief executive (CEO)): it is decided as that one was
            between = self.text[last[0]:mention.start] if last[0] >= 0 else ""
            restated = last[1] if _APPOSITION.fullmatch(between) else {}
            decided = {e: restated[e] if e in restated else self.allows(mention, e)
                       for e in mention.entities if e in generic}
            last = (mention.end, decided)
            keep = tuple(e for e in mention.entities if e not in generic or decided[e])
            if keep == mention.entities:
                out.append(mention)
            elif keep:
                out.append(replace(mention, entities=keep))
        return out

    def allows(self, mention: Mention, entity: str) -> bool:
        """Whether the generic ``mention`` may name ``entity`` here."""
        company = self.linker.company.get(entity)
        if company is None:  # a metric, a group of companies: nobody's in particular
            return True
        own = "e:" + company
        if self.text[mention.end:mention.end + 1] in _VERB_OBJECT and _a_verb(fold(mention.text)):
            return False  # 技術應用於智慧城市: the verb "applied to", not the unit 應用
        if mention.start in self.inside:  # 集团 in 腾讯集团
            return self.inside[mention.start] == own
        i = bisect.bisect_right(self.clause_ends, mention.start) - 1
        clause_start = self.clause_ends[i] if i >= 0 else 0
        j = bisect.bisect_right(self.ref_ends, mention.start) - 1
        if j >= 0 and self.refs[j][1] > clause_start:
            # organisations before it in its clause: the nearest and the first must be its own
            if self.refs[j][2] == own and \
                    _ATTACHED.fullmatch(self.text, self.refs[j][1], mention.start):
                return True  # its owner written right before it (SenseTime's CEO, 商汤的CEO)
            first = bisect.bisect_right(self.ref_ends, clause_start)
            return self.refs[j][2] == own and self.refs[first][2] == own
        head = self.linker.classes.get(entity) in POST_CLASSES or \
            _made_of(fold(mention.text), frozenset(), english=False)
        if mention.start in self.modifiers and not head and \
                self.linker.classes.get(entity) not in COMPANY_CLASSES:
            return False  # 应用市场份额, 大模型用户数: a common word modifying a noun, no name
        if _foreign_before(self.text, mention.start, clause_start, head) or \
                self._foreign_after(mention, own):
            return False
        sentence = bisect.bisect_right(self.sentence_ends, mention.start)
        sentence_start = self.sentence_ends[sentence - 1] if sentence else 0
        referent = self._referent(mention, sentence, sentence_start)
        if referent is not None and referent != own:
            return False  # 其醫療業務, its healthcare unit: another's, the pronoun says
        if j >= 0 and self.refs[j][0] >= sentence_start and self.refs[j][2] != own:
            return False  # the sentence turned to another company: 商湯的對手曠視…,推出醫療大模型
        first = self.first_in_sentence.get(sentence)
        if first is not None and first[0] > mention.start and first[1] != own and \
                not self._held(mention):
            # a name before every organisation of its sentence is of the first one named after
            # it: the speaker's (首席執行官劉慶峰說,訊飞與商湯…: 訊飛's CEO; "Our healthcare unit
            # grew," said Pony Ma, Tencent's…), the topic's (醫療業務是騰訊的重點)
            return False
        if own in self.in_sentence.get(sentence, ()):
            return True
        if first is not None and first[0] < mention.start:  # a sentence about another company
            return False
        carried = self._carried(sentence) if first is None else None
        if carried is not None and own not in carried:
            return False  # 雲從公布業績。其智慧商業收入下降: the sentence goes on about 雲從
        if carried is None and first is None and own in self.subjects and len(self.subjects) > 1:
            # a paragraph that opens naming no one, in a text about several companies: it
            # goes on about the one the text last spoke of ("Baidu, SenseTime race…" then
            # "Robin Li, the chief executive officer, told analysts")
            k = bisect.bisect_left(self.naming, sentence) - 1
            if k >= 0 and self._subject(self.naming[k]) != own:
                return False
        return own in self.subjects or carried == {own}

    def _subject(self, sentence: int, before: int | None = None) -> str | None:
        """The organisation a sentence is about (up to ``before``): its first one not written
        as another's possessive (曠視 of 商湯的對手曠視, Megvii of SenseTime's rival Megvii)."""
        refs = [r for r in self.sentence_refs.get(sentence, ())
                if before is None or r[1] <= before]
        for start, end, key in refs:
            if not _POSSESSIVE_AFTER.match(self.text, end) and \
                    not _NOT_SUBJECT_BEFORE.search(fold(self.text[max(0, start - 16):start])):
                return key
        return refs[0][2] if refs else None

    def _referent(self, mention: Mention, sentence: int, sentence_start: int) -> str | None:
        """The organisation a pronoun right before the mention points back to (其, 該公司,
        its, the company's): the subject of its sentence before it, else of the nearest
        earlier sentence of its paragraph that names one; None without a pronoun or either."""
        before = fold(self.text[max(sentence_start, mention.start - 24):mention.start])
        if not _PRONOUN_BEFORE.search(before):
            return None
        subject = self._subject(sentence, mention.start)
        if subject is not None:
            return subject
        if self.carriers is None:
            self.carriers = self._carriers()
        earlier = self.carriers[sentence]
        return None if earlier is None else self._subject(earlier)

    def _held(self, mention: Mention) -> bool:
        """Whether a known entity's name is written right after the post (首席執行官徐立,
        CEO Xu Li): its holder, a person of the project's, not the speaker of another company."""
        k = bisect.bisect_right(self.found_starts, mention.start)
        nxt = self.found[k] if k < len(self.found) else None
        return nxt is not None and not self.linker.is_generic(nxt) and \
            not self.text[mention.end:nxt.start].strip(" ,，、")

    def _carried(self, sentence: int) -> set[str] | None:
        """The organisations a sentence that names none goes on about: those of the nearest
        earlier sentence of its paragraph that names one (云从科技公布业绩。其中,智慧商业收入下降;
        Rival Megvii posted revenue. Its smart business unit shrank); None when there is none."""
        if self.carriers is None:
            self.carriers = self._carriers()
        earlier = self.carriers[sentence]
        return None if earlier is None else self.in_sentence[earlier]

    def _carriers(self) -> list[int | None]:
        """For each sentence, the nearest earlier sentence of its paragraph that names an
        organisation (None: none, or a line break between): one pass over the sentences."""
        out: list[int | None] = []
        last = None
        for k, end in enumerate([*self.sentence_ends, len(self.text)]):
            out.append(last)
            if self.text[end - 1:end] == "\n":
                last = None  # a new paragraph: it may be about anyone
            elif k in self.in_sentence:
                last = k
        return out

    def _foreign_after(self, mention: Mention, own: str) -> bool:
        """Whether another organisation owns the name right after it: the CEO of Alibaba,
        the cloud unit at Tencent."""
        of = _OF_RE.match(self.text, mention.end)
        if not of:
            return False
        k = bisect.bisect_left(self.ref_starts, of.end())
        return k < len(self.refs) and self.refs[k][0] == of.end() and self.refs[k][2] != own


_OF_RE = re.compile(r"\s+(?:of|at|for|from)\s+(?:the\s+)?")
#: what follows an organisation written as another's possessive (商湯的對手, SenseTime's rival)
_POSSESSIVE_AFTER = re.compile(r"\s*(?:的|之|['’]s\b)")
#: what stands before an organisation that is not what its sentence is about (folded): the
#: one compared with or spoken of (Unlike SenseTime, CloudWalk…; a rival of SenseTime; 與商湯不同)
_NOT_SUBJECT_BEFORE = re.compile(r"(?:与|和|同|跟|较|比|于|对|向|及|或|、)$|\b(?:unlike|like|than|"
                                 r"with|of|to|and|as|from|versus|vs\.?|including)\s+$")
#: a pronoun written right before a post or unit (folded): 其CEO, 该公司的医疗业务, 公司前CEO,
#: its healthcare unit, the company's former CEO; never 尤其 / 极其 / 与其 ("especially")
_PRONOUN_BEFORE = re.compile(
    r"(?:(?<![尤极与])其|(?:该|本|此)(?:公司|集团)|(?<![\u3400-\u9fff])公司)"
    r"(?:的|之)?(?:前任|原任|现任|新任|前|原|现|新)?$"
    r"|\b(?:its|the\s+(?:company|group|firm)['’]s)\s+(?:(?:former|then|new|current)\s+)?$")
#: what follows a verb before its object or place (應用於, 聚焦于): the word before is a verb
_VERB_OBJECT = ("於", "于")


def _a_verb(key: str) -> bool:
    """Whether jieba's dictionary tags the folded word ``key`` a verb (应用, 聚焦; not 集团)."""
    entry = dictionary_entries(frozenset([key])).get(key)
    return entry is not None and entry[1] in ("v", "vn")
#: what stands between an owner and its post or unit written right after it: 's, 的, nothing
_ATTACHED = re.compile(r"(?:['’]s)?\s*|\s*(?:的|之)\s*")
#: the text between a name and the same name restated in brackets
_APPOSITION = re.compile(r"\s*[(（]\s*")


def _modifying(linker: Linker, text: str, found: list[Mention]) -> set[int]:
    """Starts of the generic Chinese mentions glued before a common noun of jieba's dictionary
    that is no generic head (应用 in 应用市场份额, 大模型 in 大模型用户数, not 医疗 in 医疗业务): a
    common word used to describe something else, not the name of a unit or product (unless
    its company is named before it in its clause: “日日新”大模型整体调用量)."""
    after: dict[int, list[str]] = {}
    for m in found:
        key = fold(m.text)
        if linker.is_generic(m) and not key.isascii() and _HAN_RE.match(key[-1]):
            nxt = fold(text[m.end:m.end + 3])
            after[m.start] = [nxt[:n] for n in (2, 3)
                              if len(nxt) >= n and all(_HAN_RE.match(c) for c in nxt[:n])]
    if not after:
        return set()
    entries = dictionary_entries(frozenset(w for ws in after.values() for w in ws))
    return {start for start, words in after.items() if any(
        w in entries and entries[w][0] >= _COMMON_FREQUENCY and entries[w][1].startswith("n")
        and w not in GENERIC_HEADS for w in words)}


#: English nouns a common word describes when written right before them (smart city projects,
#: generative AI applications): the kind of thing, not a unit's name (its business, unit, revenue)
_EN_DESCRIBED = frozenset("""
project projects programme programmes program programs application applications app apps
solution solutions product products service services market markets industry industries sector
sectors company companies firm firms start-up start-ups startup startups player players vendor
vendors customer customers client clients demand training development technology technologies
system systems platform platforms model models tool tools chip chips scenario scenarios
deployment deployments contract contracts surveillance field space era boom race wave adoption
use usage user users developer developers ecosystem capabilities features research
infrastructure investment investments spending craze frenzy hype bubble unicorns giants rivals
peers competitors provider providers maker makers
""".split())
#: jieba's tags of the common words that make a compound with a generic name after them
#: (行业应用, 通用大模型, 训练大模型): nouns, verbs, adjectives, distinguishing words
_COMPOUND_TAGS = ("n", "v", "a", "b")


def _glued_words(linker: Linker, text: str, found: list[Mention]) -> frozenset[str]:
    """The two and three Chinese characters right before and after each generic mention
    (folded): the words ``_modifying`` and ``_modified`` look up, searched for at once."""
    folded = fold(text)
    out = set()
    for m in found:
        if linker.is_generic(m) and not fold(m.text).isascii():
            for n in (2, 3):
                out.update(w for w in (folded[max(0, m.start - n):m.start], folded[m.end:m.end + n])
                           if len(w) == n and all(_HAN_RE.match(c) for c in w))
    return frozenset(out)


def _modified(linker: Linker, text: str, found: list[Mention]) -> set[int]:
    """Starts of the generic mentions written in one compound with a common word or another
    generic name (行业应用, AI应用, 大模型应用, 通用大模型: "applications of an industry", not the
    unit 应用; smart city projects, healthcare applications): a common noun, not the name of a
    unit or product. Only the names of ``_COMPOUND_HEADS`` (医疗 in 智慧医疗 is a business)."""
    folded = fold(text)
    generic = [m for m in found if linker.is_generic(m)]
    ends = {m.end for m in generic}
    starts = {m.start for m in generic if fold(m.text) in _COMPOUND_HEADS}
    before: dict[int, list[str]] = {}
    out = set()
    for m in generic:
        key = fold(m.text)
        if not key.isascii() and m.end in starts:
            out.add(m.start)  # 医疗大模型, 大模型应用: it describes the 大模型 or 应用 after it
            continue
        if key not in _COMPOUND_HEADS:
            continue
        if key.isascii():
            nxt = re.match(r"\s+([a-z][a-z-]*)", text[m.end:m.end + 30])
            prev = re.search(r"\b([a-z][a-z-]*)(\s+)$", folded[max(0, m.start - 30):m.start])
            if (nxt and nxt.group(1) in _EN_DESCRIBED) or (prev and (
                    m.start - len(prev.group(2)) in ends or
                    (common_english(prev.group(1)) and prev.group(1) not in _EN_FUNCTION))):
                out.add(m.start)
            continue
        if m.start in ends or folded[max(0, m.start - 2):m.start] == "ai":
            out.add(m.start)  # 大模型应用, AI应用: another generic name or "AI" describes it
            continue
        han = re.search(r"[\u3400-\u9fff]{2,3}$", folded[max(0, m.start - 3):m.start])
        if han:
            before[m.start] = [han.group()[-n:] for n in (2, 3) if len(han.group()) >= n]
    if before:
        entries = dictionary_entries(frozenset(w for ws in before.values() for w in ws))
        out |= {start for start, words in before.items() if any(
            w in entries and entries[w][0] >= _COMMON_FREQUENCY and
            entries[w][1].startswith(_COMPOUND_TAGS) and w not in _SELF for w in words)}
    return out


#: the generic names a compound makes a common noun of: applications, large models
_COMPOUND_HEADS = frozenset(fold(w) for w in (
    "应用", "應用", "大模型", "applications", "application", "large models", "large model",
    "smart city", "generative ai", "healthcare", "medical"))
#: English words before a name that are no describing word: determiners, pronouns, joiners
_EN_FUNCTION = frozenset("""a an the its their our his her my your this that these those and or
of in on at by for from with to as new own""".split())


def _references(linker: Linker, text: str, found: list[Mention],
                organisations: Iterable[tuple[int, int]]):
    """(start, end, key) of every organisation named in ``text``: ``e:`` + a company's id (its
    names, and the unambiguous names of what it owns), ``u:`` + the folded name of an unknown
    one; and start of a generic mention inside an organisation's name -> that organisation."""
    refs, inside = [], {}
    known = [m for m in found if not linker.is_generic(m)]
    starts = [m.start for m in found]
    for m in known:
        companies = {linker.company.get(e) for e in m.entities} - {None}
        if len(companies) == 1:
            refs.append((m.start, m.end, "e:" + companies.pop()))
    known_starts = [m.start for m in known]
    last_end = -1
    for start, end in sorted(set(organisations), key=lambda span: (span[0], -span[1])):
        if start < last_end:  # inside or across an organisation's name already taken
            continue
        last_end = end
        near = found[bisect.bisect_left(starts, start - 40):bisect.bisect_left(starts, end)]
        if any(start <= m.start and m.end < end and linker.is_generic(m) for m in near):
            continue  # 大模型公司: a generic name before the suffix makes a kind of company
        k = bisect.bisect_left(known_starts, start)
        overlap = [m for m in known[max(0, k - 1):k + 2] if m.start < end and start < m.end]
        if overlap:
            companies = {linker.company.get(e) for e in overlap[0].entities} - {None}
            key = "e:" + companies.pop() if len(companies) == 1 else None
        else:
            key = "u:" + fold(text[start:end])
            refs.append((start, end, key))
        for m in near:
            if m.start < end and start < m.end and linker.is_generic(m) and \
                    (m.start, m.end) != (start, end):
                inside[m.start] = key
    refs.sort()
    return refs, inside


#: jieba's tags of proper names: people, places, organisations, other names (腾讯 nz, 华为 nr)
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
#: a common noun this rare in jieba's dictionary may be a name (商汤 48, 大厂 69; not 旗下 577)
_RARE_NOUN = 100
#: a capitalised name right before a generic name, with 's (Tencent's CEO) or without (Alibaba CEO)
_EN_OWNER = re.compile(r"\b(?P<name>[A-Z][\w&-]*[A-Za-z0-9])(?P<s>['’]s)?\s+\Z")
#: what ends an owner's name before it: the stops of a name before a suffix, but 为 is a name's
#: too (华为的生成式AI业务)
_OWNER_STOPS = (_NAME_STOPS - frozenset("为為爲")) | frozenset(fold(c) for c in "着著过過说說")


def _possessive_owners(linker: Linker, text: str, found: list[Mention]) -> list[tuple[int, int]]:
    """``(start, end)`` of the organisations no suffix or proposal names that own a generic name
    written right after them: 騰訊的醫療業務, 依圖的醫療業務, 華為之生成式AI業務, Megvii's
    healthcare, and for posts glued too (阿里巴巴首席執行官, Alibaba CEO); and of every other place
    the text names them (曠視的醫療團隊 makes 曠視 an organisation in 商湯的對手曠視則加碼醫療
    too). A Chinese owner is two to four characters that are a name: not a word of jieba's
    dictionary, a proper name (nz, nr, ns...), or a rare noun; never a time word, pronoun or
    adjective (今年的, 其, 強大的), what a company calls itself (公司的), nor part of a known
    name (商湯 is known: its own reference)."""
    folded = fold(text)
    spans = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in spans]

    def overlaps(start: int, end: int) -> bool:
        k = bisect.bisect_left(starts, end)
        return k > 0 and spans[k - 1][1] > start

    cores: set[str] = set()
    latin: set[str] = set()
    for m in found:
        if not linker.is_generic(m):
            continue
        post = any(linker.classes.get(e) in POST_CLASSES for e in m.entities)
        owner = _EN_OWNER.search(text, max(0, m.start - 40), m.start)
        if owner and (owner.group("s") or post) and owner.group("name") not in _EN_STOP and \
                not common_english(owner.group("name").lower()):
            latin.add(owner.group("name"))
        core = _han_owner(folded, m.start, post, overlaps)
        if core:
            cores.add(core)
    names = {fold(name) for name in latin} | _han_names(cores)
    if not names:
        return []
    # one scan for all of them (a text names many owners: still linear in its length)
    pattern = re.compile(_trie_regex(names))
    return [match.span() for match in pattern.finditer(folded) if not overlaps(*match.span())]


def _han_owner(folded: str, start: int, post: bool, overlaps) -> str | None:
    """The Chinese characters written as the owner of the generic name at ``start`` (folded): up
    to four before 的 or 之 (or, before a post, glued or before its time word: 阿里巴巴前CEO)."""
    end = start
    if post:
        modifier = _POST_MODIFIERS.search(folded[max(0, end - 2):end])
        end -= len(modifier.group()) if modifier else 0
    if end > 0 and folded[end - 1] in "的之":
        end -= 1
    elif not post:
        return None
    begin = end
    while begin > 0 and end - begin < 4 and _HAN_RE.match(folded[begin - 1]) and \
            folded[begin - 1] not in _OWNER_STOPS and not overlaps(begin - 1, begin):
        begin -= 1
    core = folded[begin:end]
    if len(core) < 2 or core.endswith(_SELF + _PRONOUNS) or core in GENERIC_HEADS or \
            core in _GENERIC_CORES:
        return None
    return core


def _han_names(cores: set[str]) -> set[str]:
    """The ``cores`` that are names (a common word before one goes: 今年騰訊 -> 騰訊): neither
    they nor their last two characters are a word of jieba's dictionary other than a name or a
    rare noun (三大業務的, 即常說的, 冗餘的 are descriptions, not owners)."""
    if not cores:
        return set()
    entries = dictionary_entries(frozenset(cores) | frozenset(c[:2] for c in cores))
    trimmed = set()
    for core in cores:
        while len(core) >= 4 and (entries.get(core[:2]) or (0, ""))[0] >= _COMMON_FREQUENCY:
            core = core[2:]
        trimmed.add(core)
    entries = dictionary_entries(frozenset(trimmed) | frozenset(c[-2:] for c in trimmed))

    def name_like(word: str) -> bool:
        entry = entries.get(word)
        return entry is None or entry[1] in _NAME_TAGS or (entry[1] == "n" and entry[0] < _RARE_NOUN)

    return {core for core in trimmed if name_like(core) and name_like(core[-2:])}


def _foreign_before(text: str, start: int, clause_start: int, head: bool) -> bool:
    """Whether an organisation that is not known owns the name at ``start``: Alibaba's CEO,
    and for posts and heads Alibaba CEO, 阿里巴巴CEO (a name glued before it)."""
    before = _EN_POST_MODIFIERS.sub("", text[max(clause_start, start - 40):start])
    possessive = re.search(r"\b([A-Z][\w&.-]*)(?:'s|’s)\s*$", before)
    if possessive and possessive.group(1) not in _EN_STOP:
        return True
    if not head:
        return False
    word = re.search(r"\b([A-Z][\w&.-]*)\s+$", before)
    if word and word.group(1) not in _EN_STOP:
        return True
    # a post's time words stand between its company and it (瑞信中国前CEO, 阿里原董事长): the
    # name is what comes before them, and "Y的" (Y's) is Y's unless Y is the company itself
    core = _OF_HAN.sub("", _POST_MODIFIERS.sub("", before))
    if core and _HAN_RE.match(core[-1]) and fold(core[-1]) not in _JOINERS:
        han = fold(re.search(r"[\u3400-\u9fff]*$", core).group())
        if _ends_in_time_word(han):
            return False  # 到今年末集團: a time word glued before it names no company
        return not fold(core).endswith(_SELF + _PRONOUNS)
    return False


def _ends_in_time_word(han: str) -> bool:
    """Whether the Chinese characters ``han`` (folded) end in a time word, numeral, measure or
    pronoun of jieba's dictionary (今年末, 明年初, 目前) not made a name by a modifier or
    adjective before it (好未來)."""
    entries = dictionary_entries(frozenset({han[-3:], han[-2:], han[-3:-2]} - {""}))

    def function_word(word: str, floor: int = _WORD_FREQUENCY) -> bool:
        entry = entries.get(word) if len(word) >= 2 else None
        return entry is not None and entry[1] in _FUNCTION_TAGS and entry[0] >= floor

    if function_word(han[-3:], 1):  # a three-character time word is one, however rare (明年初)
        return True
    head = han[-3:-2]
    return function_word(han[-2:]) and not (head in _HAN_MODIFIERS or
                                            entries.get(head, (0, ""))[1] in {"a", "ag"})


#: the same in English: Credit Suisse's former CEO, Alibaba's then chief executive
_EN_POST_MODIFIERS = re.compile(r"\b(?:former|then|new|incoming|outgoing|ex-)\s*$", re.I)
#: time words of a post written between a company and it (前CEO, 原董事长, 时任总裁)
_POST_MODIFIERS = re.compile(r"(?:前任|原任|现任|現任|时任|時任|新任|首任|前|原|现|現|新)$")
#: a possessive between a company and its post or unit (阿里巴巴的CEO)
_OF_HAN = re.compile(r"(?:的|之)$")
#: words that point back to the company a text is about: its post, not another company's
_PRONOUNS = tuple(fold(w) for w in ("其", "该", "該", "本", "此", "我们", "我們", "他们", "他們"))


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
