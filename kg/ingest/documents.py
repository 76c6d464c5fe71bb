"""Ingesting a new document: store it as a source, link what is known, find figures, and
propose facts for review in a draft file (never merged into the graph automatically).

``kg ingest PATH`` reads a ``.txt``, ``.md`` or ``.html`` file and writes into ``data/sources/``:

- ``ID.txt`` (or ``ID.md``): the text, as given (line ends made LF, a byte-order mark dropped);
  for HTML, the text extracted from it, and the HTML itself beside it as ``ID.html``;
- ``ID.yaml``: its metadata, in the same form as every other source;
- ``ID.draft.yaml``: proposed entities (found by patterns and the jieba segmenter), proposed
  aliases of known entities (entity resolution: a name that is a known name plus a suffix),
  and figure statements, each with its evidence quote. Builds ignore ``*.draft.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.ingest.figures import FoundFigure
from kg.inputs.mentions import Linker, Mention
from kg.inputs.project import Project
from kg.inputs.sources import ID_RE, LANG_RE, Source, is_real_day
from kg.inputs.vocabulary import ASOF_RE, MULTIPLIERS, PERIOD_RE, Vocabulary
from kg.text import fold

KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "article",
               "section", "header", "footer", "blockquote", "pre", "table", "ul", "ol", "hr",
               "figcaption", "title"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}
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
class Document:
    """A document read from disk, before it is stored."""

    text: str
    kind: str  # txt | md | html
    title: str | None
    original: bytes | None = None  # the HTML as given


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


@dataclass
class IngestResult:
    """What ``ingest`` stored and found."""

    source: Source
    files: dict[str, Path]
    mentions: list[Mention]
    figures: list[FoundFigure]
    candidates: list[Candidate]
    draft: dict = field(default_factory=dict)
    year: int | None = None

    def linked(self) -> dict[str, int]:
        """entity id -> number of mentions, most mentioned first."""
        counts: dict[str, int] = {}
        for mention in self.mentions:
            for ident in mention.entities:
                counts[ident] = counts.get(ident, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.h1: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self._in.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._in:
            self.title.append(data)
        if self.skip:
            return
        if "h1" in self._in:
            self.h1.append(data)
        self.parts.append(data)


def read_document(path: Path) -> Document:
    """Read a .txt, .md or .html file as UTF-8 text (HTML: its visible text, by blocks)."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"{path.name}: kg ingest reads .txt, .md and .html files")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError("is a binary file, not UTF-8 text", path=path.name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"is not valid UTF-8 (byte {exc.start}); convert it to UTF-8",
                         path=path.name) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html":
        parser = _TextExtractor()
        parser.feed(text)
        parser.close()
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip()
                 for line in "".join(parser.parts).split("\n")]
        body = "\n".join(line for line in lines if line)
        title = " ".join("".join(parser.title).split()) or " ".join("".join(parser.h1).split())
        return Document(body + "\n", kind, title or None, original=data)
    title = None
    if kind == "md":
        match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
        title = match.group(1) if match else None
    return Document(text, kind, title)


