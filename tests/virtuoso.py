"""A real Virtuoso Open Source server on loopback with a temporary database, for the tests and
benchmarks that push to one (Debian package virtuoso-opensource-7-bin)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

MAX_ROWS = 20_000  # ResultSetMaxRows: raised from Virtuoso's 10,000

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {d}
VADInstallDir =
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
CheckpointInterval = 0
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
"""



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable() -> str | None:
    """The Virtuoso server's program, or None when it is not installed."""
    return shutil.which("virtuoso-t")


@contextmanager
def running_virtuoso(root: Path, *, rows: int = MAX_ROWS):
    """Start Virtuoso with its database in ``root``; yields its endpoints (``sparql``, ``crud``)
    and credentials (``user``, ``password``); stops it afterwards.

    Raises:
        RuntimeError: it is not installed or did not start within 60 s.
    """
    exe = executable()
    if exe is None:
        raise RuntimeError("Virtuoso Open Source is not installed (virtuoso-opensource-7-bin)")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (root / "virtuoso.ini").write_text(_INI.format(d=root, sql=sql, http=http, rows=rows),
                                       encoding="utf-8")
    log = open(root / "console.log", "wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(root / "virtuoso.ini")],
                            cwd=root, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Virtuoso did not start: " + (root / "console.log")
                                   .read_text(errors="replace")[-800:])
            time.sleep(0.2)
        yield SimpleNamespace(sparql=f"{base}/sparql", crud=f"{base}/sparql-graph-crud-auth",
                              user="dba", password="dba")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
