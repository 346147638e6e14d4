"""Shared helpers for the ask guard tests: the labelled message sets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "asks"


@dataclass(frozen=True)
class Labelled:
    subject: str
    body: str
    is_ask: bool
    kind: str | None
    lang: str
    note: str


def load(name: str) -> list[Labelled]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [Labelled(**json.loads(line)) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def train() -> list[Labelled]:
    return load("train.jsonl")


@pytest.fixture(scope="session")
def heldout() -> list[Labelled]:
    return load("heldout.jsonl")
