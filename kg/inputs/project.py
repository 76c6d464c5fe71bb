"""Where a kg project keeps its inputs and outputs, and its settings (``data/kg.yaml``)."""

from __future__ import annotations

import os

from kg.errors import InputError, UsageError
from kg.rdfio.jsonio import dump_json, read_json
from kg.record import Record
from kg.vocab import DEFAULT_BASE, LANGS

TYPE_CHECKING = False  # typing's flag without importing typing
if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

# compiled by re when kg.yaml is read (a cold query reads its cached parse, with no re)
_BASE_RE = r"https?://[A-Za-z0-9.\-]+(:\d+)?(/[A-Za-z0-9._~\-/]*)?/\Z"
_SLUG_RE = r"[a-z0-9]+(-[a-z0-9]+)*\Z"
_CLASS_RE = r"[A-Za-z][A-Za-z0-9]*\Z"

#: the hashes of the input files with the stat they were taken at (``Project.input_digest``)
DIGESTS_FILE = ".kg-digests.json"

#: the stats of every file the input digest covers, with the digest they gave: what an unchanged
#: project's digest is read from (one compare of text, no parse of :data:`DIGESTS_FILE`)
STAT_FILE = ".kg-stat"

#: the hashes of the exports with the stat they were taken at (:func:`hashes_stat_first`)
EXPORTS_DIGESTS_FILE = ".kg-exports.json"

#: the parse of ``data/kg.yaml`` with the stat it was read at (``Project.open``)
SETTINGS_FILE = ".kg-settings.json"

#: What a chart of the report can draw (``charts:`` in data/kg.yaml, ``kind:``).
CHART_KINDS: dict[str, str] = {
    "bars": "one metric of one subject over periods (years, half-years, ...), as bars",
    "lines": "metrics of one subject at dates (as of), one panel each",
    "comparison": "one metric of the parts of a subject (its segments, units, products) in "
                  "one period, against the subject's own figure and the parts' shares",
    "changes": "every stated change in %, as diverging bars",
}


class ChartSpec(Record):
    """One chart a project names in ``data/kg.yaml`` (``charts:``).

    Args:
        name: the chart's name (``kg report --chart NAME``), a slug.
        kind: one of :data:`CHART_KINDS`.
        metrics: the metrics' entity ids, in panel order (``metric:``, one id or a list).
        metric_class: or the metrics' kgo: class (``class:``), e.g. ``Metric``.
        subject: the entity whose figures are drawn (for ``comparison``: whose parts).
        title: the title by language; zh-Hans defaults to zh-Hant in Simplified characters.
    """

    _fields = ("name", "kind", "metrics", "metric_class", "subject", "title")
    __slots__ = _fields
    __hash__ = Record.field_hash  # never changed once made

    def __init__(self, name: str, kind: str, metrics: tuple[str, ...] = (),
                 metric_class: str | None = None, subject: str | None = None,
                 title: tuple[tuple[str, str], ...] = ()) -> None:
        self.name, self.kind, self.metrics = name, kind, metrics
        self.metric_class, self.subject, self.title = metric_class, subject, title

    def matches(self, metric_id: str, metric_classes) -> bool:
        """Whether a figure of ``metric_id`` (of the kgo: classes ``metric_classes``) belongs
        in this chart."""
        if self.metrics and metric_id not in self.metrics:
            return False
        return self.metric_class is None or self.metric_class in metric_classes


class HeldDigest:
    """:meth:`Project.hold_digest`'s context (see there)."""

    __slots__ = ("_project",)

    def __init__(self, project: "Project") -> None:
        self._project = project

    def __enter__(self) -> "Project":
        self._project._held = []
        return self._project

    def __exit__(self, *exc: object) -> None:
        self._project._held = None


