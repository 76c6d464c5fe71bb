"""A deterministic synthetic corpus in kg's own input format, from a few thousand triples to
millions: source texts (Traditional Chinese), their metadata, and fact files whose every quote is
copied from its text, so the whole pipeline (loading, quote checks, build, queries) runs on it.

The seed project (``data/``, ``ontology/``, ``queries/``) is copied in first, so the canned
queries about SenseTime answer exactly what they answer on the seed; each synthetic article then
adds a company with its chief executive (metrics: the seed's operating-loss and revenue), departments, competitors, a layoff, yearly operating
losses and a half-year revenue with its change (about 1,000 triples per article, half of
them the mentions of known names that the build links in each text).

Usage:
    python benchmarks/synth.py OUT_DIR --triples 100000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIPLES_PER_ARTICLE = 950  # measured: about 977 per article (with the linked mentions), a little margin
SEED_TRIPLES = 8350

_SURNAMES = ["王", "李", "張", "劉", "陳", "楊", "黃", "趙", "吳", "周"]
_SURNAMES_HANS = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
_SURNAMES_EN = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"]
_GIVEN = ["偉", "芳", "敏", "靜", "強", "磊", "軍", "洋", "勇", "豔"]
_GIVEN_HANS = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳"]
_GIVEN_EN = ["Wei", "Fang", "Min", "Jing", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan"]
_WORDS = [("雲", "云", "Cloud"), ("智", "智", "Smart"), ("星", "星", "Star"), ("海", "海", "Sea"),
          ("遠", "远", "Far"), ("華", "华", "Hua"), ("辰", "辰", "Chen"), ("光", "光", "Light")]
_DEPTS = [("研究院", "研究院", "Research Institute"), ("醫療部門", "医疗部门", "Medical department"),
          ("自動駕駛部門", "自动驾驶部门", "Autonomous Driving department"),
          ("雲服務部門", "云服务部门", "Cloud Services department"),
          ("芯片部門", "芯片部门", "Chip department")]
_FILLER = ["分析人士認爲,{co}的轉型仍需時間。", "業內人士表示,行業競爭日趨激烈。",
           "{co}的股價在消息公布後有所波動。", "有員工透露,內部調整早已開始。",
           "{co}表示將繼續投入大模型研發。", "市場普遍關注其現金流狀況。"]


def company(i: int) -> dict[str, str]:
    a, b = _WORDS[i % 8], _WORDS[(i // 8) % 8]
    return {"zh-Hant": f"{a[0]}{b[0]}科技{i:06d}", "zh-Hans": f"{a[1]}{b[1]}科技{i:06d}",
            "en": f"{a[2]}{b[2]} Tech {i:06d}"}


def _q(text: str) -> str:
    """A YAML scalar, double-quoted."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _labels(labels: dict[str, str]) -> str:
    return "{" + ", ".join(f"{lang}: {_q(text)}" for lang, text in labels.items()) + "}"


