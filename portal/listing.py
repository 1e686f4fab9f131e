"""How the listing pages group a library that may hold thousands of articles and words."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import slugify

from .models import GlossaryTerm, Procedure

# Words that start with anything but a letter A to Z ("5-HT", "3D scan") share one group.
OTHER = "other"
LETTER_KEYS = [*string.ascii_lowercase, OTHER]


@dataclass
class Group:
    key: str
    label: str
    members: list = field(default_factory=list)
    url: str = ""


@dataclass
class Listed:
    """A procedure or a glossary word as a long list shows it: a name and where it leads."""

    slug: str
    title: str
    url: str
    conditions: list[str] = field(default_factory=list)
    pk: int = 0


def procedures() -> list[Listed]:
    """Every procedure in display order, for a list of titles: one query, no model instances."""
    # One reverse() for all: at thousands of rows it would cost more than the query.
    pattern = reverse("portal:procedure", args=["-"])
    rows = Procedure.objects.values_list("slug", "title", "conditions")
    return [
        Listed(slug, title, pattern.replace("/-/", f"/{slug}/"), conditions or [])
        for slug, title, conditions in rows
    ]


def words() -> list[Listed]:
    """Every glossary word, A to Z, without its definition: one query."""
    rows = GlossaryTerm.objects.values_list("pk", "slug", "term")
    return sorted(
        (Listed(slug, term, "", pk=pk) for pk, slug, term in rows),
        key=lambda w: (sort_key(w.title), w.slug),
    )


def sort_key(text: str) -> str:
    # A to Z whatever the case or accents: "MRI" among the m words, "Épidural" among the e words.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return (plain or text).casefold()


def letter_of(text: str) -> str:
    first = sort_key(text)[:1]
    return first if first in string.ascii_lowercase and first else OTHER


def a_to_z(terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    return sorted(terms, key=lambda t: (sort_key(t.term), t.slug))


def by_letter(words: list[Listed]) -> list[Group]:
    """Words already in A to Z order, grouped by first letter; the other group comes last."""
    groups: dict[str, Group] = {}
    for word in words:
        key = letter_of(word.title)
        if key not in groups:
            url = reverse("portal:glossary_letter", args=[key])
            groups[key] = Group(key, "#" if key == OTHER else key.upper(), url=url)
        groups[key].members.append(word)
    return sorted(groups.values(), key=lambda g: LETTER_KEYS.index(g.key))


def by_condition(procedures: list) -> list[Group]:
    """Procedures grouped by the conditions they treat, A to Z, in display order within a group;
    a procedure for more than one condition is in each of its groups.

    Procedures with no condition come last under no heading (the label is empty); when none has
    one, that is the only group. A group's key is its condition as it appears in an address.
    """
    groups: dict[str, Group] = {}
    for procedure in procedures:
        for condition in [c.strip() for c in procedure.conditions if c.strip()] or [""]:
            key = slugify(sort_key(condition))
            if key not in groups:
                groups[key] = Group(key, condition)
            groups[key].members.append(procedure)
    return sorted(groups.values(), key=lambda g: (g.key == "", g.key))
