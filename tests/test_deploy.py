"""The deployment files agree with the project: the container installs what pyproject needs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_container_lock_pins_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {_name(r) for r in project["project"]["dependencies"]}
    lock = (ROOT / "deploy" / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pinned = {_name(line) for line in lock if line.strip() and not line.startswith("#")}
    assert needed - pinned == set()
    assert all("==" in line for line in lock if line.strip() and not line.startswith("#"))