def article(i: int, rng: random.Random, articles: int) -> tuple[str, str, str]:
    """(text, metadata YAML, facts YAML) of synthetic article ``i``."""
    sid = f"synth-{i:06d}"
    co = company(i)
    cid = f"co-{i:06d}"
    s = rng.randrange(10)
    g = rng.randrange(10)
    person = {"zh-Hant": f"{_SURNAMES[s]}{_GIVEN[g]}{i:06d}",
              "zh-Hans": f"{_SURNAMES_HANS[s]}{_GIVEN_HANS[g]}{i:06d}",
              "en": f"{_SURNAMES_EN[s]} {_GIVEN_EN[g]} {i:06d}"}
    depts = rng.sample(range(len(_DEPTS)), 2)
    rivals = sorted({rng.randrange(articles) for _ in range(3)} - {i}) or \
        [r for r in [(i + 1) % articles] if r != i]  # alone, no rival: never itself
    years = list(range(2019, 2024))
    losses = {year: rng.randrange(5, 300) for year in years[:4]}
    revenue, change = rng.randrange(10, 900) / 10, rng.randrange(1, 80)
    month = rng.randrange(1, 13)
    name = co["zh-Hant"]
    sentences, facts_st, facts_fig = [], [], []

    ceo = f"{name}宣布{person['zh-Hant']}出任首席執行官"
    sentences.append(ceo + "。")
    facts_st += [("holds", f"person-{i:06d}", "holdsPost", f"post-ceo-{i:06d}", ceo),
                 ("post", f"post-ceo-{i:06d}", "postIn", cid, ceo)]
    for r in rivals:
        quote = f"{name}與{company(r)['zh-Hant']}在雲服務市場正面競爭"
        sentences.append(quote + "。")
        facts_st.append((f"competes-{r:06d}", cid, "competesWith", f"co-{r:06d}", quote))
    for d in depts:
        quote = f"{_DEPTS[d][0]}是{name}旗下的重要部門"
        sentences.append(quote + "。" + _FILLER[rng.randrange(len(_FILLER))].format(co=name))
        facts_st.append((f"unit-{d}", f"dept-{i:06d}-{d}", "unitOf", cid, quote))
    layoff = f"{name}於2024年{month}月宣布裁員,{_DEPTS[depts[0]][0]}受到影響"
    sentences.append(layoff + "。")
    facts_st += [("layoff-affects", f"layoff-{i:06d}", "affects", f"dept-{i:06d}-{depts[0]}",
                  layoff),
                 ("layoff-by", f"layoff-{i:06d}", "carriedOutBy", cid, layoff)]
    for year, value in losses.items():
        quote = f"{name}在{year}年的經營虧損爲{value}億元"
        sentences.append(quote + "。")
        facts_fig.append(f"""  - id: {cid}-operating-loss-{year}
    subject: {cid}
    metric: operating-loss
    value: {value}
    multiplier: 億
    unit: 元
    period: "{year}"
    quote: {_q(quote)}
""")
    quote = f"{name}今年上半年收入約{revenue}億元,同比增長{change}%"
    sentences.append(quote + "。" + _FILLER[rng.randrange(len(_FILLER))].format(co=name))
    facts_fig.append(f"""  - id: {cid}-revenue-2024-h1
    subject: {cid}
    metric: revenue
    value: {revenue}
    multiplier: 億
    unit: 元
    qualifier: approximately
    period: "2024-H1"
    change: {{value: {change}, direction: increase, basis: year-on-year}}
    quote: {_q(quote)}
""")
    for _ in range(3):
        sentences.append(_FILLER[rng.randrange(len(_FILLER))].format(co=name))
    text = f"{name}裁員背後的故事\n" + "\n".join(sentences) + "\n"

    meta = (f"id: {sid}\nfile: {sid}.txt\ntitle: {_q(name + '裁員背後的故事')}\n"
            f"publisher: light-cone\nlanguage: zh-Hant\ndate: 2024-{month:02d}-28\n")
    entities = [
        (cid, "Company", co, {"en": [co["en"].replace(" Tech", " Technology")]}),
        (f"person-{i:06d}", "Person", person, None),
        (f"post-ceo-{i:06d}", "Post", {"zh-Hant": f"{name}首席執行官",
                                       "zh-Hans": f"{co['zh-Hans']}首席执行官",
                                       "en": f"Chief Executive Officer of {co['en']}"}, None),
        (f"layoff-{i:06d}", "Layoff", {"zh-Hant": f"{name}2024年裁員",
                                       "zh-Hans": f"{co['zh-Hans']}2024年裁员",
                                       "en": f"{co['en']} layoffs 2024"}, None),
    ] + [(f"dept-{i:06d}-{d}", "Department",
          {"zh-Hant": f"{name}{_DEPTS[d][0]}", "zh-Hans": f"{co['zh-Hans']}{_DEPTS[d][1]}",
           "en": f"{co['en']} {_DEPTS[d][2]}"}, None) for d in depts]
    lines = [f"# Synthetic article {i} (benchmarks/synth.py).", f"source: {sid}", "", "entities:"]
    for ident, cls, labels, aliases in entities:
        lines += [f"  - id: {ident}", f"    class: {cls}", f"    label: {_labels(labels)}"]
        if aliases:
            lines.append("    aliases: {" + ", ".join(f"{k}: [{', '.join(_q(a) for a in v)}]"
                                                   for k, v in aliases.items()) + "}")
        if cls == "Layoff":
            lines.append(f'    date: "2024-{month:02d}"')
    lines += ["", "statements:"]
    for key, subject, relation, obj, quote in facts_st:
        lines += [f"  - id: {sid}-{key}", f"    subject: {subject}", f"    relation: {relation}",
                  f"    object: {obj}", f"    quote: {_q(quote)}"]
    lines += ["", "figures:"]
    return text, meta, "\n".join(lines) + "\n" + "".join(facts_fig)


def articles_for(triples: int) -> int:
    """How many articles make about ``triples`` triples (with the seed project)."""
    return max(1, -(-(triples - SEED_TRIPLES) // TRIPLES_PER_ARTICLE))


def generate(out: Path, *, articles: int, seed: int = 7) -> Path:
    """Write a project with the seed data and ``articles`` synthetic articles into ``out``.

    Deterministic: the same ``articles`` and ``seed`` give the same bytes.
    """
    out = Path(out)
    for name in ("data", "ontology", "queries"):
        if (out / name).exists():
            shutil.rmtree(out / name)
        shutil.copytree(ROOT / name, out / name)
    (out / "data" / "kg.yaml").write_text("name: synth\nbase: https://w3id.org/kg/resource/\n",
                                          encoding="utf-8")
    sources, facts = out / "data" / "sources", out / "data" / "facts"
    rng = random.Random(seed)
    for i in range(articles):
        text, meta, fact = article(i, rng, articles)
        sid = f"synth-{i:06d}"
        (sources / f"{sid}.txt").write_text(text, encoding="utf-8")
        (sources / f"{sid}.yaml").write_text(meta, encoding="utf-8")
        (facts / f"{sid}.yaml").write_text(fact, encoding="utf-8")
    return out


def add_article(out: Path, i: int, *, seed: int = 7) -> str:
    """Write synthetic article ``i`` (the next one: its rivals are among articles 0..i-1) into
    the project at ``out``, as ``kg ingest`` and ``kg accept`` would leave it; its source id."""
    out = Path(out)
    text, meta, fact = article(i, random.Random(seed * 1_000_003 + i), i + 1)
    sid = f"synth-{i:06d}"
    (out / "data" / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    (out / "data" / "sources" / f"{sid}.yaml").write_text(meta, encoding="utf-8")
    (out / "data" / "facts" / f"{sid}.yaml").write_text(fact, encoding="utf-8")
    return sid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, articles=articles_for(args.triples), seed=args.seed)
    print(f"wrote {articles_for(args.triples)} articles to {args.out}")


if __name__ == "__main__":
    main()
