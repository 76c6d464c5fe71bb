"""A project with two companies: the seed (SenseTime) plus tests/fixtures/cloudleap, a short
article about a fictional second company and its fact file, whose metrics overlap SenseTime's
(revenue, operating loss, segment revenue, GPUs in operation, headcount)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT, copy_project

FIXTURE = ROOT / "tests" / "fixtures" / "cloudleap"
#: The figures of the second company, its segments and its unit.
CLOUDLEAP_FIGURES = {
    "cloudleap-revenue-2023", "cloudleap-revenue-2024-h1", "cloudleap-operating-loss-2022",
    "cloudleap-operating-loss-2023", "cloudleap-finance-revenue-2024-h1",
    "cloudleap-retail-revenue-2024-h1", "cloudleap-gpu-count-2023-12",
    "cloudleap-gpu-count-2024-06", "cloudleap-research-headcount-2024-06"}


def two_companies(target: Path) -> Path:
    """A copy of the seed in ``target`` with the second company's source and facts added."""
    copy_project(target)
    for folder in ("sources", "facts"):
        for path in (FIXTURE / folder).iterdir():
            shutil.copy(path, target / "data" / folder / path.name)
    return target
