"""Articles, glossary entries and comparison rows in the language of the page.

A translated page keeps its English article's slug, short code, diagram and codes, and takes its
words from the translation row: ``LocalizedProcedure`` gives the translation's fields where it has
them and the article's otherwise, so the same templates show both languages. Everything here was
rendered at load time; nothing is converted on the request path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import QuerySet

from . import comparison, listing
from .languages import DEFAULT, current
from .models import (
    ComparisonQuestion,
    GlossaryTerm,
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

    # The same article whichever object stands for it (a choice is checked against a list).
    def __eq__(self, other: object) -> bool:
        if isinstance(other, LocalizedProcedure):
            return self.procedure == other.procedure
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.procedure)


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
class LocalizedTerm:
    slug: str  # the English term's, so /es/glossary/#<slug> finds it
    term: str
    definition: str
    other_forms: list[str]


def terms(lang: str, slugs: Collection[str] | None = None) -> list[LocalizedTerm]:
    """The glossary's entries in ``lang`` (only those of ``slugs``, if given), A to Z in that
    language."""
    rows = TermTranslation.objects.filter(language=lang).select_related("term")
    if slugs is not None:
        rows = rows.filter(term__slug__in=slugs)
    found = [LocalizedTerm(t.term.slug, t.text, t.definition, t.other_forms) for t in rows]
    return sorted(found, key=lambda t: (listing.sort_key(t.term), t.slug))


def words(lang: str) -> list[listing.Listed]:
    """Every glossary word in ``lang``, A to Z in that language, as the listing pages list them:
    in English, every word; in another language, the words translated into it."""
    if lang == DEFAULT:
        return listing.words()
    rows = TermTranslation.objects.filter(language=lang).values_list(
        "term_id", "term__slug", "text"
    )
    return sorted(
        (listing.Listed(slug, text, "", pk=pk) for pk, slug, text in rows),
        key=lambda w: (listing.sort_key(w.title), w.slug),
    )


def entries(english: list[GlossaryTerm], lang: str) -> list[GlossaryTerm]:
    """Glossary entries (with ``used_on``) in ``lang``: each word, definition and other forms,
    and the titles of the pages it is used on, as translated; A to Z in that language. The rows
    are not saved."""
    if lang == DEFAULT or not english:
        return english
    found = {t.term_id: t for t in TermTranslation.objects.filter(language=lang, term__in=english)}
    titles = dict(
        translations(lang)
        .filter(procedure__slug__in={p.slug for t in english for p in getattr(t, "used_on", [])})
        .values_list("procedure__slug", "title")
    )
    shown = [t for t in english if t.pk in found]
    for term in shown:
        row = found[term.pk]
        term.term, term.definition, term.other_forms = row.text, row.definition, row.other_forms
        term.used_on = [
            dataclasses.replace(page, title=titles.get(page.slug, page.title))
            for page in getattr(term, "used_on", [])
        ]
    return listing.a_to_z(shown)


def listed(procedures: list[listing.Listed], lang: str) -> list[listing.Listed]:
    """Procedures as the long listings show them, with the titles and conditions of their
    translations into ``lang`` where they have one."""
    if lang == DEFAULT:
        return procedures
    found = {
        slug: (title, conditions)
        for slug, title, conditions in translations(lang).values_list(
            "procedure__slug", "title", "conditions"
        )
    }
    return [
        dataclasses.replace(p, title=found[p.slug][0], conditions=found[p.slug][1] or [])
        if p.slug in found
        else p
        for p in procedures
    ]