class Project(Record):
    """A project directory: ``data/``, ``ontology/``, ``queries/``, ``exports/``.

    Args:
        root: the project directory.
        name: stem of the exported data files (``exports/{name}.ttl``).
        base: base IRI of every instance resource; ends with ``/``.
    """

    _fields = ("root", "name", "base", "settings", "charts")
    __slots__ = ("_folder", "_root", "name", "base", "settings", "charts", "_hashes",
                 "_unhashed", "_held")

    def __init__(self, root: "Path | str", name: str = "graph", base: str = DEFAULT_BASE,
                 settings: dict | None = None, hashes: dict | None = None,
                 charts: tuple[ChartSpec, ...] = ()) -> None:
        self._folder = os.fspath(root)
        self._root = None if isinstance(root, str) else root
        self.name, self.base = name, base
        self.settings = {} if settings is None else settings
        self._hashes = {} if hashes is None else hashes
        #: the input files whose hashes :attr:`hashes` reads from the record when asked for
        self._unhashed: list = []
        #: the digest :meth:`hold_digest` keeps for one command (None: computed each time)
        self._held: list | None = None
        self.charts = charts

    @property
    def hashes(self) -> dict[str, str]:
        """Name in the project -> SHA-256 of each input file, as the last :meth:`input_digest`
        found them (read from the record when that digest came from the stats alone)."""
        if self._hashes is None:
            try:
                cached = read_json(self.path(DIGESTS_FILE))
            except (OSError, ValueError):
                cached = {}
            # a file whose stat is not the recorded one (a lost record) is hashed again
            self._hashes = dict(_hashed(self._unhashed, cached if isinstance(cached, dict)
                                        else {}, {}, 0))
        return self._hashes

    @hashes.setter
    def hashes(self, value: dict[str, str]) -> None:
        self._hashes = value

    @property
    def root(self) -> "Path":
        """The project directory, a Path (made when first asked for: a cold query needs none)."""
        if self._root is None:
            from pathlib import Path

            self._root = Path(self._folder)
        return self._root

    def path(self, *parts: str) -> str:
        """The project directory, or ``parts`` under it, as a string (os.path, no Path made:
        what the cold path of a query reads with)."""
        return os.path.join(self._folder, *parts)

    @classmethod
    def open(cls, root: "str | Path" = ".") -> "Project":
        """Open the project at ``root`` and read ``data/kg.yaml`` if there is one."""
        root = os.path.realpath(root)  # as Path.resolve()
        if not os.path.isdir(os.path.join(root, "data")):
            raise UsageError(f"{os.path.basename(root) or root}: no data/ directory here; run kg "
                             "in a project directory (one with data/kg.yaml) or below it, or "
                             "pass --project DIR")
        project = cls(root=root)
        try:
            info = os.stat(project.path("data", "kg.yaml"))
        except OSError:  # no kg.yaml: the defaults
            return project
        cached = _cached_settings(root, info)
        if cached is not None:  # the parse of an unchanged kg.yaml: no YAML reader imported
            project.settings, project.name, project.base = cached["settings"], cached["name"], \
                cached["base"]
            project.charts = tuple(_chart_from_json(c) for c in cached["charts"])
            return project
        project._read_settings(project.root / "data" / "kg.yaml")
        _cache_settings(project, info)
        return project

    def _read_settings(self, config: Path) -> None:
        """Read and check ``data/kg.yaml`` (name, base, charts) into this project."""
        import re

        from kg.inputs.yamlfile import load_yaml

        settings = load_yaml(config, self.rel(config))
        if not isinstance(settings, dict):
            raise InputError("must be a mapping (name:, base:)", path=self.rel(config))
        self.settings = settings
        self.name = str(settings.get("name", self.name))
        self.base = str(settings.get("base", self.base))
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", self.name):
            raise InputError(f"name '{self.name}' must be a lowercase slug",
                             path=self.rel(config), line=settings.line_of("name"))
        if not re.match(_BASE_RE, self.base):
            raise InputError(f"base '{self.base}' must be an http(s) IRI ending with '/'",
                             path=self.rel(config), line=settings.line_of("base"))
        if "charts" in settings:
            self.charts = parse_charts(settings, self.rel(config))

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, for messages."""
        from pathlib import Path

        for candidate in (Path(path).absolute(), Path(path).resolve()):
            try:  # unresolved first: a symbolic link is named where it is, not where it points
                return str(candidate.relative_to(self.root))
            except ValueError:
                continue
        return str(path)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def source_meta_files(self) -> list[Path]:
        return sorted(p for p in (self.data_dir / "sources").glob("*.yaml")
                      if not p.name.endswith(".draft.yaml"))

    def fact_files(self) -> list[Path]:
        return [self.data_dir / "facts" / name for name in self._fact_names()]

    def _fact_names(self) -> list[str]:
        """The names of the fact files, in order; refuses a misnamed or special one."""
        folder = self.path("data", "facts")
        return self._checked_fact_names(folder, sorted(_scan(folder), key=lambda e: e.name))

    def _checked_fact_names(self, folder: str, entries) -> list[str]:
        """The ``*.yaml`` names among the directory ``entries`` of the fact folder; refuses a
        misnamed (``.yml``, ``.YAML``) or special one (d_type: no stat a file)."""
        names = []
        for entry in entries:
            name = entry.name
            if name.endswith(".yaml"):  # as folder.glob("*.yaml")
                if not entry.is_symlink() and not entry.is_file():
                    # a FIFO would also stall the input digest
                    raise InputError("is not a regular file; put a real file there",
                                     path=self.rel(os.path.join(folder, name)))
                names.append(name)
                continue
            stem, suffix = os.path.splitext(name)  # Path's stem and suffix, no Path made
            if suffix.lower() in (".yaml", ".yml"):
                raise InputError(f"is not read: fact files end in .yaml; rename it to "
                                 f"{stem}.yaml", path=self.rel(os.path.join(folder, name)))
        return names

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (SHACL shapes, ``shapes*.ttl``, are kept apart)."""
        return [p for p in sorted((self.root / "ontology").glob("*.ttl"))
                if not p.name.startswith("shapes")]

    def shapes_files(self) -> list[Path]:
        return sorted((self.root / "ontology").glob("shapes*.ttl"))

    def input_files(self) -> list[Path]:
        """Every file a build reads: data, sources and ontology."""
        from pathlib import Path

        return [Path(path) for _, path, _ in self._input_stats()]

    def _input_stats(self) -> list[tuple[str, str, "os.stat_result"]]:
        """:meth:`input_files` as (name in the project, path, stat), one system call a file
        and no Path made (what :meth:`input_digest` checks on every command)."""
        facts = self.path("data", "facts")
        checked = []

        def check(directory: str, entries: list) -> None:
            if directory == facts:  # refuses a misnamed or special fact file before a skip
                checked.append(self._checked_fact_names(facts, entries))

        files = _walk_files(self.path("data"), "data/", skip=(".draft.yaml",), visit=check)
        if not checked:  # not walked (a link to a folder): checked as fact_files reads it
            self._fact_names()
        folder = self.path("ontology")  # what folder.glob("*.ttl") lists, in order
        ontology = [os.path.join(folder, name)
                    for name in sorted(e.name for e in _scan(folder) if e.name.endswith(".ttl"))]
        return files + [("ontology/" + os.path.basename(path), path, os.stat(path))
                        for path in ontology]

    def input_digest(self) -> str:
        """SHA-256 over the names and bytes of every input file, kg's version and its code.

        A file's own hash is read again only when its size, modification time, change time
        or inode differ from those recorded with the hash (``.kg-digests.json`` in the project, as
        git's index does): a command on an unchanged corpus stats the files, it does not read
        them; so are kg's own files (``kg/...`` in the same record). When every stat is the one
        recorded, the digest is read from :data:`STAT_FILE` (the stats as one text, compared
        whole) and the per-file record is parsed only if :attr:`hashes` is asked for. A file
        modified in the last two seconds is not recorded (its time may not yet tell a later
        write apart).
        """
        if self._held:
            return self._held[0]
        from kg.version import __version__

        # kg's own files, stat-first too ("kg/..." in the same record): an edited kg (an
        # editable install) may build another graph from the same inputs
        code = _walk_files(_PACKAGE, "kg/", prune="__pycache__", skip=(".pyc",))
        inputs = self._input_stats()
        key = _stat_key(__version__, code + inputs)
        recorded = _recorded_digest(self.path(STAT_FILE), key)
        if recorded is not None and (not _PACKAGE_DIGEST or _PACKAGE_DIGEST[0] == recorded[0]):
            if not _PACKAGE_DIGEST:
                _PACKAGE_DIGEST.append(recorded[0])
            self._hashes, self._unhashed = None, inputs
            digest = recorded[1]
        else:
            digest = self._hash_inputs(__version__, code, inputs, key)
        if self._held is not None:
            self._held.append(digest)
        return digest

    def hold_digest(self) -> "HeldDigest":
        """A context in which :meth:`input_digest` is computed once, by its first call, and
        given back as such by the later ones: for one command that checks the inputs and then
        builds them (``kg build``), where a second walk and stat of every file costs a tenth of
        a second at a million triples. A file edited within the context is seen by the next
        command, as one edited just after it would be.

        Example:
            >>> with project.hold_digest():
            ...     up_to_date = project.input_digest() == last; project.input_digest()
        """
        return HeldDigest(self)

    def _hash_inputs(self, version: str, code: list, inputs: list, key: str) -> str:
        """:meth:`input_digest` from the per-file record, reading the files whose stat is not
        the recorded one; records the hashes, and the stats with the digest they give."""
        import time

        cache_file = self.path(DIGESTS_FILE)
        try:
            cached = read_json(cache_file)
            cached = cached if isinstance(cached, dict) else {}
        except (OSError, ValueError):
            cached = {}
        fresh: dict = {}
        recent = time.time_ns() - 2_000_000_000
        code_hashes = list(_hashed(code, cached, fresh, recent))
        input_hashes = list(_hashed(inputs, cached, fresh, recent))
        self._hashes, self._unhashed = dict(input_hashes), []
        # every file recorded and as recorded: the sums recorded with them hold (no hashing)
        whole = len(fresh) == len(code_hashes) + len(input_hashes)
        sums = cached.get("")
        if whole and isinstance(sums, list) and len(sums) == 3 and sums[0] == version \
                and fresh == {k: v for k, v in cached.items() if k} \
                and (not _PACKAGE_DIGEST or _PACKAGE_DIGEST[0] == sums[1]):
            package, digest = sums[1], sums[2]
        else:
            package, digest = _sums(version, code_hashes, input_hashes)
        if not _PACKAGE_DIGEST:
            _PACKAGE_DIGEST.append(package)
        if whole:
            fresh[""] = [version, package, digest]
        from kg.rdfio.files import write_atomic

        try:
            if fresh != cached:
                write_atomic(cache_file, dump_json(fresh, separators=(",", ":")).encode())
            if whole:  # after the record its hashes are read from, when asked for
                write_atomic(self.path(STAT_FILE),
                             f"{package} {digest}\n{key}".encode("utf-8", "surrogateescape"))
        except OSError:  # a read-only project: hash every time
            pass
        return digest


