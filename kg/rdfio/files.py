"""Files written whole or not at all, and the ``-o`` of every command."""

from __future__ import annotations

import glob
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        from kg.errors import UsageError

        raise UsageError(f"{path}: a folder on the way is a file; give a path whose folders "
                         "are folders") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        from kg.errors import UsageError

        raise UsageError(f"{path}: cannot write in {path.parent} ({exc.strerror}); give a path "
                         "in a folder you can write to") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_together(files: dict[Path, bytes], *, before_last=None) -> None:
    """Write several files as one step, as far as a file system allows: every file is written
    to a temporary first, and only when all are written are they renamed into place, in the
    order given (put the file that says the set is complete last).  A failure while writing
    leaves every file as it was and no temporary behind; a kill during the renames leaves some
    files new and the last one old, which its reader must detect (kg's build manifest carries
    the hash of each file).

    Args:
        files: path -> contents, in the order to rename them.
        before_last: called after every rename but the last one's (to remove stale files).
    """
    staged: list[tuple[Path, str | None, bytes]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            if path.is_symlink() or (path.exists() and not path.is_file()):
                staged.append((path, None, data))  # written through, at its turn
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((path, tmp, data))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
    except BaseException:
        for _, tmp, _ in staged:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        raise
    for i, (path, tmp, data) in enumerate(staged):
        if i == len(staged) - 1 and before_last is not None:
            before_last()
        try:
            if tmp is None:
                write_atomic(path, data)
            else:
                os.replace(tmp, path)
        except BaseException:
            for _, rest, _ in staged[i:]:
                if rest is not None:
                    Path(rest).unlink(missing_ok=True)
            raise


def remove_temporaries(folder: Path, names) -> list[Path]:
    """Remove what a killed :func:`write_atomic` or :func:`write_together` left in ``folder``
    for files named ``names`` (``.NAME.*.tmp``); returns the paths removed."""
    removed = []
    for name in names:
        for tmp in Path(folder).glob(f".{glob.escape(name)}.*.tmp"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    return removed


def write_output(path: str | os.PathLike, data: bytes) -> None:
    """Where ``-o PATH`` writes: ``-`` is standard output, any other path
    :func:`write_atomic`."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(path, data)


def read_cached(path: str | os.PathLike | None, key: str):
    """What :func:`write_cached` kept at ``path`` under ``key``, or None when there is none,
    it was kept under another key (its inputs changed) or it does not load (torn, or an older
    Python's): the caller then derives it again. ``path`` None: no cache."""
    import pickle

    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            if handle.readline() != key.encode() + b"\n":  # the key first: no unpickling
                return None
            return pickle.loads(handle.read())
    except Exception:  # noqa: BLE001 - a cache that does not load is only a miss
        return None


def write_cached(path: str | os.PathLike | None, key: str, value) -> None:
    """Keep ``value`` at ``path`` (atomically) under ``key``: the digest of what it was derived
    from, so that a cache of other inputs is never used. A cache that cannot be written is
    left out (a read-only store's folder)."""
    import pickle

    if path is None:
        return
    try:
        write_atomic(path, key.encode() + b"\n" + pickle.dumps(value, protocol=5))
    except (OSError, pickle.PicklingError):
        pass
