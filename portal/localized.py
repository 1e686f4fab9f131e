"""Articles, glossary entries and comparison rows in the language of the page.

A translated page keeps its English article's slug, short code, diagram and codes, and takes its
words from the translation row: ``LocalizedProcedure`` gives the translation's fields where it has
them and the article's otherwise, so the same templates show both languages. Everything here was
rendered at load time; nothing is converted on the request path.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Prefetch, QuerySet

from . import comparison
from .languages import DEFAULT, current
from .models import (
    ComparisonQuestion,
    Procedure,
    ProcedureTranslation,
    TermTranslation,
    ValueStatement,
)

T = TypeVar("T", ComparisonQuestion, ValueStatement)

# The fields a translation gives in its own words; every other one is the English article's.
TRANSLATED = frozenset(
    {
        "title",
        "summary",
        "also_called",
        "conditions",
        "help_urgent",
        "help_emergency",
        "checks",
        "question_list",
        "words_used_html",
        "word_count",
    }
)


@dataclass(frozen=True)
class LocalizedSection:
    anchor: str
    heading: str
    html: str
    former_anchors: list[str] = field(default_factory=list)


class LocalizedProcedure:
    """A ``Procedure`` read through its translation (see the module docstring)."""

    def __init__(self, procedure: Procedure, translation: ProcedureTranslation) -> None:
        self.procedure = procedure
        self.translation = translation

    def __getattr__(self, name: str) -> Any:
        if name in TRANSLATED:
            return getattr(self.translation, name)
        return getattr(self.procedure, name)

    @property
    def language(self) -> str:
        return self.translation.language

    def localized_sections(self) -> list[LocalizedSection]:
        """The translated sections, each keeping the English section's former ids."""
        former = dict(self.procedure.sections.values_list("anchor", "former_anchors"))
        return [
            LocalizedSection(s["anchor"], s["heading"], s["html"], former.get(s["anchor"], []))
            for s in self.translation.sections
        ]

    def answer(self, key: str) -> str:
        return self.translation.answers.get(key, "")

    def __str__(self) -> str:
        return self.translation.title


Article = Procedure | LocalizedProcedure


def translations(lang: str) -> QuerySet[ProcedureTranslation]:
    # Sections and answers are only needed on the pages that show them.
    return ProcedureTranslation.objects.filter(language=lang)


def localize(procedures: Iterable[Procedure], lang: str) -> list[Article]:
    """``procedures`` in ``lang``, in the same order: each translated one through its
    translation, each other one as it is (in English)."""
    procedures = list(procedures)
    if lang == DEFAULT or not procedures:
        return procedures
    found = {
        t.procedure_id: t
        for t in translations(lang).filter(procedure__in=[p.pk for p in procedures])
    }
    return [LocalizedProcedure(p, found[p.pk]) if p.pk in found else p for p in procedures]


def article(procedure: Procedure, lang: str) -> LocalizedProcedure | None:
    """``procedure``'s page in ``lang``, or None when it has not been translated."""
    found = translations(lang).filter(procedure=procedure).first()
    return LocalizedProcedure(procedure, found) if found else None


def in_page_language(procedure: Procedure) -> Article | None:
    """``procedure`` in the language of the page being made, or None when it has not been
    translated into it."""
    lang = current()
    return procedure if lang == DEFAULT else article(procedure, lang)


def sections(procedure: Article) -> Sequence:
    if isinstance(procedure, LocalizedProcedure):
        return procedure.localized_sections()
    return procedure.sections.all()


def comparison_rows(chosen: Sequence[Article], lang: str) -> list[comparison.Row]:
    """The comparison table in ``lang``: each question's translation, and each translated
    article's own answers (an article not translated keeps its English answer)."""
    english = [p.procedure if isinstance(p, LocalizedProcedure) else p for p in chosen]
    rows = comparison.rows(english)
    if lang == DEFAULT:
        return rows
    in_language([row.question for row in rows], lang)
    for row in rows:
        row.cells = [
            comparison.Cell(p, p.answer(row.question.key))
            if isinstance(p, LocalizedProcedure)
            else cell
            for p, cell in zip(chosen, row.cells, strict=True)
        ]
    return rows


def in_language(rows: Iterable[T], lang: str) -> list[T]:
    """Comparison questions or value statements with their ``text`` in ``lang`` where they have
    it (the rows are not saved)."""
    rows = list(rows)
    if lang != DEFAULT:
        for row in rows:
            row.text = row.translations.get(lang, row.text)
    return rows


@dataclass(frozen=True)
class UsedOn:
    """The articles a glossary entry is used on, as the template asks for them."""

    articles: list[Article]

    def all(self) -> list[Article]:
        return self.articles


@dataclass(frozen=True)
class LocalizedTerm:
    slug: str  # the English term's, so /es/glossary/#<slug> finds it
    term: str
    definition: str
    other_forms: list[str]
    procedures: UsedOn


def glossary(lang: str) -> list[LocalizedTerm]:
    """The glossary's entries in ``lang``, A to Z in that language, each with its articles."""
    entries = (
        TermTranslation.objects.filter(language=lang)
        .select_related("term")
        .prefetch_related(Prefetch("term__procedures", queryset=Procedure.objects.only("slug")))
    )
    used = {p.pk: p for p in localize(Procedure.objects.all(), lang)}
    terms = [
        LocalizedTerm(
            slug=e.term.slug,
            term=e.text,
            definition=e.definition,
            other_forms=e.other_forms,
            procedures=UsedOn([used[p.pk] for p in e.term.procedures.all()]),
        )
        for e in entries
    ]
    return sorted(terms, key=lambda t: sort_key(t.term))


def sort_key(text: str) -> str:
    """Alphabetical order as a reader expects it: accents do not move a word ("ácido" with the
    a words) and case does not matter."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
