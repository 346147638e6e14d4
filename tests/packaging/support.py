"""Helpers shared by the packaging tests."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
CORPUS = REPO.parent / "shared" / "corpus" / "vcf"


def require(tool: str, why: str) -> str:
    """Path of an executable, or skip (fail in CI) when it is missing."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} not installed ({why})"
        if os.environ.get("RELMANAGER_REQUIRE_XVFB"):
            pytest.fail(f"{message}, and RELMANAGER_REQUIRE_XVFB is set")
        pytest.skip(message)
    return path


def wait_for_log(log: Path, text: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    content = log.read_text(errors="replace") if log.exists() else "(no log)"
    pytest.fail(f"{text!r} not logged within {timeout}s; log:\n{content}")
