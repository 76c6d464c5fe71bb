"""Run Apache Jena's command-line tools (Debian's libapache-jena-java, installed by
scripts/setup.sh --test): riot, rsparql, ... by their main class."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

JENA_PACKAGE = "libapache-jena-java"
# logging: keep one SLF4J binding (slf4j-simple, to standard error) and no loop-making bridges
_BRIDGES = re.compile(r"(log4j-over-slf4j|slf4j-log4j12|slf4j-jdk14|slf4j-jcl|slf4j-nop|"
                      r"maven3-slf4j-provider|jcl-over-slf4j|jul-to-slf4j)")


def _package_jars(root: str) -> list[str]:
    """Unversioned jars of ``root`` and of the Debian packages it depends on, recursively."""
    seen, todo, jars = set(), [root], set()
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package],
                                 capture_output=True, text=True)
        if depends.returncode:
            continue
        for clause in depends.stdout.split(","):
            name = clause.split("|")[0].strip().split(" ")[0].split(":")[0]
            if name:
                todo.append(name)
        files = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout
        jars |= {line for line in files.splitlines()
                 if re.fullmatch(r"/usr/share/java/[^/]+\.jar", line)
                 and not re.search(r"-\d[\d.]*\.jar$", line) and not _BRIDGES.search(line)}
    return sorted(jars)


def jena_command(main_class: str, workdir: Path) -> list[str]:
    """The command that runs Jena's ``main_class`` (``riotcmd.riot``, ``arq.rsparql``), with
    Debian's Xerces resource bug worked around; skips the test when Jena is not installed.

    Debian relocates Jena's bundled Xerces classes to the package ``xerces`` but leaves their
    ``.properties`` resources under ``org/apache/jena/ext/xerces``, so the tools die with an
    ExceptionInInitializerError; copying the resources (into ``workdir``) to the relocated
    path fixes it.
    """
    java = shutil.which("java")
    core = Path("/usr/share/java/jena-core.jar")
    if not java or not core.exists():
        pytest.skip(f"Apache Jena is not installed (Debian {JENA_PACKAGE}; "
                    "scripts/setup.sh --test installs it)")
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(core) as jar:
        for name in jar.namelist():
            if name.startswith(prefix) and name.endswith(".properties"):
                target = workdir / "xerces" / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    classpath = ":".join([str(workdir)] + _package_jars(JENA_PACKAGE))
    return [java, "-Xshare:auto", "-cp", classpath, main_class]
