"""Labels for books made by ../shared/bench/gen_vcards.py, from the generator's intent.

Independent of the suggester: this reads the generator's own person records
(what it *meant* to write: a company, categories, a birthday...), never the
vCard text, and applies a person's rule of thumb, not the suggester's weights:

- the categories the generator gave decide first: Family, Friends, Neighbors,
  School, Sports Club, Book Club are personal life; Coworkers, Clients,
  Suppliers, Recruiters are work (VIP and Doctors name neither);
- a company means work, unless a personal category says this is family or a
  friend and the card has no full work profile (work e-mail *and* job title);
- personal details (birthday, nickname, a free-mail address, home address,
  home phone) mean personal life when there are at least two of them, or when
  there is no work side at all and at least one; a work category needs three.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

GENERATOR = Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "gen_vcards.py"

PERSONAL = {"Family", "Friends", "Neighbors", "School", "Sports Club", "Book Club"}
WORK = {"Coworkers", "Clients", "Suppliers", "Recruiters"}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_vcards", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_vcards", module)
    spec.loader.exec_module(module)
    return module


def people(gen: ModuleType, n: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """The generator's person records, in card order (no near-duplicates)."""
    companies = gen.make_companies(seed)
    for i in range(n):
        r = random.Random(f"{seed}:{i}")
        if i:
            r.random()  # generate() draws the dupe coin once there is an original
        yield gen.make_person(r, companies)


def intended_circle(p: dict[str, Any]) -> str:
    cats = set(p["cats"])
    personal_cat, work_cat = bool(cats & PERSONAL), bool(cats & WORK)
    details = sum((
        p["bday"] is not None,
        bool(p["nickname"]),
        any(kind == "HOME" for kind, _ in p["emails"]),  # the generator's free-mail ones
        any(kind == "HOME" for kind, _ in p["adrs"]),
        any(kind == "HOME" for kind, _ in p["tels"]),
    ))
    full_work_profile = bool(p["title"]) and any(kind == "WORK" for kind, _ in p["emails"])
    professional = work_cat or (p["company"] is not None
                                and (not personal_cat or full_work_profile))
    if work_cat and not personal_cat:
        friend = details >= 3
    else:
        friend = personal_cat or details >= 2 or (not professional and details >= 1)
    if friend and professional:
        return "both"
    return "friend" if friend else "professional" if professional else "unsorted"
