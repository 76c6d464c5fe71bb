"""Quality and speed of ingest: mention linking and figure detection.

Quality: recall and precision on the hand-labelled test articles (``benchmarks/gold/ingest.yaml``,
articles in ``tests/articles/``), against the seed project's known entities.

* a predicted mention is right when (text as written, entity) matches a gold mention (as
  multisets: each gold mention counts once);
* a figure is *found* when its text and normalised value match a gold figure, and *fully
  right* when its unit and period (``asof-`` for as-of moments) match too.

Speed: linking time on long documents (the seed article repeated up to ~1.6 M characters), with
the single trie-shaped regular expression of kg.inputs.mentions, against a naive baseline that tries
every name at every position (longest first), on the shorter sizes only.

HTML: reading pages of nested tags (``<b>商<b>商...``, every piece of text one element deeper) of 30 KB to 480 KB with kg.ingest.documents' extractor, against
the extractor it replaced (which scanned the list of open elements for each piece of text), on
the shorter sizes only: ``--html-baseline`` also runs it at 480 KB (minutes).

Corpus: ``kg ingest FOLDER`` (one process, as a user runs it) on 100 articles made from the test
articles (each varied: its figures shifted, a line naming it added, so none duplicates
another) into a copy of the project: the time per article and the process's peak memory;
then the duplicate check against 3,000 sources.

    python benchmarks/bench_ingest.py [quality] [speed] [html] [corpus] [--html-baseline]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _prf(tp: int, predicted: int, gold: int) -> str:
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    return f"precision {p:.2f} ({tp}/{predicted})  recall {r:.2f} ({tp}/{gold})"


def quality() -> None:
    import yaml

    from kg.ingest.coverage import reference_year
    from kg.ingest.documents import read_document
    from kg.ingest.figures import detect_figures
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project
    from kg.inputs.sources import Source, split_sentences

    inputs = load_inputs(Project.open(ROOT))
    linker = Linker.from_entities(inputs.facts.entities.values())
    gold = yaml.safe_load((ROOT / "benchmarks" / "gold" / "ingest.yaml").read_text("utf-8"))
    totals = Counter()
    for article in gold["articles"]:
        doc = read_document(ROOT / "tests" / "articles" / article["file"])
        source = Source(id="x", path=Path(article["file"]), label=article["file"],
                        text=doc.text, title="", language="", meta={})
        source.sentences = split_sentences(doc.text)
        mentions = Counter((m.text, e) for m in linker.find(doc.text) for e in m.entities)
        gold_mentions = Counter(tuple(m) for m in article["mentions"])
        tp = sum((mentions & gold_mentions).values())
        print(f"{article['file']}")
        print(f"  linking           {_prf(tp, sum(mentions.values()), sum(gold_mentions.values()))}")
        for (text, entity), n in sorted((mentions - gold_mentions).items()):
            print(f"    wrong: {text} -> {entity}" + (f" x{n}" if n > 1 else ""))
        for (text, entity), n in sorted((gold_mentions - mentions).items()):
            print(f"    missed: {text} -> {entity}" + (f" x{n}" if n > 1 else ""))
        figures = detect_figures(doc.text, year=reference_year(source), sentences=source.sentences)
        found = Counter()
        full = Counter()
        for f in figures:
            d = f.as_dict()
            value = d.get("normalized") or d.get("value_min")
            period = (("asof-" if d.get("as_of") else "") + d["period"]) if d.get("period") \
                else None
            found[(f.text, value)] += 1
            full[(f.text, value, f.unit, period)] += 1
        gold_found = Counter((g[0], g[1]) for g in article["figures"])
        gold_full = Counter((g[0], g[1], g[2], str(g[3]) if g[3] is not None else None)
                            for g in article["figures"])
        tp_found = sum((found & gold_found).values())
        tp_full = sum((full & gold_full).values())
        print(f"  figures found     {_prf(tp_found, len(figures), len(article['figures']))}")
        print(f"  ...unit & period  {_prf(tp_full, len(figures), len(article['figures']))}")
        for key, _n in sorted((gold_full - full).items(), key=str):
            print(f"    missed or wrong: {key}")
        totals.update(mention_tp=tp, mention_pred=sum(mentions.values()),
                      mention_gold=sum(gold_mentions.values()), fig_tp=tp_found,
                      fig_full=tp_full, fig_pred=len(figures), fig_gold=len(article["figures"]))
    print("all articles")
    print(f"  linking           {_prf(totals['mention_tp'], totals['mention_pred'], totals['mention_gold'])}")
    print(f"  figures found     {_prf(totals['fig_tp'], totals['fig_pred'], totals['fig_gold'])}")
    print(f"  ...unit & period  {_prf(totals['fig_full'], totals['fig_pred'], totals['fig_gold'])}")


def _naive(names: dict[str, list], text: str) -> int:
    from kg.inputs.mentions import fold

    folded, keys = fold(text), sorted(names, key=len, reverse=True)
    longest = max(map(len, keys))
    by_len = [set(k for k in keys if len(k) == n) for n in range(longest + 1)]
    count, i = 0, 0
    while i < len(folded):
        for n in range(min(longest, len(folded) - i), 0, -1):
            if folded[i:i + n] in by_len[n]:
                count += 1
                i += n
                break
        else:
            i += 1
    return count


def speed() -> None:
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project

    inputs = load_inputs(Project.open(ROOT))
    started = time.perf_counter()
    linker = Linker.from_entities(inputs.facts.entities.values())
    compile_ms = (time.perf_counter() - started) * 1000
    print(f"linker: {len(linker.by_key)} folded names, compiled in {compile_ms:.1f} ms")
    text = inputs.sources["sensetime-layoffs-2024"].text
    for copies in (1, 10, 100, 500):
        doc = (text + "\n") * copies
        started = time.perf_counter()
        mentions = linker.find(doc)
        trie = time.perf_counter() - started
        line = (f"  {len(doc):>9,} chars: {len(mentions):>7,} mentions in {trie * 1000:8.1f} ms "
                f"({len(doc) / trie / 1e6:5.2f} M chars/s)")
        if copies <= 100:
            started = time.perf_counter()
            _naive(linker.by_key, doc)
            naive = time.perf_counter() - started
            line += f"; naive every-name-at-every-position: {naive * 1000:8.1f} ms " \
                    f"(x{naive / trie:.1f})"
        print(line)


def figure_speed() -> None:
    """Figure and period detection (kg.ingest.figures) on the seed article repeated: the cost per
    10k characters stays flat when detection is linear in the text's length."""
    from kg.ingest.figures import detect_figures
    from kg.inputs.corpus import load_inputs
    from kg.inputs.project import Project

    text = load_inputs(Project.open(ROOT)).sources["sensetime-layoffs-2024"].text
    detect_figures(text, year=2024)  # the fold table and the patterns, once
    for copies in (1, 10, 100):
        doc = (text + "\n") * copies
        took = float("inf")
        for _ in range(3 if copies < 100 else 1):  # the best of three: the machine is shared
            started = time.perf_counter()
            figures = detect_figures(doc, year=2024)
            took = min(took, time.perf_counter() - started)
        print(f"  figures: {len(doc):>9,} chars: {len(figures):>6,} figures in "
              f"{took * 1000:8.1f} ms ({took * 1000 / len(doc) * 1e4:5.1f} ms per 10k chars)")



