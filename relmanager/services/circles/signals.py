"""Reading the evidence for a circle off one contact.

`collect` returns {kind: reason}: the first (and, since a kind has one weight,
strongest) instance of each kind of evidence, with a sentence a person
understands ("gmail.com is a personal e-mail provider"). Weights live in
`weights.py`; this module only says what is on the card.
"""

from __future__ import annotations

import functools

from relmanager.domain import Contact
from relmanager.services.circles.domains import domain_of, is_company_domain, is_free_mail
from relmanager.services.circles.rules import Rule, RuleIndex
from relmanager.services.circles.vocab import (
    RELATED_FRIEND_TYPES,
    RELATED_PRO_TYPES,
    category_kind,
    fold_key,
    label_side,
)
from relmanager.services.circles.weights import Kind

Evidence = dict[Kind, str]

_FREE, _COMPANY, _NEITHER = 1, 2, 0


@functools.lru_cache(maxsize=65536)
def _domain_class(domain: str) -> int:
    if is_free_mail(domain):
        return _FREE
    return _COMPANY if is_company_domain(domain) else _NEITHER


def _side(types: tuple[str, ...], label: str | None) -> str:
    """'work', 'home' or '' from TYPE values and an item label."""
    if "work" in types:
        return "work"
    if "home" in types:
        return "home"
    return label_side(label) if label else ""


def collect(contact: Contact, rules: RuleIndex) -> Evidence:
    ev: Evidence = {}
    _emails(contact, rules, ev)
    for phone in contact.phones:
        side = _side(phone.types, phone.label)
        if side:
            ev.setdefault(Kind.WORK_PHONE if side == "work" else Kind.HOME_PHONE,
                          f"phone marked {side.upper()}")
    for adr in contact.addresses:
        side = _side(adr.types, adr.label)
        if side:
            ev.setdefault(Kind.WORK_ADDRESS if side == "work" else Kind.HOME_ADDRESS,
                          f"address marked {side.upper()}")
    if contact.raw:
        _raw(contact, ev)
    _organisation(contact, rules, ev)
    for category in contact.categories:
        kind = category_kind(category)
        if kind is not None:
            ev.setdefault(kind, f"category {category.strip()}")
        if rules.category:
            _rule(rules.category.get(fold_key(category)), category.strip(), ev)
    if contact.birthday is not None:
        ev[Kind.BIRTHDAY] = "has a birthday"
    if contact.nicknames:
        _nickname(contact, ev)
    return ev


def _nickname(contact: Contact, ev: Evidence) -> None:
    """A nickname that says something: not the given name again, not just digits."""
    plain = (contact.name.given.strip().casefold(), contact.display_name.strip().casefold())
    for nickname in contact.nicknames:
        nick = nickname.strip()
        if nick.casefold() not in plain and any(ch.isalpha() for ch in nick):
            ev[Kind.NICKNAME] = f"has a nickname ({nick})"
            return


def _emails(contact: Contact, rules: RuleIndex, ev: Evidence) -> None:
    for email in contact.emails:
        domain = domain_of(email.address)
        side = _side(email.types, email.label)
        if side == "work":
            ev.setdefault(Kind.WORK_EMAIL, "e-mail marked WORK")
        elif side == "home":
            ev.setdefault(Kind.HOME_EMAIL, "e-mail marked HOME")
        if not domain:
            continue
        klass = _domain_class(domain)
        if klass == _FREE and side != "work":
            ev.setdefault(Kind.FREE_MAIL, f"{domain} is a personal e-mail provider")
        elif klass == _COMPANY:
            if side != "home":  # me@my-own-name.com marked HOME is a private domain
                ev.setdefault(Kind.COMPANY_DOMAIN, f"{domain} is a company e-mail domain")
            if rules.email_domain:
                _rule(rules.email_domain.get(domain), domain, ev)


def _organisation(contact: Contact, rules: RuleIndex, ev: Evidence) -> None:
    org = next((o.name.strip() for o in contact.organisations if o.name.strip()), "")
    title = contact.title.strip() or contact.role.strip()
    if not org:
        if title:
            ev[Kind.TITLE] = f"job title: {title}"
        return
    if rules.org:
        _rule(rules.org.get(fold_key(org)), org, ev)
    if contact.name.is_empty() and fold_key(contact.display_name) in ("", fold_key(org)):
        ev[Kind.COMPANY_CARD] = f"a company card: {org}, no person's name"
    if Kind.COMPANY_CARD in ev or Kind.SHOW_AS_COMPANY in ev:
        return
    if title:
        ev[Kind.ORG_AND_TITLE] = f"works at {org} as {title}"
    else:
        ev[Kind.ORG] = f"works at {org}"


def _rule(rule: Rule | None, shown: str, ev: Evidence) -> None:
    if rule is None:
        return
    reason = rule.describe(shown)
    if rule.circle.is_friend:
        ev.setdefault(Kind.RULE_FRIEND, reason)
    if rule.circle.is_professional:
        ev.setdefault(Kind.RULE_PRO, reason)


def _raw(contact: Contact, ev: Evidence) -> None:
    related_groups: list[str] = []
    for prop in contact.raw:
        if prop.name == "X-ABSHOWAS":
            if prop.line.rpartition(":")[2].strip().upper() == "COMPANY":
                ev[Kind.SHOW_AS_COMPANY] = "the card is shown as a company"
        elif prop.name == "RELATED":
            _related(_param_types(prop.line), ev)
        elif prop.name == "X-ABRELATEDNAMES":
            group, dot, _ = prop.line.partition(".")
            if dot and ":" not in group and ";" not in group:
                related_groups.append(group.lower())
            else:
                _related((), ev)
    if related_groups:
        labels = {p.line.partition(".")[0].lower(): p.line.partition(":")[2]
                  for p in contact.raw if p.name == "X-ABLABEL"}
        for group in related_groups:
            label = labels.get(group, "").strip().strip("_$!<>").strip().casefold()
            _related((label,) if label else (), ev)


def _param_types(line: str) -> tuple[str, ...]:
    head = line.partition(":")[0]
    types: list[str] = []
    for param in head.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().upper() == "TYPE":
            types.extend(t.strip().strip('"').lower() for t in value.split(","))
    return tuple(types)


def _related(types: tuple[str, ...], ev: Evidence) -> None:
    for t in types:
        if t in RELATED_FRIEND_TYPES:
            ev.setdefault(Kind.RELATED_FRIEND, f"has a related person ({t})")
            return
        if t in RELATED_PRO_TYPES:
            ev.setdefault(Kind.RELATED_PRO, f"has a related person ({t})")
            return
    ev.setdefault(Kind.RELATED, "has a related person")

