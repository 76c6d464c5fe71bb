"""`kg ingest PATH...`: folders and many files, duplicates, atomic registration, limits."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import ProgressBar, cli
from tests.conftest import ROOT, copy_project

# development articles, three companies (one known to the seed: 商汤 / SenseTime)
ZHIPU = ("智谱AI发布2024年上半年业绩,收入同比增长120%。\n"
         "智谱AI首席执行官张鹏表示,公司已与阿里云达成合作。\n"
         "截至2024年6月,智谱AI员工超过800人。\n")
MOONSHOT = ("月之暗面科技宣布完成新一轮融资,金额约10亿美元。\n"
            "月之暗面创始人杨植麟说,公司将加大在长文本模型上的投入。\n")
SENSETIME_TW = ("商湯科技今天宣布,2024年上半年生成式AI收入增長約200%。\n"
                "商湯科技董事長徐立表示,大裝置的算力規模已達20000 PetaFLOPS。\n")
SENSETIME_EN = ("<html><head><title>SenseTime expands its AI cloud</title></head><body>"
                "<h1>SenseTime expands its AI cloud</h1><p>SenseTime said on Tuesday its "
                "computing power reached 25000 PetaFLOPS as of August 2024.</p>"
                "<p>Xu Li, chief executive of SenseTime, said revenue rose 21% in 2024.</p>"
                "</body></html>")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _corpus(folder: Path) -> Path:
    """A folder of articles in sub-folders, with files that are no articles."""
    (folder / "2024" / "zh").mkdir(parents=True)
    (folder / "2024" / "zh" / "zhipu-h1.txt").write_text(ZHIPU, encoding="utf-8")
    (folder / "2024" / "moonshot.md").write_text("# 月之暗面融资\n\n" + MOONSHOT, encoding="utf-8")
    (folder / "2024" / "zh" / "sensetime-tw.TXT").write_text(SENSETIME_TW, encoding="utf-8")
    (folder / "a-sensetime-en.htm").write_text(SENSETIME_EN, encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "2024" / "list.csv").write_text("a,b\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(ZHIPU, encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text("x", encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _sources(project: Path) -> set[str]:
    return {p.stem for p in (project / "data" / "sources").glob("*.yaml")
            if not p.name.endswith(".draft.yaml")}


def test_a_folder_is_ingested_recursively_in_sorted_order(project, tmp_path):
    folder = _corpus(tmp_path / "articles")
    result = invoke("ingest", str(folder), "-p", str(project))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar on a pipe, no warnings
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["file", "source", "language", "chars", "links", "figures",
                                "entities", "relations", "proposed", "figures"]
    rows = [line.split() for line in lines[1:5]]
    assert [r[0] for r in rows] == [str(folder / "2024" / "moonshot.md"),
                                    str(folder / "2024" / "zh" / "sensetime-tw.TXT"),
                                    str(folder / "2024" / "zh" / "zhipu-h1.txt"),
                                    str(folder / "a-sensetime-en.htm")]
    assert [(r[1], r[2]) for r in rows] == [("moonshot", "zh-Hans"), ("sensetime-tw", "zh-Hant"),
                                            ("zhipu-h1", "zh-Hans"), ("a-sensetime-en", "en")]
    assert rows[2][3] == str(len(ZHIPU))
    assert "ingested 4 of 4 file(s) (0 duplicate(s), 0 not ingested); skipped 2 other " \
           "file(s)" in result.stdout
    assert _sources(project) == {"sensetime-layoffs-2024", "moonshot", "sensetime-tw",
                                 "zhipu-h1", "a-sensetime-en"}
    meta = yaml.safe_load((project / "data" / "sources" / "a-sensetime-en.yaml").read_text("utf-8"))
    assert meta["title"] == "SenseTime expands its AI cloud"
    assert (project / "data" / "sources" / "a-sensetime-en.html").read_text("utf-8") == SENSETIME_EN
    # the new sources build, drafts aside
    from kg.graph.build import build
    from kg.inputs.project import Project

    assert build(Project.open(project)).summary["sources"] == 5


def test_the_json_summary_counts_what_each_draft_proposes(project, tmp_path):
    folder = _corpus(tmp_path / "articles")
    result = invoke("ingest", str(folder), str(folder / "2024" / "zh"), "--format", "json",
                    "-p", str(project))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["ingested"], data["duplicates"], data["errors"]) == (4, 2, 0)
    assert sorted(Path(p).name for p in data["skipped"]) == ["list.csv", "notes.pdf"]
    by_source = {row.get("source") or row["file"]: row for row in data["files"]}
    tw = by_source["sensetime-tw"]
    draft = yaml.safe_load((project / "data" / "sources" / "sensetime-tw.draft.yaml")
                           .read_text("utf-8"))
    assert tw["characters"] == len(SENSETIME_TW)
    assert tw["links"] == len(tw["report"]["mentions"]) and tw["report"]["linked"]["sensetime"] == 2
    assert tw["proposals"]["figures"] == len(draft["figures"]) and tw["figures"] >= 2
    assert tw["proposals"]["entities"] == len(draft.get("entities") or [])
    # the same folder named again in one call: each file a duplicate of its first ingest
    dups = [row for row in data["files"] if row["status"] == "duplicate"]
    assert sorted(r["duplicate_of"] for r in dups) == ["sensetime-tw", "zhipu-h1"]


def test_an_article_already_ingested_is_not_added_again(project, tmp_path):
    import opencc

    first = tmp_path / "zhipu.txt"
    first.write_text(ZHIPU, encoding="utf-8")
    assert invoke("ingest", str(first), "-p", str(project)).exit_code == 0
    before = sorted(p.name for p in (project / "data" / "sources").iterdir())
    # the same text in Traditional script, re-wrapped, with other spaces, under another name
    traditional = opencc.OpenCC("s2t").convert(ZHIPU)
    assert traditional != ZHIPU
    copy = tmp_path / "copies" / "zhipu-traditional.txt"
    copy.parent.mkdir()
    copy.write_text("  " + traditional.replace("\n", "\n\n ").replace(",", ", "), encoding="utf-8")
    html = tmp_path / "copies" / "zhipu-page.html"
    html.write_text("<p>" + ZHIPU.replace("\n", "</p><p>") + "</p>", encoding="utf-8")
    result = invoke("ingest", str(copy), "-p", str(project))
    assert result.exit_code == 0
    assert "zhipu-traditional.txt: the same text as source 'zhipu'" in result.stdout
    strict = invoke("ingest", str(copy.parent), "--strict", "-p", str(project))
    assert strict.exit_code == 1
    assert strict.stdout.count("duplicate of zhipu") == 2
    assert "--strict: 2 file(s) duplicate a source" in strict.stderr
    assert sorted(p.name for p in (project / "data" / "sources").iterdir()) == before
    # --force replaces a source of the same id with the same text (a new draft), no duplicate
    again = invoke("ingest", str(first), "--force", "-p", str(project))
    assert again.exit_code == 0 and "ingested" in again.stdout


def test_two_copies_in_one_call_are_ingested_once(project, tmp_path):
    for name in ("a/moonshot-news.txt", "b/moonshot-copy.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(MOONSHOT, encoding="utf-8")
    result = invoke("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "-p", str(project))
    assert result.exit_code == 0, result.output
    last = [line.split() for line in result.stdout.splitlines()][2]
    assert last == [str(tmp_path / "b" / "moonshot-copy.txt"), "duplicate", "of", "moonshot-news"]
    assert _sources(project) == {"sensetime-layoffs-2024", "moonshot-news"}


def test_a_bad_file_is_reported_and_the_others_are_still_ingested(project, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(MOONSHOT, encoding="utf-8")
    (folder / "b-gbk.txt").write_bytes("智谱AI发布业绩。".encode("gbk"))
    (folder / "c-good.txt").write_text(ZHIPU, encoding="utf-8")
    (folder / "d-empty.md").write_text("\n\n", encoding="utf-8")
    result = invoke("ingest", str(folder), str(tmp_path / "missing.txt"), "-p", str(project))
    assert result.exit_code == 2
    out = result.stdout
    rows = {Path(line.split()[0]).name: " ".join(line.split()[1:]) for line in out.splitlines()}
    assert rows["b-gbk.txt"].startswith("not ingested: b-gbk.txt: is not valid UTF-8 (byte 0)")
    assert rows["a-good.txt"].split()[:2] == ["a-good", "zh-Hans"]
    assert "d-empty.md: has no text" in out and "missing.txt: no such file" in out
    assert "ingested 2 of 5 file(s) (0 duplicate(s), 3 not ingested)" in out
    assert result.stderr == "kg: error: 3 of 5 file(s) not ingested (see the summary); " \
                            "the others were\n"
    assert _sources(project) == {"sensetime-layoffs-2024", "a-good", "c-good"}


def test_options_naming_one_source_refuse_several_files(project, tmp_path):
    (tmp_path / "a.txt").write_text(MOONSHOT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ZHIPU, encoding="utf-8")
    several = invoke("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--id", "x",
                     "-p", str(project))
    assert several.exit_code == 2
    assert several.stderr == "kg: error: --id name(s) one source: give one file, not 2 paths\n"
    folder = invoke("ingest", str(tmp_path), "--title", "T", "--date", "2024-01-02",
                    "-p", str(project))
    assert folder.exit_code == 2 and "--title, --date name(s) one source" in folder.stderr
    assert _sources(project) == {"sensetime-layoffs-2024"}
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "x.pdf").write_bytes(b"%PDF")
    nothing = invoke("ingest", str(empty), "-p", str(project))
    assert nothing.exit_code == 2 and "no .txt, .md or .html files in" in nothing.stderr
    assert "(1 other file(s) skipped)" in nothing.stderr
    assert "one file only" in invoke("ingest", "--help").stdout.lower()


def test_the_size_limits_of_a_source(project, tmp_path):
    from kg.ingest.documents import MAX_FILE_BYTES, MAX_TEXT_CHARS

    long_text = tmp_path / "long.txt"
    long_text.write_text("智" * (MAX_TEXT_CHARS + 1), encoding="utf-8")
    result = invoke("ingest", str(long_text), "-p", str(project))
    assert result.exit_code == 2
    assert result.stderr == (f"kg: error: long.txt: has {MAX_TEXT_CHARS + 1:,} characters of "
                             f"text, over the {MAX_TEXT_CHARS:,}-character limit of one source; "
                             "split the document into parts\n")
    page = tmp_path / "huge.html"
    with open(page, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: the limit is checked before reading
    result = invoke("ingest", str(page), "-p", str(project))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: huge.html: is {MAX_FILE_BYTES + 1:,} bytes, "
                                    f"over the {MAX_FILE_BYTES:,}-byte limit of kg ingest")
    # a page whose markup is large but whose text is within the limit is fine
    ok = tmp_path / "ok.html"
    ok.write_text("<p>" + MOONSHOT + "</p>" + "<script>x</script>" * 20_000, encoding="utf-8")
    assert invoke("ingest", str(ok), "-p", str(project)).exit_code == 0
    assert "8,000,000 bytes" in invoke("ingest", "--help").stdout


def test_html_extraction_keeps_blocks_title_and_heading_however_deep(tmp_path):
    from kg.ingest.documents import read_document

    depth = 30_000
    page = ("<html><head><title>深 <b>層</b></title><script>var x = '<p>no</p>';</script>"
            "</head><body>" + "<div><span>" * depth + "<h1>標題 <i>一</i></h1><p>正文<br>第二行"
            + "</span></div>" * depth + "<p>unclosed <b>bold <i>both</p>after</body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "深 層"
    assert doc.text == "標題 一\n正文\n第二行\nunclosed bold both\nafter\n"
    no_title = tmp_path / "h1.html"
    no_title.write_text("<body><h1>Only <em>a</em> heading</h1><p>text</p></body>", encoding="utf-8")
    assert read_document(no_title).title == "Only a heading"


def test_the_duplicate_index_folds_only_texts_of_the_same_length():
    from kg.ingest.duplicates import TextIndex

    class Src:
        def __init__(self, ident, text):
            self.id, self.text = ident, text

    sources = [Src(f"s{n}", "商汤" * (n + 1)) for n in range(3000)]
    sources.append(Src("zhipu", ZHIPU))
    index = TextIndex.of_sources(sources)
    import opencc

    assert index.find(opencc.OpenCC("s2t").convert(ZHIPU).replace("\n", " \n")) == "zhipu"
    assert index.find(ZHIPU + "另一句。") is None
    folded = [e for entries in index._by_length.values() for e in entries if e.digest]
    assert [e.ident for e in folded] == ["zhipu"]  # the 3000 others never folded


def test_the_progress_bar_only_on_a_terminal_and_after_a_second():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    now = [0.0]
    stream = Terminal()
    bar = ProgressBar("ingesting", stream=stream, clock=lambda: now[0])
    bar(1, 3, Path("a.txt"))
    assert stream.getvalue() == ""  # quick work: nothing
    now[0] = 1.5
    bar(2, 3, Path("dir/b\x1b]0;x\x07.txt"))
    drawn = stream.getvalue()
    assert drawn.startswith("\r\x1b[Kingesting [################........] 2/3 b")
    assert "\x07" not in drawn and "\x1b]" not in drawn  # a file name cannot drive the terminal
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")
    pipe = io.StringIO()
    quiet = ProgressBar("ingesting", stream=pipe, clock=lambda: now[0] + 10)
    quiet(1, 1, Path("a.txt"))
    quiet.close()
    assert pipe.getvalue() == ""


def test_the_api_ingests_many(project, tmp_path):
    from kg.api import KG

    folder = _corpus(tmp_path / "articles")
    seen = []
    batch = KG(project).ingest_many([folder], on_file=lambda d, t, p: seen.append((d, t, p.name)))
    assert [o.status for o in batch.outcomes] == ["ingested"] * 4
    assert seen[-1] == (4, 4, "a-sensetime-en.htm") and len(seen) == 4
    assert batch.exit_code() == 0 and len(batch.skipped) == 2


def test_a_batch_reads_each_draft_once_and_keeps_ids_apart(project, tmp_path, monkeypatch):
    """Ids proposed in one call stay distinct from each other and from earlier drafts, and the
    drafts already there are read once per call, not once per article (quadratic over a corpus)."""
    import kg.inputs.yamlfile as yamlfile

    first = tmp_path / "first"
    first.mkdir()
    (first / "zhipu.txt").write_text(ZHIPU, encoding="utf-8")
    assert invoke("ingest", "--project", str(project), str(first)).exit_code == 0
    reads: list[str] = []
    real = yamlfile.load_yaml

    def counting(path, *args, **kwargs):
        if str(path).endswith(".draft.yaml"):
            reads.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(yamlfile, "load_yaml", counting)
    second = tmp_path / "second"
    second.mkdir()
    for n in range(3):  # the same article under other wording: the same names are proposed
        (second / f"zhipu-{n}.txt").write_text(ZHIPU.replace("800", str(900 + n)),
                                              encoding="utf-8")
    assert invoke("ingest", "--project", str(project), str(second)).exit_code == 0
    assert reads == ["zhipu.draft.yaml"]
    ids: list[str] = []
    for draft in sorted((project / "data" / "sources").glob("zhipu*.draft.yaml")):
        doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
        ids += [item["id"] for key in ("entities", "relations", "figures")
                for item in doc.get(key) or [] if "id" in item]
    assert len(ids) > 8 and len(ids) == len(set(ids))


# ------------------------------------------------------------------------- atomic registration

def test_an_interrupted_ingest_removes_what_it_wrote(project, tmp_path, monkeypatch):
    from kg.ingest import intake

    article = tmp_path / "zhipu.html"
    article.write_text("<p>" + ZHIPU + "</p>", encoding="utf-8")
    before = sorted(p.name for p in (project / "data" / "sources").iterdir())

    def interrupt(staged, meta_path):
        assert staged.is_file() and (staged.parent / "zhipu.draft.yaml").is_file()
        raise KeyboardInterrupt

    monkeypatch.setattr(intake, "_register", interrupt)
    with pytest.raises(KeyboardInterrupt):
        intake.ingest(project, article)
    assert sorted(p.name for p in (project / "data" / "sources").iterdir()) == before


_KILL = textwrap.dedent("""
    import os, sys
    from kg.ingest import intake

    def killed(staged, meta_path):  # the process dies between the draft and the metadata
        os._exit(9)

    intake._register = killed
    intake.ingest(sys.argv[1], sys.argv[2])
