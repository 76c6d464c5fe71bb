"""Bad input: one line naming file, line and item; exit 2; no traceback; exports untouched."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

FACTS = "data/facts/sensetime.yaml"


def break_facts(project: Path, old: str, new: str, count: int = 1) -> None:
    path = project / FACTS
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def kg_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "build", "--no-html", "-p", str(project)],
                          capture_output=True, text=True, cwd=ROOT)


CASES = {
    # name: (old text, new text, item named in the message, words the message must contain)
    "malformed-yaml": ("  - id: xu-li\n", "  - id: xu-li\n   bad: [\n", None, "YAML syntax"),
    "unknown-class": ("class: Person", "class: Human", "xu-li", "unknown class 'Human'"),
    "unknown-relation": ("relation: holdsPost\n", "relation: holdPost\n",
                         "xu-li-holds-executive-chairman", "unknown relation 'holdPost'"),
    "undefined-reference": ("subject: xu-li\n    relation: holdsPost\n",
                            "subject: xu-lee\n    relation: holdsPost\n",
                            "xu-li-holds-executive-chairman", "'xu-lee' is not a defined entity"),
    "duplicate-id": ("  - id: post-ceo\n", "  - id: post-executive-chairman\n",
                     "post-executive-chairman", "duplicate entity id"),
    "quote-not-in-source": ("quote: 以應用驅動模型", "quote: 以應用驅動大模型",
                            "application-drives-large-model", "is not in source"),
    "ambiguous-quote": ("quote: 據財新報道,2023年8月,商湯內部開始大規模裁員\n", "quote: 商湯\n",
                        "layoff-2023-reported-by-caixin", "occurs 53 times"),
    "non-numeric-figure": ("value: 34\n", "value: 34億\n", "operating-loss-2018",
                           "must be a number"),
    "unknown-currency": ("unit: 美元\n", "unit: 美圓\n", "operating-loss-2022",
                         "unknown unit or currency"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_fact_file(project_copy, case):
    old, new, item, words = CASES[case]
    assert kg_build(project_copy).returncode == 0
    before = {p.name: p.read_bytes() for p in (project_copy / "exports").iterdir()}
    text = (project_copy / FACTS).read_text(encoding="utf-8")
    replaced_at = text[: text.index(old)].count("\n") + 1
    break_facts(project_copy, old, new)
    run = kg_build(project_copy)
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    message = lines[0]
    assert "Traceback" not in run.stderr
    assert message.startswith(f"kg: error: {FACTS}:"), message
    line = int(re.match(rf"kg: error: {re.escape(FACTS)}:(\d+)", message).group(1))
    # the line of the broken key: where the replacement starts, the next line for the YAML case
    assert line == replaced_at + (1 if case == "malformed-yaml" else 0), message
    if item:
        assert f"[{item}]" in message, message
    assert words in message, message
    after = {p.name: p.read_bytes() for p in (project_copy / "exports").iterdir()}
    assert after == before


def test_unknown_source_reference(project_copy):
    break_facts(project_copy, "source: sensetime-layoffs-2024", "source: no-such-source")
    run = kg_build(project_copy)
    assert run.returncode == 2
    assert "source 'no-such-source' is not in data/sources/" in run.stderr


def test_not_a_project(tmp_path):
    run = kg_build(tmp_path)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "no data/ directory" in run.stderr