def detect_language(text: str) -> str:
    """zh-Hant, zh-Hans or en, from the share of Han characters and how OpenCC changes them."""
    han = _HAN.findall(text)
    if len(han) < max(5, len(text) // 20):
        return "en"
    import opencc

    sample = "".join(han[:5000])
    to_simplified = sum(a != b for a, b in zip(sample, opencc.OpenCC("t2s").convert(sample)))
    to_traditional = sum(a != b for a, b in zip(sample, opencc.OpenCC("s2t").convert(sample)))
    return "zh-Hant" if to_simplified > to_traditional else "zh-Hans"


def slug(text: str) -> str:
    """An id slug from a file name: lowercase ASCII letters, digits and single hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def ingest(project: Project | str, path: str | Path, *, ident: str | None = None,
           title: str | None = None, language: str | None = None, publisher: str | None = None,
           date: str | None = None, force: bool = False) -> IngestResult:
    """Store ``path`` as a source of ``project``, link mentions, detect figures, write a draft.

    Args:
        project: the project (or its directory).
        path: a .txt, .md or .html file.
        ident: the source id (default: a slug of the file name).
        title: the title (default: the HTML title, the first Markdown heading, or the first line).
        language: a BCP 47 tag (default: detected: zh-Hant, zh-Hans or en).
        publisher: id of a known entity that published it.
        date: publication date, YYYY-MM-DD; also the reference year of 今年 / this year.
        force: replace a source of the same id.

    Returns:
        What was stored and found.

    Raises:
        UsageError: unreadable kind of file, bad id, or the source exists (without ``force``).
        InputError: the text or the project's inputs are malformed.
    """
    from kg.ingest.coverage import reference_year
    from kg.ingest.figures import detect_figures
    from kg.inputs.corpus import load_inputs
    from kg.inputs.sources import load_source

    if not isinstance(project, Project):
        project = Project.open(project)
    path = Path(path)
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"file name {path.name!r} is not UTF-8; rename the file") from None
    doc = read_document(path)
    ident = ident or slug(path.stem)
    if not ident or not ID_RE.match(ident):
        raise UsageError(f"cannot make an id from '{path.name}'; give one with --id "
                         "(lowercase ASCII letters, digits, hyphens)")
    if language is not None and not LANG_RE.match(language):
        raise UsageError(f"language '{language}' is not a BCP 47 tag (e.g. zh-Hans)")
    if date is not None and not is_real_day(date):
        raise UsageError(f"--date '{date}' for {path.name} is not a real day; give --date "
                         "YYYY-MM-DD (e.g. 2024-10-25)")
    if not doc.text.strip():
        raise InputError("has no text", path=path.name)
    sources_dir = project.data_dir / "sources"
    meta_path = sources_dir / f"{ident}.yaml"
    inputs = load_inputs(project)
    if ident in inputs.sources and not force:
        raise UsageError(f"source '{ident}' exists already; pass --force to replace it, or "
                         "--id to give this one another id")
    if publisher is not None and publisher not in inputs.facts.entities:
        raise UsageError(f"publisher '{publisher}' is not a known entity id")
    text_name = f"{ident}.md" if doc.kind == "md" else f"{ident}.txt"
    title = title or doc.title or _first_line(doc.text)
    language = language or detect_language(doc.text)
    files: dict[str, bytes] = {text_name: doc.text.encode("utf-8")}
    if doc.original is not None:
        files[f"{ident}.html"] = doc.original
    # every value quoted: a plain 2024, yes, null or 0x10 would not read back as the id
    meta = [f"id: {_quote(ident)}", f"file: {_quote(text_name)}", f"title: {_quote(title)}"]
    if publisher:
        meta.append(f"publisher: {_quote(publisher)}")
    meta.append(f"language: {_quote(language)}")
    meta.append(f"date: {_quote(date) if date else 'null'}")
    if doc.kind == "html":
        meta.append(f"note: {_quote('Text extracted from ' + ident + '.html by kg ingest.')}")
    meta.append(f"original_name: {_quote(path.name)}")
    files[meta_path.name] = ("\n".join(meta) + "\n").encode("utf-8")

    from kg.rdfio.files import write_atomic

    written: dict[str, Path] = {}
    for name, data in files.items():
        write_atomic(sources_dir / name, data)
        written[name] = sources_dir / name
    try:
        source = load_source(meta_path, project.rel)
    except Exception as exc:
        for target in written.values():
            target.unlink(missing_ok=True)
        if isinstance(exc, InputError):  # its file is gone now: name the one given instead
            raise InputError(f"cannot be stored as source '{ident}': {exc.detail}",
                             path=path.name) from None
        raise
    linker = Linker.from_entities(inputs.facts.entities.values())
    mentions = linker.find(source.text)
    year = reference_year(source)
    figures = detect_figures(source.text, year=year, sentences=source.sentences)
    candidates = propose_entities(source.text, mentions, linker, figures)
    draft = make_draft(source, inputs.facts.entities, mentions, figures, candidates,
                       vocabulary=inputs.ontology.vocabulary)
    draft_path = sources_dir / f"{ident}.draft.yaml"
    write_atomic(draft_path, dump_draft(draft, source))
    written[draft_path.name] = draft_path
    return IngestResult(source=source, files=written, mentions=mentions, figures=figures,
                        candidates=candidates, draft=draft, year=year)


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "untitled")
    line = re.sub(r"^#+\s*", "", line)
    return line if len(line) <= 120 else line[:119] + "…"


# what a YAML double-quoted scalar cannot hold as it is: C0 and C1 controls, DEL, surrogates,
# U+FFFE/U+FFFF (not printable), and NEL, U+2028, U+2029 (line breaks, read back as spaces)
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as ``text``."""
    import json

    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


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

    if _HAN.search(text):
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
        if flag not in _NAME_FLAGS or not (_HAN.search(word) or flag == "eng"):
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
            if _HAN.search(run[first_suffix - 1][0]) or run[first_suffix - 1][1] == "eng":
                yield name, run[head][2], cls, "jieba+suffix"
        for word, flag, start in run:
            if flag in {"nr", "nrfg"} and 2 <= len(word) <= 4 and _HAN.fullmatch(word[0]):
                yield word, start, "Person", "jieba"
            elif flag in {"nt", "nz"} and len(word) >= 2:
                yield word, start, "Company", "jieba"
            elif flag == "eng" and re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]*)*", word) and \
                    len(word) >= 3:
                yield word, start, "Product", "jieba"
        i = j + 1


