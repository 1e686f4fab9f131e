"""Which procedures a comparison shows, from the ``?p=<slug>`` choices in its address.

Whatever the address holds, the page answers with the valid part of the choice and a plain
message about the rest; the same set of procedures in any order gives the same table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from .models import ComparisonAnswer, ComparisonQuestion, Procedure

MIN_CHOICE = 2
MAX_CHOICE = 3
# Longer values are not real slugs; they are cut before being echoed back in a message.
ECHO_LIMIT = 40


@dataclass
class Choice:
    chosen: list[Procedure]
    messages: list[str] = field(default_factory=list)

    @property
    def slugs(self) -> list[str]:
        return [p.slug for p in self.chosen]

    @property
    def query_string(self) -> str:
        return query_string(self.chosen)


def query_string(procedures: list[Procedure]) -> str:
    return urlencode([("p", p.slug) for p in procedures])


def _echo(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…"


def choose(values: list[str], procedures: list[Procedure]) -> Choice:
    """The procedures to compare; ``procedures`` is every procedure in display order."""
    by_slug = {p.slug: p for p in procedures}
    default = procedures[:MAX_CHOICE]
    if not values:
        return Choice(default)
    messages = []
    wanted: set[str] = set()
    unknown: list[str] = []
    for value in values:
        slug = value.strip().lower()
        if slug in by_slug:
            wanted.add(slug)
        elif value.strip() and _echo(value) not in unknown:
            unknown.append(_echo(value))
    if unknown:
        shown = ", ".join(f"“{u}”" for u in unknown[:3]) + (
            " and others" if len(unknown) > 3 else ""
        )
        messages.append(f"We could not find {shown}, so we left it out.")
    chosen = [p for p in procedures if p.slug in wanted]
    if len(chosen) > MAX_CHOICE:
        messages.append(
            f"You can compare up to {MAX_CHOICE} procedures at a time. "
            f"We are showing the first {MAX_CHOICE}."
        )
        chosen = chosen[:MAX_CHOICE]
    if not chosen:
        messages.append("No procedure was chosen, so we are showing them all. Pick two or three.")
        chosen = default
    elif len(chosen) < MIN_CHOICE:
        messages.append("Pick at least one more procedure to see them side by side.")
    return Choice(chosen, messages)


@dataclass
class Row:
    question: ComparisonQuestion
    answers: list[str]  # HTML, one per chosen procedure, in column order


def rows(chosen: list[Procedure]) -> list[Row]:
    answers = {
        (a.question_id, a.procedure_id): a.html
        for a in ComparisonAnswer.objects.filter(procedure__in=chosen).only(
            "question_id", "procedure_id", "html"
        )
    }
    return [
        Row(q, [answers.get((q.pk, p.pk), "") for p in chosen])
        for q in ComparisonQuestion.objects.all()
    ]