""")


def test_a_killed_ingest_leaves_nothing_a_build_takes_in(project, tmp_path):
    from kg.graph.build import build
    from kg.inputs.project import Project

    article = tmp_path / "zhipu.txt"
    article.write_text(ZHIPU, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _KILL, str(project), str(article)], cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert run.returncode == 9, run.stderr
    sources = project / "data" / "sources"
    left = sorted(p.name for p in sources.iterdir() if p.name.startswith("zhipu"))
    assert left == ["zhipu.draft.yaml", "zhipu.txt", "zhipu.yaml.part"]
    built = build(Project.open(project))
    assert built.summary["sources"] == 1  # the seed's; the half-stored article is ignored
    # the next ingest says so, and ingesting the article again completes it
    other = tmp_path / "moonshot.txt"
    other.write_text(MOONSHOT, encoding="utf-8")
    result = invoke("ingest", str(other), "-p", str(project))
    assert result.exit_code == 0
    assert result.stderr == ("kg: warning: 3 file(s) in data/sources/ belong to no source (an "
                             "interrupted kg ingest?): data/sources/zhipu.draft.yaml, "
                             "data/sources/zhipu.txt, data/sources/zhipu.yaml.part; builds "
                             "ignore them: ingest the article again, or delete them\n")
    again = invoke("ingest", str(article), "-p", str(project))
    assert again.exit_code == 0 and again.stderr == ""
    assert sorted(p.name for p in sources.iterdir() if p.name.startswith("zhipu")) == \
        ["zhipu.draft.yaml", "zhipu.txt", "zhipu.yaml"]
    assert build(Project.open(project)).summary["sources"] == 3
