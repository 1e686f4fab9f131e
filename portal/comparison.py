"""Which procedures a comparison shows, from the ``?p=<slug>`` choices in its address.

Whatever the address holds, the page answers with the valid part of the choice and a plain
message about the rest; the same set of procedures in any order gives the same table, in the
procedures' display order, so every choice has exactly one canonical address.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.validators import slug_re
from django.db.models import Q
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext

from .models import ComparisonAnswer, ComparisonQuestion, Procedure

PARAM = "p"
MIN_CHOICE = 2
MAX_CHOICE = 3
# Longer values are not real slugs; they are cut before being echoed back in a message.
ECHO_LIMIT = 40
# How many unknown values a message names before it says "and others".
ECHO_COUNT = 3


@dataclass
class Choice:
    chosen: list[Procedure]
    messages: list[str] = field(default_factory=list)

    @property
    def names(self) -> str:
        """The chosen procedures' titles as a phrase: "A and B", "A, B and C"."""
        return get_text_list([p.title for p in self.chosen], gettext("and"))

    @property
    def path(self) -> str:
        """The canonical address of this choice: the link to share."""
        return compare_path(self.chosen)


def query_string(procedures: list[Procedure]) -> str:
    return urlencode([(PARAM, p.slug) for p in procedures])


def compare_path(procedures: list[Procedure]) -> str:
    """``/compare/?p=a&p=b`` for the procedures in the order given (use display order)."""
    url = reverse("portal:compare")
    return f"{url}?{query_string(procedures)}" if procedures else url


def _echo(value: str) -> str:
    """A value as it may be shown back: printable, on one line, and short."""
    # Control characters, and the replacement character left by bytes that were not UTF-8.
    value = "".join(
        c for c in value if (unicodedata.category(c)[0] != "C" or c.isspace()) and c != "\ufffd"
    )
    value = " ".join(value.split())
    return value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…"


def _unknown_message(unknown: list[str]) -> str:
    named = [u for u in unknown if u]
    if not named:
        return gettext("Part of the link did not name a procedure we know, so we left it out.")
    shown = ", ".join(f"“{u}”" for u in named[:ECHO_COUNT])
    if len(named) > ECHO_COUNT:
        shown = gettext("%(names)s and others") % {"names": shown}
    return ngettext(
        "We could not find a procedure called %(names)s, so we left it out.",
        "We could not find a procedure called %(names)s, so we left them out.",
        len(named),
    ) % {"names": shown}


def _slug(value: str) -> str:
    return value.strip().lower()


def candidates(values: list[str], first: int = 0) -> list[Procedure]:
    """The procedures ``values`` name and the first few in display order (at least ``first``),
    in display order: one query, whatever the size of the library.

    Enough for :func:`choose`: the first few in display order are the first few of this list,
    and it is no longer than ``MAX_CHOICE`` (or ``first``) only when it holds every procedure.
    """
    leading = Procedure.objects.values("pk")[: max(first, MAX_CHOICE + 1)]
    wanted = Q(pk__in=leading)
    # Only what could be a slug is looked up: anything else names no procedure, and some
    # characters (NUL) cannot even be sent to PostgreSQL.
    slugs = {slug for slug in map(_slug, values) if slug_re.fullmatch(slug)}
    if slugs:
        wanted |= Q(slug__in=slugs)
    return list(Procedure.objects.filter(wanted).only("slug", "title", "position", "diagram"))


def choose(
    values: list[str], procedures: list[Procedure], *, empty_means_all: bool = True
) -> Choice:
    """The procedures to compare, in display order; ``procedures`` is all of them, in that order,
    or at least those ``values`` name and the first few (:func:`candidates`).

    With no values at all (a bare ``/compare/``) every procedure is shown, up to the maximum,
    unless ``empty_means_all`` is false: then nothing is chosen (the form with every box cleared).
    """
    by_slug = {p.slug: p for p in procedures}
    if not values:
        if empty_means_all:
            return Choice(procedures[:MAX_CHOICE])
        message = gettext("Choose %(min)d or %(max)d procedures to compare them.")
        return Choice([], [message % {"min": MIN_CHOICE, "max": MAX_CHOICE}])
    messages = []
    wanted: set[str] = set()
    unknown: list[str] = []
    for value in values:
        slug = _slug(value)
        if slug in by_slug:
            wanted.add(slug)
        elif slug and _echo(value) not in unknown:
            unknown.append(_echo(value))
    if unknown:
        messages.append(_unknown_message(unknown))
    chosen = [p for p in procedures if p.slug in wanted]
    if len(chosen) > MAX_CHOICE:
        message = gettext(
            "You can compare up to %(max)d procedures at a time, so we are showing the first %(max)d."
        )
        messages.append(message % {"max": MAX_CHOICE})
        chosen = chosen[:MAX_CHOICE]
    if not chosen:
        chosen = procedures[:MAX_CHOICE]
        if len(procedures) <= MAX_CHOICE:
            message = gettext("No procedure we know was chosen, so we are showing them all.")
        else:
            message = gettext(
                "No procedure we know was chosen, so we are showing the first %(max)d."
            ) % {"max": MAX_CHOICE}
        messages.append(message)
    elif len(chosen) < MIN_CHOICE:
        messages.append(gettext("Choose at least one more procedure to see them side by side."))
    return Choice(chosen, messages)


@dataclass
class Cell:
    procedure: Procedure
    html: str  # sanitised and glossary-marked at load time


@dataclass
class Row:
    question: ComparisonQuestion
    cells: list[Cell]  # one per chosen procedure, in column order


def rows(chosen: list[Procedure]) -> list[Row]:
    """The questions in order, each with the chosen procedures' answers: two queries in all."""
    if not chosen:
        return []
    answers = {
        (a.question_id, a.procedure_id): a.html
        for a in ComparisonAnswer.objects.filter(procedure__in=chosen).only(
            "question_id", "procedure_id", "html"
        )
    }
    return [
        Row(q, [Cell(p, answers.get((q.pk, p.pk), "")) for p in chosen])
        for q in ComparisonQuestion.objects.only("key", "text", "position", "translations")
    ]
