"""Start ``kg serve`` as a real process on a free loopback port, and always stop it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def running_server(*args: str, project: Path = ROOT, ready_within: float = 90.0):
    """Run ``python -m kg serve --port 0 ARGS`` and yield its base URL (ending with ``/``).

    The server prints one line once its workers have opened the store; the port is the free one
    it bound.  On exit the server gets SIGTERM (then SIGKILL if it lingers), and so do any
    workers left behind.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0",
                             "-p", str(project), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line)
            if "kg: serving" in line:
                found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + ready_within
        while not found.wait(0.1):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not start: {''.join(lines)}"
                                   f"{proc.stderr.read() if proc.poll() is not None else ''}")
        match = re.search(r"at (http://\S+/) ", "".join(lines))
        assert match, lines
        yield match.group(1)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server, wait, then SIGKILL its whole process group if anything is left."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the group is the server's own session
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    for stream in (proc.stdout, proc.stderr):
        with contextlib.suppress(Exception):
            stream.close()
