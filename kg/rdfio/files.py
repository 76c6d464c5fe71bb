"""Files written whole or not at all, and the ``-o`` of every command."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never half a file.

    A path that exists and is not a regular file (a FIFO, a terminal, ``/dev/stdout``) is
    opened and written, never replaced; a symbolic link is written through: its target gets
    the data (atomically when that is a regular file or missing) and the link stays a link.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # follows links: what a write would reach
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        mode = None  # let mkdir below name the problem
    if mode is not None and stat.S_ISDIR(mode):
        from kg.errors import UsageError

        raise UsageError(f"{path}: is a directory; give a file name to write")
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "wb") as handle:  # through the link as the kernel resolves it
            handle.write(data)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # the regular (or dangling) target
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: str | os.PathLike, data: bytes) -> None:
    """Where ``-o PATH`` writes: ``-`` is standard output, any other path
    :func:`write_atomic`."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(path, data)