# ---------------------------------------------------------------------------- the draft file


def make_draft(source: Source, entities: dict, mentions: list[Mention],
               figures: list[FoundFigure], candidates: list[Candidate], *,
               vocabulary: Vocabulary) -> dict:
    """The draft facts for a person to review: a dict in (nearly) the fact-file format, in
    the project's fact ``vocabulary`` (what it lacks goes into the figure's notes)."""
    import opencc

    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    linked: dict[str, dict] = {}
    for m in mentions:
        for ident in m.entities:
            entry = linked.setdefault(ident, {"count": 0, "as_written": []})
            entry["count"] += 1
            if m.text not in entry["as_written"]:
                entry["as_written"].append(m.text)
    proposed, aliases, used = [], [], set()
    for c in candidates:
        quote = _unique_quote(source, c.start, c.end)
        if c.alias_of:
            aliases.append({"id": _free_id(f"{c.alias_of}-alias-{len(aliases) + 1}", entities,
                                           used),
                            "entity": c.alias_of, "alias": c.name,
                            "lang": _lang_of(c.name, source.language), **quote,
                            "found_by": c.found_by})
            continue
        ident = _free_id(slug(c.name) if c.name.isascii() else f"candidate-{len(proposed) + 1}",
                         entities, used)
        han = bool(_HAN.search(c.name))
        label = {"zh-Hant": s2t.convert(c.name) if han else "TODO",
                 "zh-Hans": t2s.convert(c.name) if han else "TODO",
                 "en": "TODO" if han else c.name}
        proposed.append({"id": ident, "class": c.cls, "label": label, "mentions": c.count,
                         "found_by": c.found_by, **quote})
    names = {p["id"]: c.name for p, c in zip(proposed, [c for c in candidates
                                                           if not c.alias_of])}
    statements = []
    levels = [f for f in figures if not f.is_change]
    changes_of: dict[int, FoundFigure] = {}
    for f in figures:
        if not f.is_change:
            continue
        level = _level_for(source.text, f, levels)
        if level is not None and id(level) not in changes_of:
            changes_of[id(level)] = f
    attached = {id(c) for c in changes_of.values()}
    for n, f in enumerate(figures, 1):
        if id(f) in attached:
            continue
        change = changes_of.get(id(f))
        start = min(f.start, change.start) if change else f.start
        end = max(f.end, change.end) if change else f.end
        statements.append(_figure_entry(source, f, change, start, end, mentions, entities,
                                        f"{source.id}-figure-{n}", vocabulary, names))
    draft = {"source": source.id, "linked": linked, "entities": proposed,
             "resolutions": aliases, "figures": statements}
    return draft


def _lang_of(name: str, default: str) -> str:
    if not _HAN.search(name):
        return "en"
    return default if default.startswith("zh") else "zh-Hans"


def _free_id(base: str, entities: dict, used: set) -> str:
    base = base or "candidate"
    ident, n = base, 2
    while ident in entities or ident in used:
        ident, n = f"{base}-{n}", n + 1
    used.add(ident)
    return ident


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    stops = ",，;；。!！?？\n"
    a = start
    while a > 0 and text[a - 1] not in stops:
        a -= 1
    b = end
    while b < len(text) and text[b] not in stops:
        b += 1
    while a < b and text[a].isspace():
        a += 1
    return a, b


