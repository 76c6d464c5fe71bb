"""Cost of hostile sources: time and peak memory of ``kg build`` and ``kg ingest`` at 1x, 10x and
the documented limit.

Each source is synthetic, made of the seed project's own known names (its Chinese labels and
aliases that are not generic), in two shapes:

* ``line``: one line of names and enumeration commas, no sentence end (``商湯、阿里雲、...``);
* ``normal``: short sentences naming two entities each, one per line.

Sizes: 1x is 10 KB (the seed article is 8 KB), 10x is 100 KB; at the limit, a source of
``MAX_SOURCE_BYTES`` whose names stop at the per-source mention limit (the rest is a filler
sentence naming nothing), which is the most a build accepts from one source, and the same size
full of names, which the build must refuse (the figure is the cost of refusing).

``kg ingest`` gets the same text as a ``.txt`` article, cut to its character limit
(``kg.ingest.documents.MAX_TEXT_CHARS``) at the limit size.

Peak memory is the sum of the proportional set sizes (``Pss``) of the ``kg`` process and its
children (SHACL runs in forked processes: the pages they share with the build are counted
once), polled from ``/proc`` every 50 ms. Each run is a fresh
process on a fresh copy of the project. Growth ratios compare each size with 1x (size ratio,
time ratio, memory ratio); peak memory must grow at most linearly with the size and stay under
2 GB at the limit (the script exits 1 otherwise).

    python benchmarks/bench_hostile.py [build] [ingest] [--quick]

``--quick`` skips the limit size. Run it with the project's environment:
``.venv/bin/python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FILLER = "今天天氣很好，我們一起去公園散步，然後在湖邊的小店裡喝了一杯茶，聊了很久才回家。\n"
GB = 1 << 30


def known_names() -> list[str]:
    """The seed's Chinese names that are not generic, in a stable order."""
    from kg.inputs.corpus import load_inputs
    from kg.inputs.mentions import Linker
    from kg.inputs.project import Project

    linker = Linker.from_facts(load_inputs(Project.open(ROOT)).facts)
    keys = sorted(k for k in linker.by_key
                  if not linker.generic.get(k) and all("\u4e00" <= c <= "\u9fff" for c in k))
    return [linker.by_key[k][0].text for k in keys]


def synthetic(names: list[str], size: int, shape: str, max_mentions: int | None = None) -> str:
    """About ``size`` bytes of UTF-8 text in ``shape``; names stop after ``max_mentions``."""
    parts, total, mentions, i = [], 0, 0, 0
    while total < size:
        if max_mentions is not None and mentions + 2 > max_mentions:
            piece = FILLER if shape == "normal" else "今天天氣很好、"
        else:
            a, b = names[i % len(names)], names[(i * 7 + 3) % len(names)]
            piece = f"{a}、{b}、" if shape == "line" else f"{a}與{b}合作發展。\n"
            mentions += 2
        parts.append(piece)
        total += len(piece.encode())
        i += 1
    return "".join(parts)


def project_with(work: Path, text: str) -> Path:
    """A copy of the seed project in ``work`` with ``text`` as one more source."""
    project = work / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("data", "ontology", "queries"):
        shutil.copytree(ROOT / name, project / name)
    (project / "data/sources/synthetic.txt").write_text(text, encoding="utf-8")
    (project / "data/sources/synthetic.yaml").write_text(
        "id: synthetic\nfile: synthetic.txt\ntitle: 合成\nlanguage: zh-Hant\ndate: null\n",
        encoding="utf-8")
    return project


def _tree_memory(pid: int) -> int:
    """Proportional set size (bytes) of ``pid`` and every process below it: the pages forked
    children share with their parent are counted once, not once per process."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        stack += children.get(p, [])
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(line.split()[1]) * 1024 for line in f
                              if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


def measure(args: list[str], cwd: Path) -> tuple[float, int, int, str]:
    """(seconds, peak memory in bytes, exit code, last stderr line) of ``kg ARGS``."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_memory(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    return seconds, peak, proc.returncode, (lines[-1] if lines else "")


def _row(label: str, size: int, figures: tuple[float, int, int, str], base) -> str:
    seconds, peak, code, message = figures
    ratio = ""
    if base is not None:
        ratio = (f"  x{size / base[0]:>5.1f} size  x{seconds / base[1]:>5.1f} time  "
                 f"x{peak / base[2]:>5.1f} memory")
    note = f"  refused: {message[:90]}" if code else ""
    return (f"{label:<26} {size / 1000:>8.0f} KB  {seconds:>6.1f} s  {peak / 2**20:>6.0f} MiB"
            f"  exit {code}{ratio}{note}")


def run(command: str, quick: bool) -> bool:
    """Print the figures of ``command`` (build or ingest); whether memory stayed in bounds."""
    from kg.ingest.documents import MAX_TEXT_CHARS
    from kg.inputs.sources import MAX_SOURCE_BYTES, MAX_SOURCE_MENTIONS

    names, ok = known_names(), True
    sizes = [("1x", 10_000, None), ("10x", 100_000, None)]
    if not quick:
        sizes += [("limit, names capped", MAX_SOURCE_BYTES, MAX_SOURCE_MENTIONS),
                  ("limit, full of names", MAX_SOURCE_BYTES, None)]
    print(f"kg {command}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for shape in ("line", "normal"):
            base = None
            for label, size, cap in sizes:
                text = synthetic(names, size - 200, shape, cap)
                if command == "build":
                    project = project_with(work, text)
                    figures = measure(["build", "--force"], project)
                else:
                    project = project_with(work, "")
                    (project / "data/sources/synthetic.txt").unlink()
                    (project / "data/sources/synthetic.yaml").unlink()
                    text = text[:MAX_TEXT_CHARS]
                    article = work / "article.txt"
                    article.write_text(text, encoding="utf-8")
                    figures = measure(["ingest", str(article)], project)
                size = len(text.encode())
                print(_row(f"{shape}, {label}", size, figures, base))
                if base is None:
                    base = (size, figures[0], figures[1])
                elif figures[1] > GB * 2 or figures[1] / base[2] > 1.5 * size / base[0]:
                    ok = False
    return ok


def main() -> None:
    args = sys.argv[1:]
    quick = "--quick" in args
    commands = [a for a in args if a in ("build", "ingest")] or ["build", "ingest"]
    ok = all([run(command, quick) for command in commands])
    if not ok:
        print("peak memory grew faster than the size or passed 2 GB")
        sys.exit(1)


if __name__ == "__main__":
    main()
