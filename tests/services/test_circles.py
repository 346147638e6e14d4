"""Circle suggestions from one contact's signals (pure, no database)."""

from __future__ import annotations

import pytest

from relmanager.domain import (
    Address,
    Birthday,
    Circle,
    Contact,
    Email,
    Organisation,
    Phone,
    RawProperty,
    StructuredName,
)
from relmanager.services.circles import Rule, RuleIndex, RuleSignal, suggest
from relmanager.services.circles.domains import is_company_domain, is_free_mail
from relmanager.services.circles.suggest import NO_SIGNALS_REASON


def person(name: str = "Ann Lee", **fields: object) -> Contact:
    given, _, family = name.partition(" ")
    return Contact(uid=name, display_name=name, name=StructuredName(family, given),
                   **fields)  # type: ignore[arg-type]


def test_no_signals_is_unsorted_with_zero_confidence() -> None:
    s = suggest(person(phones=[Phone("+49 30 1234567", ("cell",))]))
    assert s.circle is Circle.UNSORTED
    assert s.confidence == 0.0
    assert s.reasons == (NO_SIGNALS_REASON,)


def test_free_mail_is_a_weak_friend_hint() -> None:
    s = suggest(person(emails=[Email("ann@gmail.com")]))
    assert s.circle is Circle.FRIEND
    assert s.confidence <= 0.5
    assert "gmail.com is a personal e-mail provider" in s.reasons


def test_company_domain_and_work_type() -> None:
    s = suggest(person(emails=[Email("ann@acme.example", ("internet", "work"))]))
    assert s.circle is Circle.PROFESSIONAL
    assert "e-mail marked WORK" in s.reasons
    assert "acme.example is a company e-mail domain" in s.reasons


@pytest.mark.parametrize("domain", ["example.com", "mail.example.org", "x.invalid", "host"])
def test_placeholder_domains_say_nothing(domain: str) -> None:
    assert not is_company_domain(domain)
    assert suggest(person(emails=[Email(f"a@{domain}")])).circle is Circle.UNSORTED


def test_free_mail_list_comes_from_the_package() -> None:
    for domain in ("gmail.com", "gmx.de", "orange.fr", "yahoo.co.jp", "mailbox.org"):
        assert is_free_mail(domain)
    assert not is_free_mail("acme.example")


def test_org_and_title_read_as_a_sentence() -> None:
    s = suggest(person(organisations=[Organisation("Acme GmbH")], title="CTO"))
    assert s.circle is Circle.PROFESSIONAL
    assert s.reasons[0] == "works at Acme GmbH as CTO"
    assert s.confidence > 0.5


def test_home_and_work_types_on_phone_and_address() -> None:
    home = suggest(person(phones=[Phone("1", ("home",))], addresses=[Address(types=("home",))]))
    assert home.circle is Circle.FRIEND
    assert {"phone marked HOME", "address marked HOME"} <= set(home.reasons)
    work = suggest(person(phones=[Phone("1", ("work",))], addresses=[Address(types=("work",))]))
    assert work.circle is Circle.PROFESSIONAL
    assert "address marked WORK" in work.reasons


def test_apple_item_label_counts_as_type() -> None:
    s = suggest(person(emails=[Email("ann@acme.example", label="_$!<Work>!$_")]))
    assert "e-mail marked WORK" in s.reasons


@pytest.mark.parametrize(("category", "circle"), [
    ("Family", Circle.FRIEND), ("Friends", Circle.FRIEND), ("Personal", Circle.FRIEND),
    ("Coworkers", Circle.PROFESSIONAL), ("Colleagues", Circle.PROFESSIONAL),
    ("Clients", Circle.PROFESSIONAL), ("Business", Circle.PROFESSIONAL),
    ("Work", Circle.PROFESSIONAL),
    # German
    ("Familie", Circle.FRIEND), ("Freunde", Circle.FRIEND), ("Kollegen", Circle.PROFESSIONAL),
    ("Kunden", Circle.PROFESSIONAL),
    # French
    ("Famille", Circle.FRIEND), ("Amis", Circle.FRIEND), ("Collègues", Circle.PROFESSIONAL),
    ("collegues", Circle.PROFESSIONAL),
    # Spanish
    ("Familia", Circle.FRIEND), ("Amigos", Circle.FRIEND), ("Compañeros", Circle.PROFESSIONAL),
    ("Clientes", Circle.PROFESSIONAL),
])
def test_categories_in_four_languages(category: str, circle: Circle) -> None:
    s = suggest(person(categories=[category]))
    assert s.circle is circle
    assert s.reasons == (f"category {category}",)
    assert s.confidence >= 0.8


def test_unknown_category_is_no_signal() -> None:
    assert suggest(person(categories=["VIP", "Starred in Android"])).circle is Circle.UNSORTED