def _unique_quote(source: Source, start: int, end: int) -> dict:
    """The clause around a span as an exact quote, with its occurrence when not unique."""
    return _quote_between(source, *_clause(source.text, start, end))


def _quote_between(source: Source, a: int, b: int) -> dict:
    """``text[a:b]`` as a fact-file quote, with its occurrence when it is not unique."""
    quote = source.text[a:b].strip()
    starts = [m.start() for m in re.finditer(re.escape(quote), source.text)]
    out = {"quote": quote}
    if len(starts) > 1:
        out["occurrence"] = starts.index(a) + 1 if a in starts else 1
    return out


def _level_for(text: str, change: FoundFigure, levels: list[FoundFigure]) -> FoundFigure | None:
    """The amount a percentage change belongs to: just before it ("17.4億元,同比增長21%") or
    just after it with 至 / to ("減少7.7%至7.34億元")."""
    before = [f for f in levels if f.end <= change.start and change.start - f.end <= 12
              and not re.search(r"[。;；\n]", text[f.end:change.start])]
    if before:
        return before[-1]
    after = [f for f in levels if f.start >= change.end and f.start - change.end <= 3
             and re.match(r"\s*(?:至|到|to)\s*$", text[change.end:f.start])]
    return after[0] if after else None


def _figure_entry(source: Source, f: FoundFigure, change: FoundFigure | None, start: int,
                  end: int, mentions: list[Mention], entities: dict, ident: str,
                  vocabulary: Vocabulary, proposed: dict[str, str] | None = None) -> dict:
    sentence = source.sentence_at(start)
    clause_start, _ = _clause(source.text, start, start)
    before = [m for m in mentions if sentence.start <= m.start < start]
    metric = next((m.entities[0] for m in reversed(before) if m.start >= clause_start
                   and entities[m.entities[0]].cls == "Metric"), "TODO")
    # the subject: the nearest known entity (not a metric, post or source) or proposed entity
    named = [(m.start, m.entities[0]) for m in before
             if entities[m.entities[0]].cls not in ("Metric", "Post", "AnonymousSource",
                                                    "MediaOutlet", "StrategyComponent")]
    for candidate, name in (proposed or {}).items():
        at = source.text.rfind(name, sentence.start, start)
        if at >= 0:
            named.append((at, candidate))
    subject = max(named)[1] if named else "TODO"
    entry: dict = {"id": ident, "subject": subject, "metric": metric}
    notes = []
    level = f if not f.is_change else None
    if level is not None:
        if f.value is not None:
            entry["value"] = _plain(f.value)
        else:
            entry["value_min"], entry["value_max"] = _plain(f.value_min), _plain(f.value_max)
        if f.multiplier_text:
            if f.multiplier_text.lower() in MULTIPLIERS:
                entry["multiplier"] = f.multiplier_text.lower() if f.multiplier_text.isascii() \
                    else f.multiplier_text
            else:
                notes.append(f"multiplier {f.multiplier_text} = {f.multiplier}")
        unit = _written(vocabulary.units, f.unit)
        if unit is not None:
            entry["unit"] = unit
        elif f.unit_text:
            notes.append(f"unit as written: {f.unit_text}")
        if f.qualifier in vocabulary.qualifiers:
            entry["qualifier"] = f.qualifier
        elif f.qualifier:
            notes.append(f"qualifier: {f.qualifier}")
    period = f.period or (change.period if change else None)
    if period is not None:
        if period.as_of and ASOF_RE.match(period.key):
            entry["as_of"] = period.key
        elif PERIOD_RE.match(period.key):
            entry["period"] = period.key
        else:
            notes.append(f"period: {period.text} ({period.key})")
        if period.inferred:
            notes.append(f"the year of '{period.text}' is inferred")
    pct = change if change else (f if f.is_change else None)
    if pct is not None:
        if pct.direction in vocabulary.directions and "%" in vocabulary.units:
            c: dict = {"value": _plain(pct.value) if pct.value is not None else
                       _plain(pct.value_min), "unit": "%", "direction": pct.direction}
            if pct.basis in vocabulary.bases:
                c["basis"] = pct.basis
            elif pct.compared_to is not None and PERIOD_RE.match(pct.compared_to.key):
                c["since"] = pct.compared_to.key
            if pct.qualifier in vocabulary.qualifiers:
                c["qualifier"] = pct.qualifier
            entry["change"] = c
        else:
            notes.append(f"change {pct.text}: {pct.direction}")
    entry.update(_unique_quote_span(source, start, end))
    entry["sentence"] = sentence.index
    if f.normalized is not None:
        entry["normalized"] = format(f.normalized.normalize(), "f")
    if notes:
        entry["note"] = "; ".join(notes)
    return entry


