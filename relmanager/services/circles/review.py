"""The review queue: suggestions the user has not decided on, grouped so they go fast.

    queue = review_queue(engine)
    for group in queue.groups:        # most confident first, "no signal" last
        group.reason, group.circle, group.items

A group is the contacts whose *main* reason (the first, strongest one) and
suggested circle agree: "category Family" -> friend, "company e-mail domain
acme.example" -> professional, "you sorted 2 contacts at acme.example as
professional". A specific main reason (a category, an organisation, a company
domain) gets its own group when at least `MIN_GROUP` contacts share it (a
learned rule always does: it is what the user just taught); the rest are
grouped by the kinds of their two strongest reasons ("birthday, personal
e-mail address"), so a book does not become hundreds of groups of one.
Contacts with no signal come last, in one group.

Bulk decisions live in `decide.py` (`set_circles`, `restore_circles`); they are
re-exported here for the review page.

Two queries read the queue and the decided ids (stored suggestions; nothing is
recomputed), so it stays well under a second for 50k contacts.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.services.circles.decide import (
    PreviousCircles,
    decide_circles,
    restore_circles,
    set_circles,
)
from relmanager.services.circles.vocab import fold_key

__all__ = [
    "MIN_GROUP", "NO_SIGNAL_GROUP", "PreviousCircles", "ReviewGroup", "ReviewItem",
    "ReviewQueue", "decide_circles", "restore_circles", "review_queue", "set_circles",
]

MIN_GROUP = 3  # contacts sharing a specific reason before it is a group of its own
NO_SIGNAL_GROUP = "no signal: nothing on these cards points to a circle"

_QUEUE_SQL = """
SELECT c.id, c.display_name, c.circle_suggested, c.circle_confidence, c.circle_reasons,
  (SELECT e.address FROM emails e WHERE e.contact_id = c.id ORDER BY e.position LIMIT 1),
  (SELECT o.name FROM organisations o WHERE o.contact_id = c.id AND trim(o.name) != ''
   ORDER BY o.position LIMIT 1)
