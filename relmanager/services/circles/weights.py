"""Every weight and threshold of the circle suggester, in one place.

How a suggestion is made (`suggest.py`):

1. Each piece of evidence on a card is a *signal* that speaks for one side:
   friend (personal life) or professional (work life). A signal kind counts
   once per contact, with its strongest instance (three gmail addresses are
   not three times the evidence).
2. Per side the signals combine like independent hints ("noisy OR"):
   ``score = 1 - (1 - w1) * (1 - w2) * ...``. One hint of 0.5 gives 0.5, two
   give 0.75, and no number of hints ever reaches 1.
3. The stronger side is suggested when its score is at least `LEAD_MIN`.
   The other side is added ("both") when its own score is at least
   `BOTH_MIN`, or `BOTH_MIN_VS_EXPLICIT` when the stronger side rests on the
   user's own sorting (a category or a learned rule) and the weaker one does
   not. Neither side reaching `LEAD_MIN` means "unsorted", confidence 0.
4. Confidence of friend or professional is the lead score, lowered by half of
   the other side's score (``lead * (1 - other / 2)``); of "both" it is the
   lower of the two scores. A single weak hint therefore stays below 0.5.

Weights read as "how often would a person who sees only this hint put the
contact on this side": a category the user typed is nearly certain, a
birthday is a coin toss, a home phone number alone is too little.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    FRIEND = "friend"
    PROFESSIONAL = "professional"


class Kind(StrEnum):
    """One kind of evidence; each kind counts once per contact."""

    CATEGORY_FRIEND = "category_friend"
    CATEGORY_PRO = "category_pro"
    CATEGORY_FRIEND_GROUP = "category_friend_group"  # Neighbors, School, Sports Club...
    CATEGORY_PRO_GROUP = "category_pro_group"  # Suppliers, Recruiters...
    RULE_FRIEND = "rule_friend"
    RULE_PRO = "rule_pro"
    SHOW_AS_COMPANY = "show_as_company"
    COMPANY_CARD = "company_card"
    ORG_AND_TITLE = "org_and_title"
    ORG = "org"
    TITLE = "title"
    COMPANY_DOMAIN = "company_domain"
    WORK_EMAIL = "work_email"
    WORK_PHONE = "work_phone"
    WORK_ADDRESS = "work_address"
    RELATED_PRO = "related_pro"
    RELATED_FRIEND = "related_friend"
    RELATED = "related"
    BIRTHDAY = "birthday"
    NICKNAME = "nickname"
    FREE_MAIL = "free_mail"
    HOME_EMAIL = "home_email"
    HOME_PHONE = "home_phone"
    HOME_ADDRESS = "home_address"


F, P = Side.FRIEND, Side.PROFESSIONAL

# kind: (side, weight). Read the module docstring for what a weight means.
WEIGHTS: dict[Kind, tuple[Side, float]] = {
    # The user's own sorting: categories they gave, rules learned from their decisions.
    Kind.CATEGORY_FRIEND: (F, 0.90),  # Family, Friends, Freunde, Amis, Amigos, Personal
    Kind.CATEGORY_PRO: (P, 0.90),  # Coworkers, Kollegen, Collègues, Clientes, Business
    Kind.CATEGORY_FRIEND_GROUP: (F, 0.70),  # Neighbors, School, Sports Club, Book Club
    Kind.CATEGORY_PRO_GROUP: (P, 0.70),  # Suppliers, Recruiters, Vendors
    Kind.RULE_FRIEND: (F, 0.85),
    Kind.RULE_PRO: (P, 0.85),
    # The card describes a company or a job.
    Kind.SHOW_AS_COMPANY: (P, 0.80),  # X-ABShowAs:COMPANY (Apple "this is a company")
    Kind.COMPANY_CARD: (P, 0.70),  # ORG but no personal name
    Kind.ORG_AND_TITLE: (P, 0.65),  # "works at Acme GmbH as CTO"
    Kind.ORG: (P, 0.50),  # "works at Acme GmbH"
    Kind.TITLE: (P, 0.40),  # a job title without a company
    Kind.COMPANY_DOMAIN: (P, 0.35),  # e-mail at an organisation's own domain
    Kind.WORK_EMAIL: (P, 0.50),  # TYPE=WORK (or label "Work") on an e-mail
    Kind.WORK_PHONE: (P, 0.25),
    Kind.WORK_ADDRESS: (P, 0.30),
    Kind.RELATED_PRO: (P, 0.50),  # RELATED;TYPE=co-worker / colleague, assistant
    # Personal details.
    Kind.RELATED_FRIEND: (F, 0.70),  # RELATED;TYPE=spouse / friend / child / kin...
    Kind.RELATED: (F, 0.40),  # a related person without a type
    Kind.BIRTHDAY: (F, 0.50),
    Kind.NICKNAME: (F, 0.45),
    Kind.FREE_MAIL: (F, 0.35),  # gmail.com, gmx.de, orange.fr...
    Kind.HOME_EMAIL: (F, 0.20),  # weak: many apps mark every e-mail HOME by default
    Kind.HOME_PHONE: (F, 0.25),
    Kind.HOME_ADDRESS: (F, 0.30),
}

# Kinds that are the user's own sorting ("explicit").
EXPLICIT: frozenset[Kind] = frozenset({
    Kind.CATEGORY_FRIEND, Kind.CATEGORY_PRO, Kind.CATEGORY_FRIEND_GROUP,
    Kind.CATEGORY_PRO_GROUP, Kind.RULE_FRIEND, Kind.RULE_PRO,
})
# A company card (X-ABShowAs:COMPANY or ORG without a person's name) cannot be
# a friend through personal details; only these friend kinds still count.
FRIEND_KINDS_ON_COMPANY_CARD: frozenset[Kind] = frozenset({
    Kind.CATEGORY_FRIEND, Kind.CATEGORY_FRIEND_GROUP, Kind.RULE_FRIEND,
})

LEAD_MIN = 0.30  # the stronger side needs this much to be suggested at all
BOTH_MIN = 0.55  # the weaker side needs this much to make the contact "both":
# more than a birthday alone, or a job alone, on an otherwise clear contact
BOTH_MIN_VS_EXPLICIT = 0.80  # ...when only the stronger side has the user's own sorting

# Learning from the user's decisions (`learn.py`).
LEARN_MIN_DECISIONS = 2  # sorted contacts sharing a domain / ORG / category
LEARN_AGREEMENT = 0.75  # share of those decisions that must agree on each side

MAX_REASONS = 6  # reasons shown per suggestion, strongest first