def test_birthday_and_nickname() -> None:
    s = suggest(person(birthday=Birthday(2, 29), nicknames=("Bear",)))
    assert s.circle is Circle.FRIEND
    assert set(s.reasons) == {"has a birthday", "has a nickname (Bear)"}


def test_nickname_equal_to_given_name_says_nothing() -> None:
    assert suggest(person("Maxl Kinzel", nicknames=("Maxl",))).circle is Circle.UNSORTED


@pytest.mark.parametrize(("line", "circle"), [
    ("RELATED;TYPE=spouse:urn:uuid:1", Circle.FRIEND),
    ("RELATED;TYPE=co-worker:urn:uuid:2", Circle.PROFESSIONAL),
    ("RELATED;VALUE=text:Jane", Circle.FRIEND),
])
def test_related(line: str, circle: Circle) -> None:
    s = suggest(person(raw=[RawProperty("RELATED", line)]))
    assert s.circle is circle
    assert any(r.startswith("has a related person") for r in s.reasons)


def test_apple_related_name_with_label() -> None:
    raw = [RawProperty("X-ABRELATEDNAMES", "item3.X-ABRELATEDNAMES:Jane"),
           RawProperty("X-ABLABEL", "item3.X-ABLabel:_$!<Spouse>!$_")]
    assert suggest(person(raw=raw)).reasons == ("has a related person (spouse)",)


def test_show_as_company_ignores_personal_details() -> None:
    card = Contact(display_name="Acme Inc.", organisations=[Organisation("Acme Inc.")],
                   birthday=Birthday(1, 2), raw=[RawProperty("X-ABSHOWAS", "X-ABShowAs:COMPANY")])
    s = suggest(card)
    assert s.circle is Circle.PROFESSIONAL
    assert "the card is shown as a company" in s.reasons
    assert "personal details do not make a company card a friend" in s.reasons


def test_company_only_card() -> None:
    s = suggest(Contact(display_name="Bäckerei Schmidt",
                        organisations=[Organisation("Bäckerei Schmidt")]))
    assert s.circle is Circle.PROFESSIONAL
    assert s.reasons[0] == "a company card: Bäckerei Schmidt, no person's name"


def test_both_needs_real_evidence_on_each_side() -> None:
    s = suggest(person(organisations=[Organisation("Acme GmbH")], title="CTO",
                       emails=[Email("ann@acme.example", ("work",)),
                               Email("ann@gmail.com", ("home",))],
                       birthday=Birthday(5, 6), nicknames=("Annie",)))
    assert s.circle is Circle.BOTH
    assert "works at Acme GmbH as CTO" in s.reasons and "has a birthday" in s.reasons


def test_a_birthday_alone_does_not_make_a_colleague_both() -> None:
    s = suggest(person(organisations=[Organisation("Acme GmbH")], title="CTO",
                       emails=[Email("ann@acme.example", ("work",))], birthday=Birthday(5, 6)))
    assert s.circle is Circle.PROFESSIONAL


def test_family_category_outweighs_a_job() -> None:
    s = suggest(person(categories=["Family"], organisations=[Organisation("Acme GmbH")]))
    assert s.circle is Circle.FRIEND
    assert s.reasons == ("category Family",)


def test_categories_on_both_sides_make_both() -> None:
    assert suggest(person(categories=["Friends", "Colleagues"])).circle is Circle.BOTH


def test_rules_feed_the_suggester() -> None:
    rule = Rule(1, RuleSignal.EMAIL_DOMAIN, "acme.example", Circle.PROFESSIONAL, 2)
    s = suggest(person(emails=[Email("bob@acme.example")]), RuleIndex.build([rule]))
    assert s.circle is Circle.PROFESSIONAL
    assert s.reasons[0] == "you sorted 2 contacts at acme.example as professional"
    assert s.confidence > 0.5
    removed = Rule(1, RuleSignal.EMAIL_DOMAIN, "acme.example", Circle.PROFESSIONAL, 2,
                   removed=True)
    assert suggest(person(emails=[Email("bob@acme.example")]), [removed]).confidence <= 0.5


def test_org_rule_matches_folded_name() -> None:
    rule = Rule(1, RuleSignal.ORG, "acme gmbh", Circle.FRIEND, 3)
    s = suggest(person(organisations=[Organisation("ACME  GmbH")]), [rule])
    assert "you sorted 3 contacts at ACME  GmbH as friend" in s.reasons


def test_reasons_are_sentences_not_scores() -> None:
    s = suggest(person(emails=[Email("a@gmail.com", ("home",))], birthday=Birthday(1, 1)))
    for reason in s.reasons:
        assert any(ch.isalpha() for ch in reason)
        assert not reason.replace(".", "").isdigit()