def _written(table: dict, name: str | None) -> str | None:
    """How a fact file writes the vocabulary term with local name ``name``, if it has one."""
    return next((written for written, term in table.items() if term.name == name), None)


def _unique_quote_span(source: Source, start: int, end: int) -> dict:
    a, _ = _clause(source.text, start, start)
    _, b = _clause(source.text, end, end)
    return _quote_between(source, a, b)


def _plain(value):
    text = format(value.normalize(), "f")
    return int(text) if "." not in text else float(text)


def dump_draft(draft: dict, source: Source) -> bytes:
    """The draft as YAML with a header telling a reviewer what to do with it."""
    import yaml

    header = (f"# DRAFT facts proposed by `kg ingest` for source {source.id}: review every item.\n"
              "# Nothing here is in the graph: builds skip *.draft.yaml. Move what is right into a\n"
              "# fact file in data/facts/ (format: docs/model.md), replacing TODO, and drop the\n"
              "# review-only keys (linked, mentions, found_by, sentence, normalized).\n"
              "# resolutions: names that are a known entity's name plus a suffix; an accepted one\n"
              "# becomes a skos:altLabel of that entity, with its quote as evidence.\n")
    body = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    return (header + body).encode("utf-8")


def report_dict(result: IngestResult) -> dict:
    """What ``kg ingest --format json`` prints."""
    source = result.source
    return {
        "source": source.id, "language": source.language, "title": source.title,
        "sentences": len(source.sentences), "reference_year": result.year,
        "files": sorted(result.files),
        "mentions": [{"start": m.start, "end": m.end, "text": m.text, "entities": list(m.entities)}
                     for m in result.mentions],
        "linked": result.linked(),
        "figures": [f.as_dict() for f in result.figures],
        "proposed_entities": [c.name for c in result.candidates if not c.alias_of],
        "proposed_aliases": [{"entity": c.alias_of, "alias": c.name}
                             for c in result.candidates if c.alias_of],
        "draft": f"data/sources/{source.id}.draft.yaml",
    }


def format_report(result: IngestResult) -> str:
    """What ``kg ingest`` prints: what is stored, linked, found and proposed."""
    source = result.source
    lines = [f"ingested {source.label} as source {source.id} ({source.language}, "
             f"{len(source.sentences)} sentences, {len(source.text)} characters)"]
    linked = result.linked()
    lines.append(f"linked {len(result.mentions)} mentions of {len(linked)} known entities:")
    for ident, count in linked.items():
        written = sorted({m.text for m in result.mentions if ident in m.entities})
        lines.append(f"  {ident:<32} {count:>3}  {' / '.join(written)}")
    lines.append(f"found {len(result.figures)} figures:")
    for f in result.figures:
        d = f.as_dict()
        value = d.get("normalized") or f"{d.get('value_min')}-{d.get('value_max')}"
        change = f" {f.direction}" + (f" {f.basis}" if f.basis else "") if f.direction else ""
        when = ("as of " if d.get("as_of") else "") + (d.get("period") or "no period")
        lines.append(f"  {f.text:<28} = {value} {f.unit or f.unit_text or ''}{change} ({when})")
    new = [c for c in result.candidates if not c.alias_of]
    aliases = [c for c in result.candidates if c.alias_of]
    lines.append(f"proposed {len(new)} new entities ({', '.join(c.name for c in new) or '-'}), "
                 f"{len(aliases)} aliases of known entities and "
                 f"{len(result.draft.get('figures', []))} figure "
                 f"statements for review in data/sources/{source.id}.draft.yaml")
    return "\n".join(lines) + "\n"
