"""Template tags for the comparison's decision aid: what matters to the reader, and the printed
meanings of the words its answers use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.text import slugify

from .. import languages, localized, sheets
from ..comparison import Choice, Row
from ..models import ComparisonQuestion, GlossaryTerm, ValueStatement

register = template.Library()


@dataclass(frozen=True)
class ValueRows:
    value: ValueStatement
    rows: list[tuple[str, str]]  # (row id in the comparison table, question text)

    @property
    def row_ids(self) -> str:
        return " ".join(row_id for row_id, _ in self.rows)


def row_id(key: str) -> str:
    """The id the comparison table gives a question's row."""
    return f"q_{slugify(key)}"


@register.inclusion_tag("portal/_values.html")
def values_exercise(rows: list[Row]) -> dict[str, list[ValueRows]]:
    lang = languages.current()
    questions = [r.question for r in rows] or localized.in_language(
        ComparisonQuestion.objects.only("key", "text", "translations"), lang
    )
    text = {q.key: q.text for q in questions}
    values = [
        ValueRows(v, [(row_id(k), text[k]) for k in v.question_keys if k in text])
        for v in localized.in_language(ValueStatement.objects.all(), lang)
    ]
    return {"values": values}


def terms_used(rows: list[Row]) -> list[GlossaryTerm | localized.LocalizedTerm]:
    """The glossary terms the answers mark, found by their links in the stored HTML: one query
    for those terms, whatever the size of the glossary."""
    html = "".join(cell.html for row in rows for cell in row.cells)
    if not html:
        return []
    link = re.compile(f'href="{re.escape(reverse("portal:glossary"))}#([^"#]+)"')
    slugs = set(link.findall(html))
    if not slugs:
        return []
    lang = languages.current()
    if lang != languages.DEFAULT:
        return localized.terms(lang, slugs)
    terms = GlossaryTerm.objects.filter(slug__in=slugs).only("slug", "term", "definition")
    return sorted(terms, key=lambda t: t.term.casefold())


@register.inclusion_tag("portal/_compare_tools.html")
def compare_tools(choice: Choice, rows: list[Row]) -> dict[str, object]:
    return {
        "sheet_url": sheets.comparison_sheet_path(choice.chosen),
        "terms": terms_used(rows),
    }