class _ListScanningExtractor:
    """The HTML extractor before it kept a count per open tag (for comparison only)."""

    @staticmethod
    def make():
        from html.parser import HTMLParser

        from kg.ingest.documents import _BLOCK_TAGS, _SKIP_TAGS

        class Extractor(HTMLParser):
            def __init__(self) -> None:
                super().__init__(convert_charrefs=True)
                self.parts, self.skip, self.title, self.h1, self._in = [], 0, [], [], []

            def handle_starttag(self, tag, attrs):
                self.skip += tag in _SKIP_TAGS
                if tag in _BLOCK_TAGS:
                    self.parts.append("\n")
                self._in.append(tag)

            def handle_endtag(self, tag):
                if tag in _SKIP_TAGS and self.skip:
                    self.skip -= 1
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

        return Extractor()


def nested_html(size: int) -> str:
    """About ``size`` bytes of HTML nested one element deeper for every piece of text."""
    unit = "<b>商"
    count = max(1, size // len(unit.encode()))
    return "<html><body><p>" + unit * count + "</b>" * count + "</p></body></html>"


def html(baseline_at_limit: bool = False) -> None:
    import tempfile

    from kg.ingest.documents import read_document

    print("HTML text extraction, nested tags (kg ingest's reader vs the list-scanning one):")
    with tempfile.TemporaryDirectory() as tmp:
        for kb in (30, 60, 120, 480):
            page = nested_html(kb * 1000)
            path = Path(tmp) / f"nested-{kb}.html"
            path.write_text(page, encoding="utf-8")
            started = time.perf_counter()
            doc = read_document(path, max_chars=10 ** 9)
            now = time.perf_counter() - started
            line = f"  {kb:>4} KB ({len(doc.text):>7,} chars of text): {now * 1000:9.1f} ms"
            if kb <= 120 or baseline_at_limit:
                old = _ListScanningExtractor.make()
                started = time.perf_counter()
                old.feed(page)
                old.close()
                before = time.perf_counter() - started
                line += f"; list-scanning: {before * 1000:10.1f} ms (x{before / now:.0f})"
            print(line)


def _varied(text: str, n: int) -> str:
    """``text`` with each number shifted by ``n`` and a closing line naming the variant."""
    import re

    shifted = re.sub(r"\d+", lambda m: str(int(m.group()) + n), text)
    return shifted.rstrip("\n") + f"\n(第{n}篇 / variant {n})\n"


def corpus(count: int = 100) -> None:
    import json
    import os
    import resource
    import shutil
    import subprocess
    import tempfile

    from kg.ingest.documents import KINDS

    articles = sorted(p for p in (ROOT / "tests" / "articles").iterdir()
                      if p.suffix.lower() in KINDS)
    with tempfile.TemporaryDirectory() as tmp:
        project, folder = Path(tmp) / "project", Path(tmp) / "articles"
        for name in ("data", "ontology", "queries"):
            shutil.copytree(ROOT / name, project / name)
        folder.mkdir()
        chars = 0
        for n in range(count):
            article = articles[n % len(articles)]
            text = _varied(article.read_text(encoding="utf-8"), n)
            (folder / f"{article.stem}-{n:03d}{article.suffix}").write_text(text, encoding="utf-8")
            chars += len(text)
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "kg", "ingest", str(folder), "--format",
                              "json", "-p", str(project)], capture_output=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        took = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if run.returncode != 0:
            print(run.stderr.decode())
            return
        data = json.loads(run.stdout)
    print(f"kg ingest of a folder of {count} articles ({chars:,} characters): {took:.1f} s, "
          f"{took / count * 1000:.0f} ms per article; peak memory {peak:.0f} MiB; "
          f"{data['ingested']} ingested, {data['duplicates']} duplicates, {data['errors']} errors")
    _duplicate_check(3000)


