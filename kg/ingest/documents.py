"""Reading a document from disk: .txt, .md or .html as UTF-8 text, its title and language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InputError, UsageError

KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "article",
               "section", "header", "footer", "blockquote", "pre", "table", "ul", "ol", "hr",
               "figcaption", "title"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}

#: the largest file ``kg ingest`` reads (an HTML page with its markup, scripts and styles)
MAX_FILE_BYTES = 8_000_000
#: the most characters of text one ingested source may have: about 130 pages of Chinese, ten
#: times a long feature article; a longer document is ingested in parts
MAX_TEXT_CHARS = 200_000


@dataclass
class Document:
    """A document read from disk, before it is stored."""

    text: str
    kind: str  # txt | md | html
    title: str | None
    original: bytes | None = None  # the HTML as given


class _TextExtractor(HTMLParser):
    """The visible text of an HTML page by blocks, its <title> and first <h1>.

    Open elements are kept as a stack and a count per tag name, so each start tag, end tag and
    piece of text costs the same however deeply the page nests (a scan of the stack per
    piece of text made 480 KB of nested tags take minutes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.h1: list[str] = []
        self._stack: list[str] = []
        self._open: dict[str, int] = {}  # tag -> how many of the stack's elements it names

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self._stack.append(tag)
        self._open[tag] = self._open.get(tag, 0) + 1

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if self._open.get(tag):  # close it and what was left open inside it
            while self._stack:
                top = self._stack.pop()
                self._open[top] -= 1
                if top == tag:
                    break

    def handle_data(self, data):
        if self._open.get("title"):
            self.title.append(data)
        if self.skip:
            return
        if self._open.get("h1"):
            self.h1.append(data)
        self.parts.append(data)


def read_document(path: Path, *, max_bytes: int | None = None,
                  max_chars: int | None = None) -> Document:
    """Read a .txt, .md or .html file as UTF-8 text (HTML: its visible text, by blocks).

    Raises:
        UsageError: not a .txt, .md or .html file, or no such file.
        InputError: not UTF-8 text, a file over ``max_bytes`` (default ``MAX_FILE_BYTES``) or a
            text over ``max_chars`` (default ``MAX_TEXT_CHARS``).
    """
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    max_chars = MAX_TEXT_CHARS if max_chars is None else max_chars
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"{path.name}: kg ingest reads .txt, .md and .html files")
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"is {size:,} bytes, over the {max_bytes:,}-byte limit of kg ingest; "
                         "split the document into parts", path=path.name)
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
        _check_length(body, path, max_chars)
        return Document(body + "\n", kind, title or None, original=data)
    _check_length(text, path, max_chars)
    title = None
    if kind == "md":
        match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
        title = match.group(1) if match else None
    return Document(text, kind, title)


def _check_length(text: str, path: Path, max_chars: int) -> None:
    if len(text) > max_chars:
        raise InputError(f"has {len(text):,} characters of text, over the {max_chars:,}-character "
                         "limit of one source; split the document into parts", path=path.name)


def detect_language(text: str) -> str:
    """zh-Hant, zh-Hans or en, from the share of Han characters and how OpenCC changes them."""
    han = HAN.findall(text)
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
