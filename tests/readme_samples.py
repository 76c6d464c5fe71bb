"""The README's samples of kg's output, made by running kg as a user does: a real process at
the usual terminal width (80 columns), on the repository's own project.

``tests/test_readme.py`` fails when the README drifts from what these runs print; after a
change that alters them, rewrite the README's samples with

    .venv/bin/python -m tests.readme_samples --write
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: the width the help is shown at: a terminal's usual 80 columns
COLUMNS = 80
#: the port the README shows (kg serve's default); the run itself takes any free port
SHOWN_PORT = 8000

_HELP_BLOCK = re.compile(r"(<!-- help:kg -->\n```\n)(.*?)(```)", re.S)
_SERVE_LINE = re.compile(r"^kg: serving .*$", re.M)


def kg_env() -> dict[str, str]:
    """The environment of a user's shell running this checkout's kg at 80 columns."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(COLUMNS=str(COLUMNS), LINES="24", PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return env


def run_help() -> str:
    """``kg --help`` as a terminal of 80 columns shows it."""
    done = subprocess.run([sys.executable, "-m", "kg", "--help"], env=kg_env(), cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=True)
    return done.stdout


def run_serve(timeout: float = 120) -> str:
    """The line ``kg serve`` prints once it answers, from a real server on a free port (then
    stopped), with the port shown as the default one."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", "-p", str(ROOT)], env=kg_env(),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(
        [process.stdout.readline()]), daemon=True)
    reader.start()
    reader.join(timeout)
    process.terminate()
    try:
        _, errors = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, errors = process.communicate()
    line = lines[0].rstrip("\n") if lines else ""
    if not line.startswith("kg: serving "):
        raise RuntimeError(f"kg serve did not start: {line!r} {errors.strip()!r}")
    return re.sub(r"http://127\.0\.0\.1:\d+/", f"http://127.0.0.1:{SHOWN_PORT}/", line)


def readme_help(readme: str) -> str | None:
    """The help block of the README (after ``<!-- help:kg -->``), or None."""
    found = _HELP_BLOCK.search(readme)
    return found.group(2) if found else None


def readme_serve(readme: str) -> list[str]:
    """The README's lines of what ``kg serve`` printed."""
    return _SERVE_LINE.findall(readme)


def rewrite(readme: str, help_text: str, serve_line: str) -> str:
    """The README with its samples replaced by these runs' output."""
    if readme_help(readme) is None or not readme_serve(readme):
        raise ValueError("README.md lacks the <!-- help:kg --> block or the kg serve sample")
    readme = _HELP_BLOCK.sub(lambda m: m.group(1) + help_text + m.group(3), readme, count=1)
    return _SERVE_LINE.sub(lambda m: serve_line, readme)


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print("usage: python -m tests.readme_samples --write  (rewrites README.md's samples)",
              file=sys.stderr)
        return 2
    text = README.read_text(encoding="utf-8")
    new = rewrite(text, run_help(), run_serve())
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md: samples rewritten from real runs")
    else:
        print("README.md: samples already match real runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