FROM contacts c WHERE c.circle_user IS NULL
"""


@dataclass(frozen=True, slots=True)  # 58k of them after a big import: no dict each
class ReviewItem:
    id: int
    name: str
    email: str
    org: str
    circle: Circle  # suggested
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReviewGroup:
    key: str  # stable while the reason and circle stay the same
    reason: str  # what a person reads: "category Family"
    circle: Circle  # the suggestion every item in the group has
    items: tuple[ReviewItem, ...]

    @property
    def confidence(self) -> float:
        """Mean confidence of the group (what orders the groups)."""
        if not self.items:
            return 0.0
        return round(sum(i.confidence for i in self.items) / len(self.items), 3)

    @property
    def ids(self) -> list[int]:
        return [i.id for i in self.items]


@dataclass(frozen=True)
class ReviewQueue:
    groups: tuple[ReviewGroup, ...]
    decided_ids: frozenset[int] = frozenset()  # contacts with a decision (for progress)

    @functools.cached_property
    def count(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @functools.cached_property
    def ids(self) -> frozenset[int]:
        return frozenset(i.id for g in self.groups for i in g.items)

    def without(self, ids: set[int]) -> ReviewQueue:
        """The queue once `ids` are decided, before it is read again (groups kept)."""
        groups = []
        for group in self.groups:
            items = tuple(i for i in group.items if i.id not in ids)
            if len(items) == len(group.items):
                groups.append(group)
            elif items:
                groups.append(ReviewGroup(group.key, group.reason, group.circle, items))
        return ReviewQueue(tuple(groups), self.decided_ids | (self.ids & ids))


# Main reason -> (specific key or None, specific label, generic label). The
# patterns follow the sentences `signals.py` and `learn.py` write.
_SPECIFIC: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (re.compile(r"^you sorted \d+ contacts? .+ as \w+$"), "rule", "{0}",
     "like contacts you sorted"),
    (re.compile(r"^category (.+)$"), "category", "category {1}", "a category"),
    (re.compile(r"^(\S+) is a company e-mail domain$"), "domain", "company e-mail domain {1}",
     "a company e-mail domain"),
)
_GENERIC: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^works at .+ as .+$"), "works at a company with a job title"),
    (re.compile(r"^works at "), "works at a company"),
    (re.compile(r"^a company card: "), "company card (no person's name)"),
    (re.compile(r" is a personal e-mail provider$"), "personal e-mail address"),
    (re.compile(r"^job title: "), "job title"),
    (re.compile(r"^has a birthday$"), "birthday"),
    (re.compile(r"^has a nickname"), "nickname"),
    (re.compile(r"^has a related person"), "related person"),
)


@functools.lru_cache(maxsize=65536)
def _specific(reason: str, org: str) -> tuple[str, str, str] | None:
    """(key, label, generic label) when the reason names one value worth a group."""
    if org and reason.startswith(f"works at {org}"):
        return f"org:{fold_key(org)}", f"works at {org}", "works at a company"
    for pattern, kind, label, generic in _SPECIFIC:
        match = pattern.match(reason)
        if match:
            value = match.group(1) if pattern.groups else reason
            key = reason if kind == "rule" else fold_key(value)
            return f"{kind}:{key}", label.format(reason, value), generic
    return None


@functools.lru_cache(maxsize=4096)
def _generic(reason: str) -> str:
    for pattern, label in _GENERIC:
        if pattern.search(reason):
            return label
    spec = _specific(reason, "")
    return spec[2] if spec else reason  # "e-mail marked WORK" reads well as it is


def _fallback_label(item: ReviewItem) -> str:
    """The kinds of evidence behind the two strongest reasons: "birthday, nickname"."""
    labels: list[str] = []
    for reason in item.reasons:
        label = _generic(reason)
        if label not in labels:
            labels.append(label)
        if len(labels) == 2:
            break
    return ", ".join(sorted(labels)) or NO_SIGNAL_GROUP  # one group whatever the order


_CIRCLES = {c.value: c for c in Circle}


def queue_size(engine: Engine) -> int:
    """How many contacts await a decision (cheap: decides sync or background reading)."""
    with engine.connect() as conn:
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM contacts WHERE circle_user IS NULL").scalar_one())


def review_queue(engine: Engine) -> ReviewQueue:
    """Undecided contacts with their suggestions, grouped and ordered for review."""
    # Many contacts share the same reasons: one tuple each. Per read, not an lru_cache:
    # that kept ~30 MB of JSON keys alive after the queue was gone.
    # Most single reasons ("has a birthday") recur across those tuples: one string each.
    parsed: dict[str, tuple[str, ...]] = {}
    strings: dict[str, str] = {}

    def reasons_of(text: str) -> tuple[str, ...]:
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = tuple(strings.setdefault(r, r) for r in json.loads(text))
        return found

    with engine.connect() as conn:
        # Row by row: all rows at once held tens of MB beside the items built from them.
        items = [ReviewItem(cid, name, email or "", org or "", _CIRCLES[circle], conf,
                            reasons_of(reasons))
                 for cid, name, circle, conf, reasons, email, org
                 in conn.exec_driver_sql(_QUEUE_SQL)]
        decided = frozenset(int(r[0]) for r in conn.exec_driver_sql(
            "SELECT id FROM contacts WHERE circle_user IS NOT NULL"))
    specific: dict[tuple[Circle, str], list[ReviewItem]] = defaultdict(list)
    labels: dict[str, str] = {}
    rest: list[ReviewItem] = []
    unsorted: list[ReviewItem] = []
    for item in items:
        if item.circle is Circle.UNSORTED:
            unsorted.append(item)
            continue
        spec = _specific(item.reasons[0], item.org) if item.reasons else None
        if spec is None:
            rest.append(item)
        else:
            specific[(item.circle, spec[0])].append(item)
            labels.setdefault(spec[0], spec[1])
    buckets: dict[tuple[Circle, str], list[ReviewItem]] = defaultdict(list)
    reasons: dict[tuple[Circle, str], str] = {}
    for (circle, key), members in specific.items():
        if len(members) >= MIN_GROUP or key.startswith("rule:"):  # what you just taught
            buckets[(circle, key)] = members
            reasons[(circle, key)] = labels[key]
        else:
            rest.extend(members)
    for item in rest:
        label = _fallback_label(item)
        buckets[(item.circle, "kind:" + label)].append(item)
        reasons[(item.circle, "kind:" + label)] = label
    groups = [_group(f"{circle.value}|{key}", reasons[(circle, key)], circle, members)
              for (circle, key), members in buckets.items()]
    groups.sort(key=lambda g: (-g.confidence, -len(g.items), g.reason.casefold()))
    if unsorted:
        groups.append(_group("unsorted", NO_SIGNAL_GROUP, Circle.UNSORTED, unsorted))
    return ReviewQueue(tuple(groups), decided)


def _group(key: str, reason: str, circle: Circle, members: list[ReviewItem]) -> ReviewGroup:
    members.sort(key=lambda i: (-i.confidence, i.name.casefold(), i.id))
    return ReviewGroup(key, reason, circle, tuple(members))
