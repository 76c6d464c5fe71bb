"""Entity proposals: names in a new text that look like organisations, people or products and
are not known yet, and names that are a known name plus a suffix (proposed aliases)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.documents import HAN
from kg.ingest.figures import FoundFigure
from kg.inputs.mentions import Linker, Mention, find_organisations
from kg.text import fold

# name suffixes: a run of name-like tokens ending in one of these is a candidate organisation
_ORG_SUFFIXES = {"雲": "Company", "云": "Company", "科技": "Company", "集團": "Company",
                 "集团": "Company", "智能": "Company", "AI": "Company", "事業羣": "BusinessGroup",
                 "事业群": "BusinessGroup", "事業群": "BusinessGroup", "事業部": "BusinessGroup",
                 "事业部": "BusinessGroup", "實驗室": "Department", "实验室": "Department",
                 "研究院": "Department"}
_SUFFIX_PIECES = {"雲", "云", "科技", "集團", "集团", "智能", "AI", "事業", "事业", "羣", "群", "部",
                  "實驗室", "实验室", "研究院"}
_TITLES = (r"联合创始人|聯合創始人|创始人|創始人|董事长|董事長|董事会主席|董事會主席|执行主席|執行主席|"
           r"副总裁|副總裁|总裁|總裁|首席执行官|首席執行官|首席技术官|首席技術官|首席财务官|首席財務官|"
           r"CEO|CTO|CFO|COO|总经理|總經理|主席|院长|院長|负责人|負責人|合伙人|合夥人")
_SURNAMES = ("王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林高罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
             "曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖"
             "贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武"
             "戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿"
             "关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路"
             "游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連"
             "芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師"
             "和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池乐樂")
# a person named after a title: 创始人兼首席执行官王海峰表示, 董事長徐立
_PERSON_RE = re.compile(rf"(?:{_TITLES})(?:兼(?:{_TITLES}))*(?P<name>[{_SURNAMES}]"
                        r"[\u4e00-\u9fff]{1,2}?)(?=表示|称|稱|说|說|认为|認為|認爲|指出|透露|介绍|介紹|"
                        r"强调|強調|坦言|回应|回應|在|于|於|的|曾|也|就|已|将|將|对|對|向|兼|等|和|与|與|"
                        r"[^\u4e00-\u9fff]|$)")
_EN_TITLE_PERSON = re.compile(r"\b(?:[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|CEO|CTO|CFO|[Ff]ounder|"
                              r"[Cc]o-founder|[Cc]hairman|[Cc]hairwoman|[Pp]resident)(?:,)?\s+"
                              r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b")
# a product after a verb of launching: 推出“日日新”, 發布了SenseNova 5.5, launched Qwen
_PRODUCT_RE = re.compile(r"(?:推出|發布|发布|上线|上線|亮相|升级|升級)了?(?:新一代|全新|新版)?"
                         r"(?:[“「\"](?P<quoted>[^”」\"\n]{2,16})[”」\"]|"
                         r"(?P<latin>[A-Z][A-Za-z0-9-]+(?:[ ][0-9][0-9.]*|[ ][A-Z][A-Za-z0-9-]+)?))")
_EN_PRODUCT_RE = re.compile(r"\b(?:launched|unveiled|released|introduced)\s+(?:its\s+|a\s+|the\s+)?"
                            r"(?:new\s+)?(?P<latin>[A-Z][A-Za-z0-9-]+(?:[ ][0-9][0-9.]*)?)")
# what an organisation does or has right after its name: 华为推出, 谷歌的, 腾讯CEO
_ORG_AFTER = re.compile(r"(?:推出|發布|发布|宣布|旗下|財報|财报|營收|营收|股價|股价|市值|公司|集團|集团|"
                        r"收購|收购|投資|投资|入股|上市|裁員|裁员|董事長|董事长|創始人|创始人|總裁|总裁|"
                        rf"CEO|首席|雲|云|等(?:科技)?(?:公司|企業|企业|巨頭|巨头|廠商|厂商)|{_TITLES})")
_PERSON_AFTER = re.compile(r"(?:表示|称|稱|说|說|认为|認為|認爲|指出|透露|介绍|介紹|强调|強調|坦言|先生|女士)")
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
    """Names of organisations, people and products that are not known yet, with their class.

    Found by cues first: an organisation's suffix (云从科技, 腾讯集团, Alibaba Group; as
    ``kg.inputs.mentions.find_organisations``), a title before a person's name (董事長徐立, CEO
    Daniel Zhang), a verb of launching before a product (推出“日日新”); then by jieba's names,
    whose class is read from what follows them in the text (华为推出, 谷歌的CEO: an organisation;
    王海峰表示: a person) rather than from jieba's tag alone. A name that is a known name plus a
    suffix (商汤科技) is proposed as an alias of that entity. Names inside a linked mention, and
    fragments (part of a longer proposal or of a known name), are not proposed. ``count`` is
    how often the name occurs in the text.
    """
    numbers = [(f.start, f.end) for f in figures]
    found: dict[str, Candidate] = {}

    def add(name: str, start: int, cls: str, how: str) -> None:
        lead = len(name) - len(name.lstrip())
        name, start = name.strip(), start + lead
        end = start + len(name)
        if len(name) < 2 or fold(name) in linker.by_key or fold(name) in found:
            return
        if any(s < end and start < e for s, e in numbers):
            return
        overlapping = [m for m in mentions if m.start < end and start < m.end]
        alias_of = None
        if overlapping:
            head = overlapping[0]
            if not (head.start == start and head.end < end and len(overlapping) == 1):
                return
            alias_of = head.entities[0]  # a known name plus a suffix: an alias of it
        found[fold(name)] = Candidate(name, cls, start, end, found_by=how, alias_of=alias_of)

    for start, end in find_organisations(text):
        name = text[start:end]
        add(name, start, next((c for s, c in _ORG_SUFFIXES.items() if name.endswith(s)),
                              "Company"), "suffix")
    if HAN.search(text):
        for match in _PERSON_RE.finditer(text):
            add(match.group("name"), match.start("name"), "Person", "title")
        for match in _PRODUCT_RE.finditer(text):
            group = "quoted" if match.group("quoted") else "latin"
            add(match.group(group), match.start(group), "Product", "launch")
        for name, start, cls, how in _jieba_names(text):
            cls = _class_from_context(text, name, cls)
            if cls is not None:
                add(name, start, cls, how)
    for match in _EN_TITLE_PERSON.finditer(text):
        add(match.group("name"), match.start("name"), "Person", "title")
    for match in _EN_PRODUCT_RE.finditer(text):
        add(match.group("latin"), match.start("latin"), "Product", "launch")
    for name, start, cls in _english_names(text):
        add(name, start, cls, "pattern")
    folded = fold(text)
    for c in found.values():
        c.count = max(1, folded.count(fold(c.name)))
    return _without_fragments(sorted(found.values(), key=lambda c: c.start), text, mentions)


def _without_fragments(candidates: list[Candidate], text: str,
                       mentions: list[Mention]) -> list[Candidate]:
    """The candidates that are not fragments: a name goes when every one of its occurrences
    is inside a longer candidate or a known name (云从 in 云从科技; not 华为 beside 华为云)."""
    folded = fold(text)
    found = {id(c): _occurrences(folded, fold(c.name)) for c in candidates}
    out = []
    for c in candidates:
        if c.alias_of is None:
            longer = [span for o in candidates if len(o.name) > len(c.name)
                      for span in found[id(o)]] + [(m.start, m.end) for m in mentions]
            if all(any(s <= start and end <= e for s, e in longer)
                   for start, end in found[id(c)]):
                continue
        out.append(c)
    return out


def _occurrences(folded: str, key: str) -> list[tuple[int, int]]:
    out, at = [], folded.find(key)
    while at >= 0:
        out.append((at, at + len(key)))
        at = folded.find(key, at + len(key))
    return out


def _class_from_context(text: str, name: str, cls: str) -> str | None:
    """The class that the words around ``name`` give it: an organisation when one of its
    occurrences is followed by what organisations do (推出, 旗下, 的CEO, 等公司), a person when
    followed by a verb of saying or preceded by a title; ``None`` for a person's name that
    has neither (jieba's tag alone is weak)."""
    org = person = False
    for match in re.finditer(re.escape(name), text):
        after = text[match.end():match.end() + 12]
        after = re.sub(r"^(?:[、,，和与與及][^、,，。]{1,8}?)*(?=等)", "", after)
        if _ORG_AFTER.match(after) or re.match(r"的(?:CEO|首席|董事|創始人|创始人|總裁|总裁)", after):
            org = True
        if _PERSON_AFTER.match(after) or re.search(rf"(?:{_TITLES})$", text[:match.start()]):
            person = True
    if org and not person:
        return "Company"
    if person and not org:
        return "Person"
    if cls == "Person":
        return None
    return cls


def _english_names(text: str):
    """(name, start, class) of capitalised English names not at the start of a sentence, or
    ending in Inc, Group, Cloud, AI..."""
    for match in _EN_NAME.finditer(text):
        name = match.group()
        words = name.split()
        while words and words[0] in _EN_STOP:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        start = match.start() + match.group().index(words[0])
        sentence_start = start == 0 or re.search(r"(?:^|[.!?]\s+|\n)$",
                                                 text[max(0, start - 3):start])
        org = _EN_ORG.search(name)
        if len(words) == 1 and not org and (sentence_start or not re.search(
                r"[A-Z].*[A-Z]|^[A-Z][a-z]{2,}$", name)):
            continue
        person = len(words) == 2 and all(w[0].isupper() and w[1:].islower() for w in words)
        yield name, start, "Company" if org or not person else "Person"


def organisation_spans(text: str, candidates: list[Candidate]) -> list[tuple[int, int]]:
    """``(start, end)`` of every occurrence of the organisations proposed, and of the names
    that look like organisations by their suffix: the other companies a text names, for
    linking generic names (``kg.inputs.mentions.Linker.find``)."""
    spans = set(find_organisations(text))
    folded = fold(text)
    for c in candidates:
        if c.cls in {"Company", "BusinessGroup"} and not c.alias_of:
            spans.update(_occurrences(folded, fold(c.name)))
    return sorted(spans)


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
