"""How a circle travels inside a vCard, so it survives export and re-import.

Two carriers, because other apps treat them differently: an X- property that
we read back exactly (`X-RELMANAGER-CIRCLE;X-SOURCE=user:friend`), and a
CATEGORIES entry (`relmanager:friend`) that survives apps which drop unknown
X- properties on edit. Neither is stored as contact data; they are the
circle itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from relmanager.domain import Circle, CircleSource, Contact

PROPERTY = "X-RELMANAGER-CIRCLE"
CATEGORY_PREFIX = "relmanager:"


@dataclass(frozen=True)
class CarriedCircle:
    circle: Circle
    source: CircleSource


def _parse_property(line: str) -> CarriedCircle | None:
    head, _, value = line.partition(":")
    try:
        circle = Circle(value.strip().lower())
    except ValueError:
        return None
    source = (CircleSource.USER if "X-SOURCE=USER" in head.upper()
              else CircleSource.SUGGESTED)
    return CarriedCircle(circle, source)


def extract_circle(contact: Contact) -> tuple[Contact, CarriedCircle | None]:
    """Strip our circle carriers from an imported contact and return the circle."""
    carried: CarriedCircle | None = None
    raw = []
    for prop in contact.raw:
        if prop.name == PROPERTY:
            carried = carried or _parse_property(prop.line)
        else:
            raw.append(prop)
    categories = []
    for category in contact.categories:
        if category.lower().startswith(CATEGORY_PREFIX):
            if carried is None:
                try:
                    # Only a user decision is exported as a category.
                    carried = CarriedCircle(Circle(category[len(CATEGORY_PREFIX):].lower()),
                                            CircleSource.USER)
                except ValueError:
                    categories.append(category)
        else:
            categories.append(category)
    if len(raw) == len(contact.raw) and len(categories) == len(contact.categories):
        return contact, carried
    return replace(contact, raw=raw, categories=categories), carried


def circle_carriers(circle: Circle, source: CircleSource) -> tuple[list[tuple[str, str]], str]:
    """(parameters, value) of the X- property; the category is `category_for`."""
    return [("X-SOURCE", source.value)], circle.value


def category_for(circle: Circle) -> str:
    return f"{CATEGORY_PREFIX}{circle.value}"
