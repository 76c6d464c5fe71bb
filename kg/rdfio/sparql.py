"""Checks on SPARQL text before any store runs it."""

from __future__ import annotations

import re

from kg.errors import UsageError


def check_read_only(text: str, label: str = "<inline>") -> None:
    """Raise UsageError when ``text`` is a SPARQL Update: kg query is read-only."""
    if re.search(r"^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
                 _strip_prologue(text), re.I):
        raise UsageError(f"{label}: SPARQL Update is not allowed; kg query is read-only")


def _strip_prologue(text: str) -> str:
    text = re.sub(r"#[^\n]*", "", text)
    return re.sub(r"^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", text, flags=re.I)
