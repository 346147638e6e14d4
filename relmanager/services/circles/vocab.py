"""Words that name a circle: CATEGORIES in several languages, RELATED types, labels.

Keys are folded (case- and accent-insensitive, see `fold_key`), so "Collègues",
"collegues" and "COLLÈGUES" are one entry. Categories that name no circle
(VIP, Doctors, Starred in Android, My Contacts) are not listed: they are not
evidence.
"""

from __future__ import annotations

import functools
import unicodedata

from relmanager.services.circles.weights import Kind


def fold_key(text: str) -> str:
    """Case- and accent-insensitive key with single spaces and no '&'/'_'/'-' noise."""
    text = text.strip().casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.replace("_", " ").replace("-", " ").split())


# Single words (space-separated) and phrases (one per tuple entry), per kind.
_FRIEND = ("""
family families familie famille familia famiglia familj relatives verwandte verwandtschaft
eltern parientes friends friend freunde freund freundin freundinnen amis ami amie amies
amigos amigo amigas amiga amici amico vrienden venner vanner personal privat private
persoenlich personlich personnel personnelle perso particulier
""", ("friends & family", "family & friends", "freunde & familie", "familie & freunde",
      "friends and family", "family and friends", "vie privee"))
_FRIEND_GROUP = ("""
neighbors neighbours nachbarn voisins vecinos vicini school schule ecole escuela colegio
scuola classmates schulfreunde sportverein verein buchclub
""", ("sports club", "sports team", "club de sport", "club deportivo", "book club",
      "club de lecture", "club de lectura"))
_PRO = ("""
coworkers coworker colleagues colleague kollegen kollegin kolleginnen arbeitskollegen
collegues collegue companeros colegas colleghi work arbeit job trabajo travail lavoro
business geschaftlich professional professionnel professionnelle profesional beruflich
beruf negocios affaires clients client customers customer kunden kunde clientes cliente
clienti
""", ("co workers", "co worker", "companeros de trabajo"))
_PRO_GROUP = ("""
suppliers supplier vendors vendor lieferanten lieferant fournisseurs fournisseur
proveedores proveedor fornitori recruiters recruiter headhunters geschaftspartner
""", ("business partners",))


def _category_table() -> dict[str, Kind]:
    table: dict[str, Kind] = {}
    for (words, phrases), kind in ((_FRIEND, Kind.CATEGORY_FRIEND),
                                   (_FRIEND_GROUP, Kind.CATEGORY_FRIEND_GROUP),
                                   (_PRO, Kind.CATEGORY_PRO),
                                   (_PRO_GROUP, Kind.CATEGORY_PRO_GROUP)):
        for entry in (*words.split(), *phrases):
            table[fold_key(entry)] = kind
    return table


CATEGORIES: dict[str, Kind] = _category_table()


@functools.lru_cache(maxsize=4096)
def category_kind(name: str) -> Kind | None:
    """The circle a category names, or None (most categories name none)."""
    return CATEGORIES.get(fold_key(name))


# RELATED;TYPE=... (RFC 6350 6.6.6) and Apple's X-ABRELATEDNAMES labels.
RELATED_FRIEND_TYPES = frozenset({
    "friend", "spouse", "child", "parent", "sibling", "kin", "sweetheart", "crush", "date",
    "neighbor", "emergency", "mother", "father", "brother", "sister", "son", "daughter",
    "partner", "husband", "wife", "grandmother", "grandfather", "aunt", "uncle", "cousin",
})
RELATED_PRO_TYPES = frozenset({"co-worker", "colleague", "assistant", "manager", "agent"})

# X-ABLabel values on e-mails, phones and addresses (Apple writes "_$!<Work>!$_").
WORK_LABELS = frozenset({"work", "arbeit", "büro", "buro", "bureau", "travail", "trabajo",
                         "office", "business", "geschäftlich", "geschaftlich", "dienstlich"})
HOME_LABELS = frozenset({"home", "privat", "private", "personal", "zuhause", "maison",
                         "domicile", "casa", "personnel"})


@functools.lru_cache(maxsize=1024)
def label_side(label: str) -> str:
    """'work', 'home' or '' for an item label such as '_$!<Work>!$_' or 'Büro'."""
    text = label.strip().strip("_$!<>").strip().casefold()
    if text in WORK_LABELS:
        return "work"
    if text in HOME_LABELS:
        return "home"
    return ""
