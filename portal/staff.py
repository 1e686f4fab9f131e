"""Pages for clinic staff: links to put in appointment emails and letters, and content status.

Only logged-in staff see them (others are sent to the admin login), and no cache keeps them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import infobutton, languages, localized, readability, sharing, sheets
from .localized import Article
from .models import Procedure, ProcedureCode, ProcedureTranslation


@dataclass(frozen=True)
class CodeLink:
    """A code the article is booked under, and the addresses that find the article by it."""

    code: ProcedureCode

    @property
    def url(self) -> str:
        return sharing.absolute_url(infobutton.code_path(self.code.system, self.code.code))

    @property
    def service_url(self) -> str:
        return sharing.absolute_url(infobutton.service_path(self.code.system, self.code.code))


@dataclass(frozen=True)
class LanguageLinks:
    """An article's links in a language other than English, in that language's words."""

    lang: str
    name: str  # the language's name, in English, for staff
    title: str
    page: sharing.Link
    sheet: sharing.Link  # the "My questions" sheet to print
    sections: list[tuple[str, sharing.Link]]  # (heading, link)


@dataclass(frozen=True)
class ArticleLinks:
    procedure: Procedure
    page: sharing.Link
    sheet: sharing.Link  # the "My questions" sheet to print
    sections: list[tuple[str, sharing.Link]]  # (heading, link)
    codes: list[CodeLink]
    translations: list[LanguageLinks] = dataclasses.field(default_factory=list)

    def links(self) -> list[sharing.Link]:
        pages = [self.page, self.sheet, *(link for _, link in self.sections)]
        for other in self.translations:
            pages += [other.page, other.sheet, *(link for _, link in other.sections)]
        return pages


@dataclass(frozen=True)
class ReviewStatus:
    procedure: Procedure
    overdue: bool

    @property
    def reviewed(self) -> bool:
        return self.procedure.last_reviewed is not None

    @property
    def too_hard(self) -> bool:
        return self.procedure.reading_grade > readability.MAX_GRADE


@dataclass(frozen=True)
class TranslationStatus:
    """A translated article's reading ease, whether it follows its English page, and its review
    by a medical translator."""

    translation: ProcedureTranslation
    overdue: bool

    @property
    def language_name(self) -> str:
        return languages.ENGLISH_NAMES.get(self.translation.language, self.translation.language)

    @property
    def too_hard(self) -> bool:
        return self.translation.reading_ease < readability.MIN_EASE_ES


def in_language(link: sharing.Link, lang: str) -> sharing.Link:
    """``link`` keyed for its language, so each language's QR code has its own file name."""
    return dataclasses.replace(link, key=f"{lang}.{link.key}")


def _translated(procedure: Procedure, row: ProcedureTranslation) -> LanguageLinks:
    page = localized.LocalizedProcedure(procedure, row)
    lang = row.language
    with translation.override(lang):
        return LanguageLinks(
            lang=lang,
            name=languages.ENGLISH_NAMES[lang],
            title=page.title,
            page=in_language(sharing.procedure_link(page), lang),
            sheet=in_language(sheets.procedure_sheet_link(page), lang),
            sections=[
                (s.heading, in_language(sharing.section_link(page, s), lang))
                for s in page.localized_sections()
            ],
        )


def _articles() -> list[ArticleLinks]:
    return [
        ArticleLinks(
            procedure=p,
            page=sharing.procedure_link(p),
            sheet=sheets.procedure_sheet_link(p),
            sections=[(s.heading, sharing.section_link(p, s)) for s in p.sections.all()],
            codes=[CodeLink(c) for c in p.codes.all()],
            translations=[_translated(p, t) for t in p.translations.all()],
        )
        for p in Procedure.objects.prefetch_related("sections", "codes", "translations")
    ]


def _in_each_language(
    procedures: Sequence[Procedure], link: Callable[[Sequence[Article]], sharing.Link]
) -> list[sharing.Link]:
    """``link`` of every comparison worth sending in English, then in each other language
    between the articles translated into it."""
    links = [link(chosen) for chosen in sharing.comparison_choices(procedures)]
    for lang in languages.LANGUAGES:
        translated = [
            p
            for p in localized.localize(procedures, lang)
            if isinstance(p, localized.LocalizedProcedure)
        ]
        with translation.override(lang):
            links += [
                in_language(link(chosen), lang) for chosen in sharing.comparison_choices(translated)
            ]
    return links


def _comparisons(procedures: Sequence[Procedure]) -> list[sharing.Link]:
    return _in_each_language(procedures, sharing.comparison_link)


def _translation_status(procedures: Sequence[Procedure], today: datetime.date):
    return [
        TranslationStatus(t, overdue=t.next_review_due is not None and t.next_review_due < today)
        for p in procedures
        for t in p.translations.all()
    ]


def _review_status(procedure: Procedure, today: datetime.date) -> ReviewStatus:
    due = procedure.next_review_due
    return ReviewStatus(procedure=procedure, overdue=due is not None and due < today)


@require_safe
@never_cache
@staff_member_required
def links(request: HttpRequest) -> HttpResponse:
    articles = _articles()
    procedures = [a.procedure for a in articles]
    today = timezone.localdate()
    return render(
        request,
        "portal/staff_links.html",
        {
            "articles": articles,
            "comparisons": _comparisons(procedures),
            "comparison_sheets": _comparison_sheets(procedures),
            "statuses": [_review_status(p, today) for p in procedures],
            "translation_statuses": _translation_status(procedures, today),
            "untranslated": [p for p in procedures if not p.translations.all()],
            "min_ease": readability.MIN_EASE_ES,
            # The staff page is in English only.
            "page_languages": [languages.DEFAULT],
            "today": today,
            "max_grade": readability.MAX_GRADE,
            "infobutton_url": sharing.absolute_url(reverse("portal:infobutton")),
        },
    )


def _comparison_sheets(procedures: Sequence[Procedure]) -> list[sharing.Link]:
    return _in_each_language(procedures, sheets.comparison_sheet_link)


def _link(key: str) -> sharing.Link:
    articles = _articles()
    procedures = [a.procedure for a in articles]
    comparisons = _comparisons(procedures)
    pages = [link for a in articles for link in a.links()]
    for link in (*pages, *comparisons, *_comparison_sheets(procedures)):
        if link.key == key:
            return link
    raise Http404("No such link")


@require_safe
@never_cache
@staff_member_required
def qr_code(request: HttpRequest, key: str, kind: str) -> HttpResponse:
    """The QR code of one link the staff page lists, as a file to place on a letter."""
    url = _link(key).url
    if kind == "svg":
        response = HttpResponse(sharing.qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(sharing.qr_png(url), content_type="image/png")
    # Opened directly, the file still shows inline; saved, it gets a name that says what it is.
    response.headers["Content-Disposition"] = f'inline; filename="qr-{key}.{kind}"'
    return response