def _duplicate_check(sources: int) -> None:
    from kg.ingest.duplicates import TextIndex
    from kg.inputs.corpus import load_inputs
    from kg.inputs.project import Project

    seed = load_inputs(Project.open(ROOT)).sources["sensetime-layoffs-2024"].text

    class Text:
        def __init__(self, n):
            self.id, self.text = f"s{n}", _varied(seed, n)

    texts = [Text(n) for n in range(sources)]
    started = time.perf_counter()
    index = TextIndex.of_sources(texts)
    made = time.perf_counter() - started
    started = time.perf_counter()
    found = index.find(texts[1234].text.replace("。", "。\n"))
    missed = index.find(seed + "另一句。")
    look = time.perf_counter() - started
    print(f"duplicate check against {sources:,} sources ({sum(len(t.text) for t in texts):,} "
          f"characters): index {made * 1000:.0f} ms, two look-ups {look * 1000:.0f} ms "
          f"(found {found}, {missed} for a new text)")


if __name__ == "__main__":
    parts = [a for a in sys.argv[1:] if not a.startswith("--")] or ["quality", "speed", "figures",
                                                                    "html", "corpus"]
    for n, part in enumerate(parts):
        if n:
            print()
        if part == "html":
            html(baseline_at_limit="--html-baseline" in sys.argv)
        else:
            {"quality": quality, "speed": speed, "figures": figure_speed,
             "corpus": corpus}[part]()
