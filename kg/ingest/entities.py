"""Entity proposals: names in a new text that look like organisations, people or products and
are not known yet, and names that are a known name plus a suffix (proposed aliases)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.documents import HAN
from kg.ingest.figures import FoundFigure
from kg.inputs.mentions import Linker, Mention
from kg.text import fold

# name suffixes: a run of name-like tokens ending in one of these is a candidate organisation
_ORG_SUFFIXES = {"雲": "Company", "云": "Company", "科技": "Company", "集團": "Company",
                 "集团": "Company", "智能": "Company", "AI": "Company", "事業羣": "BusinessGroup",
                 "事业群": "BusinessGroup", "事業群": "BusinessGroup", "事業部": "BusinessGroup",
                 "事业部": "BusinessGroup", "實驗室": "Department", "实验室": "Department",
                 "研究院": "Department"}
_SUFFIX_PIECES = {"雲", "云", "科技", "集團", "集团", "智能", "AI", "事業", "事业", "羣", "群", "部",
                  "實驗室", "实验室", "研究院"}
# a person named after a title and before a verb of saying: 创始人王海峰表示
_PERSON_RE = re.compile(r"(?:创始人|創始人|董事长|董事長|总裁|總裁|首席执行官|首席執行官|CEO|总经理|總經理|"
                        r"执行主席|執行主席|主席|副总裁|副總裁)(?P<name>[\u4e00-\u9fff]{2,3}?)"
                        r"(?=表示|称|稱|说|說|认为|認為|認爲|指出|透露|介绍|介紹|[,，、。])")
_NAME_FLAGS = {"n", "nr", "nrt", "nz", "nt", "ns", "eng", "nrfg", "j", "l"}
_GENERIC = {"公司", "人工智能", "企业", "企業", "科技公司", "集团", "集團", "平台", "平臺", "业务",
            "業務", "服务", "服務", "市场", "市場"}
_EN_NAME = re.compile(r"\b(?:[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]+)(?:[ -](?:[A-Z][A-Za-z]+|AI))*"
                      r"(?:\s+(?:Inc\.?|Ltd\.?|Group|Cloud|AI|Labs?|Technology|Technologies))?")
_EN_ORG = re.compile(r"\b(?:Inc\.?|Ltd\.?|Group|Cloud|AI|Labs?|Technology|Technologies|Bank|"
                     r"Capital|University)$")
_EN_STOP = {"The", "This", "That", "These", "Those", "In", "On", "At", "By", "For", "From", "As",
            "It", "Its", "Our", "We", "But", "And", "Or", "If", "When", "While", "With",
            "After", "Before", "According", "Since", "Over", "Chinese", "China", "Some", "Still",
            "A", "An", "Meanwhile", "However", "Revenue", "January", "February", "March", "April",
            "May", "June", "July", "August", "September", "October", "November", "December",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mr",
            "Ms", "He", "She", "They", "Also", "Both", "Each", "More", "Most", "Last",
            "First", "Second", "Third", "Group", "AI", "CEO", "GPU", "GPUs", "Hong", "Kong"}


@dataclass
class Candidate:
    """A proposed new entity, or a proposed alias of a known one (``alias_of``)."""

    name: str
    cls: str
    start: int
    end: int
    count: int = 1
    found_by: str = "pattern"
    alias_of: str | None = None


def propose_entities(text: str, mentions: list[Mention], linker: Linker,
                     figures: list[FoundFigure] = ()) -> list[Candidate]:
    """Names that look like organisations or people and are not known yet.

    Chinese: runs of name-like jieba tokens ending in an organisation suffix (雲, 科技, 智能,
    事業羣 / 事业群, ...), and the tokens jieba tags as person or organisation names. English:
    capitalised words and phrases not at the start of a sentence, or ending in Inc, Group,
    Cloud, AI, ... A name that is a known name plus a suffix (商汤科技) is proposed as an alias
    of that entity. Names inside a linked mention are skipped.
    """
    covered = [(m.start, m.end) for m in mentions]
    numbers = [(f.start, f.end) for f in figures]
    found: dict[str, Candidate] = {}

    def add(name: str, start: int, cls: str, how: str) -> None:
        name = name.strip()
        end = start + len(name)
        if len(name) < 2 or fold(name) in linker.by_key:
            return
        inside = [m for m in mentions if m.start <= start and end <= m.end]
        if inside or any(s < end and start < e for s, e in numbers):
            return
        alias_of = None
        head = [m for m in mentions if m.start == start and m.end < end]
        if head:  # a known name plus a suffix: propose it as an alias (entity resolution)
            alias_of = head[0].entities[0]
        elif any(s < end and start < e for s, e in covered):
            return
        key = fold(name)
        if key in found:
            found[key].count += 1
            return
        found[key] = Candidate(name, cls, start, end, found_by=how, alias_of=alias_of)

    if HAN.search(text):
        for match in _PERSON_RE.finditer(text):
            add(match.group("name"), match.start("name"), "Person", "pattern")
        for name, start, cls, how in _jieba_names(text):
            add(name, start, cls, how)
    for match in _EN_NAME.finditer(text):
        name = match.group()
        words = name.split()
        while words and words[0] in _EN_STOP:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        start = match.start() + match.group().index(words[0])
        sentence_start = start == 0 or re.search(r"(?:^|[.!?]\s+|\n)$", text[max(0, start - 3):start])
        org = _EN_ORG.search(name)
        if len(words) == 1 and not org and (sentence_start or not re.search(r"[A-Z].*[A-Z]|^[A-Z][a-z]{2,}$", name)):
            continue
        add(name, start, "Company" if org else "Person" if len(words) == 2 and
            all(w[0].isupper() and w[1:].islower() for w in words) and not org else "Company",
            "pattern")
    out = sorted(found.values(), key=lambda c: c.start)
    # a name that is the start of a longer candidate at the same place (云启 in 云启智能) goes
    return [c for c in out if not any(o is not c and o.start == c.start and o.end > c.end
                                      for o in out)]


def _jieba_names(text: str):
    """(name, start, class, found_by) from jieba's segmentation with part-of-speech tags."""
    import logging

    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(logging.WARNING)
    tokens, pos = [], 0
    for pair in posseg.cut(text):
        tokens.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    i = 0
    while i < len(tokens):
        word, flag, start = tokens[i]
        if flag not in _NAME_FLAGS or not (HAN.search(word) or flag == "eng"):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1][1] in _NAME_FLAGS | {"vn", "b"}:
            j += 1
        run = tokens[i:j + 1]
        # trim to the last suffix piece, keeping at most 3 tokens before the suffix
        k = len(run) - 1
        while k >= 0 and run[k][0] not in _SUFFIX_PIECES:
            k -= 1
        first_suffix = k
        while first_suffix - 1 >= 0 and run[first_suffix - 1][0] in _SUFFIX_PIECES:
            first_suffix -= 1
        if k >= 0 and first_suffix >= 1:
            # the name's core: the token before the suffix, and more before it up to 4
            # characters, never a generic word (公司, 人工智能) or a place name
            head = first_suffix - 1
            core = len(run[head][0])
            while head >= 1 and run[head - 1][0] not in _GENERIC and \
                    run[head - 1][1] not in {"ns", "m"} and core + len(run[head - 1][0]) <= 4:
                head -= 1
                core += len(run[head][0])
            name = "".join(w for w, _, _ in run[head:k + 1])
            suffix = "".join(w for w, _, _ in run[first_suffix:k + 1])
            cls = next((c for s, c in _ORG_SUFFIXES.items() if suffix.endswith(s)), "Company")
            if HAN.search(run[first_suffix - 1][0]) or run[first_suffix - 1][1] == "eng":
                yield name, run[head][2], cls, "jieba+suffix"
        for word, flag, start in run:
            if flag in {"nr", "nrfg"} and 2 <= len(word) <= 4 and HAN.fullmatch(word[0]):
                yield word, start, "Person", "jieba"
            elif flag in {"nt", "nz"} and len(word) >= 2:
                yield word, start, "Company", "jieba"
            elif flag == "eng" and re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]*)*", word) and \
                    len(word) >= 3:
                yield word, start, "Product", "jieba"
        i = j + 1
