"""Where a kg project keeps its inputs and outputs, and its settings (``data/kg.yaml``)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.vocab import DEFAULT_BASE

_BASE_RE = re.compile(r"^https?://[A-Za-z0-9.\-]+(:\d+)?(/[A-Za-z0-9._~\-/]*)?/\Z")


@dataclass
class Project:
    """A project directory: ``data/``, ``ontology/``, ``queries/``, ``exports/``.

    Args:
        root: the project directory.
        name: stem of the exported data files (``exports/{name}.ttl``).
        base: base IRI of every instance resource; ends with ``/``.
    """

    root: Path
    name: str = "graph"
    base: str = DEFAULT_BASE
    settings: dict = field(default_factory=dict)

    @classmethod
    def open(cls, root: str | Path = ".") -> "Project":
        """Open the project at ``root`` and read ``data/kg.yaml`` if there is one."""
        root = Path(root).resolve()
        if not (root / "data").is_dir():
            raise UsageError(f"{root.name or root}: no data/ directory here; run kg in a project "
                             "directory or pass --project DIR")
        project = cls(root=root)
        config = root / "data" / "kg.yaml"
        if config.exists():
            from kg.inputs.yamlfile import load_yaml

            settings = load_yaml(config, project.rel(config))
            if not isinstance(settings, dict):
                raise InputError("must be a mapping (name:, base:)", path=project.rel(config))
            project.settings = settings
            project.name = str(settings.get("name", project.name))
            project.base = str(settings.get("base", project.base))
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", project.name):
                raise InputError(f"name '{project.name}' must be a lowercase slug",
                                 path=project.rel(config), line=settings.line_of("name"))
            if not _BASE_RE.match(project.base):
                raise InputError(f"base '{project.base}' must be an http(s) IRI ending with '/'",
                                 path=project.rel(config), line=settings.line_of("base"))
        return project

    def rel(self, path: Path) -> str:
        """``path`` relative to the project root, for messages."""
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
        return sorted((self.data_dir / "facts").glob("*.yaml"))

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (SHACL shapes, ``shapes*.ttl``, are kept apart)."""
        return [p for p in sorted((self.root / "ontology").glob("*.ttl"))
                if not p.name.startswith("shapes")]

    def shapes_files(self) -> list[Path]:
        return sorted((self.root / "ontology").glob("shapes*.ttl"))

    def input_files(self) -> list[Path]:
        """Every file a build reads: data, sources and ontology."""
        files = [p for p in sorted(self.data_dir.rglob("*")) if p.is_file() and
                 not p.name.endswith(".draft.yaml")]
        return files + sorted((self.root / "ontology").glob("*.ttl"))

    def input_digest(self) -> str:
        """SHA-256 over the names and bytes of every input file and kg's version."""
        from kg.version import __version__

        digest = hashlib.sha256(f"kg {__version__}\n".encode())
        # kg's own code too: a changed builder may build a different graph from the same inputs
        # and its static files: the view's script and styles are part of graph.html
        package = Path(__file__).resolve().parent
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" +
                              hashlib.sha256(path.read_bytes()).digest())
        for path in self.input_files():
            digest.update(self.rel(path).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()