def _stat_key(version: str, files: list) -> str:
    """The stats of ``files`` ((name, path, stat) each) as one text, with kg's version: equal
    to a recorded one only when no file was added, removed, renamed or written since (every
    field ends in NUL, which no name holds: two different lists never give one text)."""
    return f"{version}\0" + "".join([
        f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\0"
        for rel, _, info in files])


def _recorded_digest(path: str, key: str) -> tuple[str, str] | None:
    """(kg's package digest, the input digest) recorded in the stat file at ``path`` with the
    stats ``key``, or None when it records other stats (or cannot be read)."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            text = handle.read()
    except OSError:
        return None
    head, _, recorded = text.partition("\n")
    sums = head.split(" ")
    if recorded != key or len(sums) != 2:
        return None
    return sums[0], sums[1]


def _sums(version: str, code_hashes: list, input_hashes: list) -> tuple[str, str]:
    """(kg's package digest, the input digest) from the files' own hashes; the package's is
    the one measured first in this process, if any (kg's files do not change under it)."""
    import hashlib

    if _PACKAGE_DIGEST:
        package_hex = _PACKAGE_DIGEST[0]
    else:
        package = hashlib.sha256()
        for rel, file_hash in code_hashes:
            package.update(rel[3:].encode() + b"\0" + bytes.fromhex(file_hash))
        package_hex = package.hexdigest()
    digest = hashlib.sha256(f"kg {version}\n".encode())
    digest.update(package_hex.encode())
    for rel, file_hash in input_hashes:
        digest.update(rel.encode() + b"\0")
        digest.update(bytes.fromhex(file_hash))
    return package_hex, digest.hexdigest()


def _hashed(files, cached: dict, fresh: dict, recent: int):
    """(name, SHA-256 hex) of each (name, path, stat) of ``files``: the hash recorded in
    ``cached`` when the stat is the recorded one, else read; what can be trusted next time
    (not modified since ``recent``) is put in ``fresh``."""
    for rel, path, info in files:
        key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        entry = cached.get(rel)
        if isinstance(entry, list) and len(entry) == 5 and entry[:4] == key:
            file_hash = entry[4]
        else:
            file_hash = file_hash_of(path)
        if info.st_mtime_ns < recent:
            fresh[rel] = [*key, file_hash]
        yield rel, file_hash


def hashes_stat_first(files: dict[str, str], record: str) -> dict[str, str | None]:
    """The SHA-256 (hex) of each file of ``files`` (name -> path), None for one that cannot
    be read: the hash recorded for it in the JSON file ``record`` while its size, times and
    inode are the recorded ones (an unchanged 50 MB export is not read again on every
    command), else read and recorded, unless modified in the last two seconds."""
    import time

    try:
        cached = read_json(record)
        cached = cached if isinstance(cached, dict) else {}
    except (OSError, ValueError):
        cached = {}
    out: dict[str, str | None] = dict.fromkeys(files)
    stats = []
    for name, path in files.items():
        try:
            stats.append((name, path, os.stat(path)))
        except OSError:
            continue
    fresh: dict = {}
    try:
        out.update(_hashed(stats, cached, fresh, time.time_ns() - 2_000_000_000))
    except OSError:  # gone or unreadable since its stat: what is not hashed counts as torn
        return out
    if fresh != cached:
        from kg.rdfio.files import write_atomic

        try:
            write_atomic(record, dump_json(fresh, separators=(",", ":")).encode())
        except OSError:  # a read-only project: hashed every time
            pass
    return out


def file_hash_of(path: str) -> str:
    """The SHA-256 (hex) of the file at ``path``'s bytes."""
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _settings_key(info: "os.stat_result") -> list:
    """What must be unchanged for a cached parse of kg.yaml to hold: the file's stat and this
    module's (a kg whose checks of kg.yaml changed parses it again)."""
    own = os.stat(__file__)
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, own.st_size,
            own.st_mtime_ns]


def _cached_settings(root: str, info: "os.stat_result") -> dict | None:
    """The cached parse of ``data/kg.yaml`` when its stat is the one recorded, else None."""
    try:
        cached = read_json(os.path.join(root, SETTINGS_FILE))
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("key") != _settings_key(info):
        return None
    if not all(k in cached for k in ("settings", "name", "base", "charts")):
        return None
    return cached


def _cache_settings(project: "Project", info: "os.stat_result") -> None:
    """Record the parse of ``data/kg.yaml`` for the next :meth:`Project.open`, atomically;
    not when the file was modified in the last two seconds (its time may not yet tell a later
    write apart), nor when a value is not plain JSON (a date), nor in a read-only project."""
    import time

    if info.st_mtime_ns >= time.time_ns() - 2_000_000_000:
        return
    try:
        data = dump_json({"key": _settings_key(info), "name": project.name,
                           "base": project.base, "settings": project.settings,
                           "charts": [_chart_to_json(c) for c in project.charts]},
                          ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return
    from kg.rdfio.files import write_atomic

    try:
        write_atomic(project.path(SETTINGS_FILE), data.encode())
    except OSError:
        pass


def _chart_to_json(chart: ChartSpec) -> dict:
    return {"name": chart.name, "kind": chart.kind, "metrics": list(chart.metrics),
            "metric_class": chart.metric_class, "subject": chart.subject,
            "title": [list(pair) for pair in chart.title]}


def _chart_from_json(data: dict) -> ChartSpec:
    return ChartSpec(name=data["name"], kind=data["kind"], metrics=tuple(data["metrics"]),
                     metric_class=data["metric_class"], subject=data["subject"],
                     title=tuple(tuple(pair) for pair in data["title"]))


def find_root(start: "str | Path" = ".") -> Path:
    """The project that ``start`` is in, as git finds the repository from any folder inside
    it (``kg`` run in ``data/sources/`` works on the project): ``start`` when it has a
    ``data/`` directory (a project may do without ``data/kg.yaml``), else the nearest of its
    parents that holds ``data/kg.yaml``; ``start`` itself when none does (then
    :meth:`Project.open` says what is missing there)."""
    from pathlib import Path

    return Path(find_root_path(os.fspath(start)))


def find_root_path(start: str = ".") -> str:
    """:func:`find_root` as a string, with no Path made (the cold path of a query): ``start``
    made absolute as ``Path.absolute()`` makes it (no link resolved, ``..`` kept)."""
    if not os.path.isabs(start):
        start = os.path.join(os.getcwd(), start)
    parts = [part for part in start.split("/") if part not in ("", ".")]
    start = "/" + "/".join(parts)
    if os.path.isdir(os.path.join(start, "data")):
        return start
    folder = start
    while folder != "/":
        folder = os.path.dirname(folder)
        if os.path.isfile(os.path.join(folder, "data", "kg.yaml")):
            return folder
    return start


def _scan(folder: Path | str) -> list:
    """The entries of ``folder`` (none if it is not a readable directory)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _walk_files(folder: str, prefix: str, *, prune: str | None = None, skip: tuple = (),
                visit=None) -> list[tuple[str, str, "os.stat_result"]]:
    """What ``[p for p in sorted(folder.rglob("*")) if p.is_file()]`` lists, as (``prefix``
    + the path under ``folder`` with ``/``, path, ``stat()``): directories walked but not
    symlinks to them, symlinks to files followed, in the order of sorted paths (part by part:
    a folder's entries sorted by name, each folder's files where its name sorts); read from
    directory entries, with one stat a file. Directories named ``prune`` and files whose
    name ends with one of ``skip`` are left out; ``visit`` is called with each directory
    walked and its entries, sorted by name."""
    found: list = []

    def walk(directory: str, rel: str, fd: int | None) -> None:
        # a directory read through its descriptor: each stat looks up a name in it, not the
        # whole path again (a quarter of a large project's digest)
        entries = sorted(_scan(directory if fd is None else fd), key=_entry_name)
        if visit is not None:
            visit(directory, entries)
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir() and not entry.is_symlink():
                    if name != prune:
                        descend(f"{directory}/{name}", f"{rel}{name}/", fd, name)
                elif entry.is_file() and not name.endswith(skip):
                    found.append((rel + name, f"{directory}/{name}", entry.stat()))
            except OSError:  # gone or unreadable since it was listed: as rglob, skipped
                continue

    def descend(directory: str, rel: str, parent: int | None, name: str) -> None:
        if parent is None:
            return walk(directory, rel, None)
        child = os.open(name, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0), dir_fd=parent)
        try:
            walk(directory, rel, child)
        finally:
            os.close(child)

    folder = os.fspath(folder)
    if os.scandir not in os.supports_fd:
        walk(folder, prefix, None)
        return found
    try:
        top = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # not a readable directory: nothing in it
        return found
    try:
        walk(folder, prefix, top)
    finally:
        os.close(top)
    return found


def _entry_name(entry) -> str:
    return entry.name


#: kg's package directory (``kg/``), whatever module asks (``PACKAGE_DIR``: as a Path)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def __getattr__(name: str):
    """``PACKAGE_DIR``, kg's package directory as a Path, made when first asked for."""
    if name == "PACKAGE_DIR":
        from pathlib import Path

        return Path(_PACKAGE)
    raise AttributeError(f"module 'kg.inputs.project' has no attribute {name!r}")


#: kg's package digest, once measured in this process (its files do not change under it; a
#: changed kg is a new process)
_PACKAGE_DIGEST: list[str] = []


def _installed_package_digest() -> str:
    """:func:`package_digest` of the running kg, once per process (``input_digest`` measures it
    stat-first, from the hashes recorded in the project)."""
    if not _PACKAGE_DIGEST:
        _PACKAGE_DIGEST.append(package_digest())
    return _PACKAGE_DIGEST[0]


def package_digest(package: "Path | None" = None) -> str:
    """SHA-256 over every file of kg's package: its code in every subpackage (a changed builder
    may build a different graph from the same inputs) and ``kg/static/**`` (the view's script
    and styles are part of graph.html)."""
    import hashlib
    from pathlib import Path

    package = Path(_PACKAGE if package is None else package)
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" +
                          hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


_CHART_KEYS = ("name", "kind", "metric", "class", "subject", "title")


def parse_charts(settings, path: str) -> tuple[ChartSpec, ...]:
    """The ``charts:`` list of ``data/kg.yaml``, checked; each error names the key and line.

    Raises:
        InputError: not a list of mappings, an unknown key or kind, a bad id, a repeated name.
    """
    import re

    from kg.inputs.yamlfile import Mapping

    items = settings["charts"]
    if not isinstance(items, list):
        raise InputError("charts: must be a list of charts (- name: ..., kind: ...)", path=path,
                         line=settings.line_of("charts"))
    out: list[ChartSpec] = []
    for i, item in enumerate(items):
        where = f"charts[{i}]"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: must be a mapping with name: and kind:", path=path,
                             line=settings.line_of("charts"))

        def fail(key: str, message: str, where=where, item=item) -> InputError:
            return InputError(f"{where}.{key}: {message}", path=path, line=item.line_of(key))

        for key in item:
            if key not in _CHART_KEYS:
                raise fail(key, f"unknown key; use {', '.join(_CHART_KEYS)}")
        name = item.get("name")
        if not isinstance(name, str) or not re.match(_SLUG_RE, name) or name == "figures":
            raise fail("name", "needs a lowercase slug such as 'losses' ('figures' is taken "
                       "by the report's own tiles)")
        if name in {c.name for c in out}:
            raise fail("name", f"'{name}' is used by an earlier chart; names must be unique")
        kind = item.get("kind")
        if kind not in CHART_KINDS:
            raise fail("kind", f"must be one of {', '.join(CHART_KINDS)}, not {kind!r}")
        metrics = item.get("metric", [])
        metrics = [metrics] if isinstance(metrics, str) else metrics
        if not isinstance(metrics, list) or not all(isinstance(m, str) and re.match(_SLUG_RE, m)
                                                    for m in metrics):
            raise fail("metric", "must be a metric's entity id or a list of them")
        metric_class = item.get("class")
        if metric_class is not None and (not isinstance(metric_class, str)
                                         or not re.match(_CLASS_RE, metric_class)):
            raise fail("class", "must be the local name of a kgo: class, e.g. Metric")
        if kind != "changes" and not metrics and metric_class is None:
            raise fail("kind", f"a '{kind}' chart needs metric: or class:")
        subject = item.get("subject")
        if subject is not None and (not isinstance(subject, str) or not re.match(_SLUG_RE, subject)):
            raise fail("subject", "must be an entity id such as 'sensetime'")
        title = item.get("title", {})
        title = {"en": title} if isinstance(title, str) else title
        if not isinstance(title, dict) or not all(
                lang in LANGS and isinstance(text, str) and text.strip()
                for lang, text in title.items()):
            raise fail("title", f"must be a text or a mapping of {', '.join(LANGS)} to texts")
        out.append(ChartSpec(name=name, kind=kind, metrics=tuple(metrics),
                             metric_class=metric_class, subject=subject,
                             title=tuple(sorted(title.items()))))
    return tuple(out)
