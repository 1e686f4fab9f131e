"""The "My questions" sheets: one printed page to take to an appointment.

An article's sheet lists the questions from its "questions" section; a comparison's sheet lists
the comparison's questions with a column per chosen procedure. Each has tick boxes and room to
write the answers, and the address to read the page again. Everything comes from stored rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from . import comparison, languages, localized, sharing
from .caching import public_page
from .models import ComparisonQuestion, FormerSlug, Procedure, ValueStatement

# The part of a key or short link that names a sheet. Section ids are slugs and never contain
# "_", so this can never name a section.
SHEET = "my_questions"


def procedure_sheet_path(procedure: Procedure) -> str:
    return reverse("portal:procedure_questions", args=[procedure.slug])


def comparison_sheet_path(procedures: Sequence[Procedure]) -> str:
    url = reverse("portal:compare_questions")
    return f"{url}?{comparison.query_string(list(procedures))}" if procedures else url


def procedure_sheet_link(procedure: Procedure) -> sharing.Link:
    short_path = (
        reverse("portal:short_link_questions", args=[procedure.short_code])
        if procedure.short_code
        else ""
    )
    return sharing.Link(
        key=f"{procedure.slug}.{SHEET}",
        title=gettext("My questions: %(title)s") % {"title": procedure.title},
        sentence=gettext(
            "A page to print with questions to ask your care team, and room to write the answers."
        ),
        path=procedure_sheet_path(procedure),
        short_path=short_path,
    )


def comparison_sheet_link(procedures: Sequence[Procedure]) -> sharing.Link:
    page = sharing.comparison_link(procedures)
    return sharing.Link(
        key=f"{SHEET}.{page.key}",
        title=gettext("My questions: %(title)s")
        % {"title": comparison.Choice(list(procedures)).names},
        sentence=gettext(
            "A page to print with the questions to ask about each procedure, and room to write "
            "the answers."
        ),
        path=comparison_sheet_path(procedures),
    )


@public_page()
def procedure_questions(request: HttpRequest, slug: str) -> HttpResponse:
    procedure = (
        Procedure.objects.only("slug", "title", "short_code", "question_list")
        .filter(slug=slug)
        .first()
    )
    if procedure is None:
        former = get_object_or_404(FormerSlug.objects.select_related("procedure"), slug=slug)
        return HttpResponsePermanentRedirect(procedure_sheet_path(former.procedure))
    procedure = localized.in_page_language(procedure)
    if procedure is None:
        return languages.to_english(request)
    link = procedure_sheet_link(procedure)
    page = sharing.procedure_link(procedure)
    return render(
        request,
        "portal/question_sheet.html",
        {
            "procedure": procedure,
            "title": link.title,
            "questions": procedure.question_list,
            "back_url": page.path,
            # On paper, the shortest address that opens the article.
            "read_online": page.short_url or page.url,
        },
    )


@public_page()
def compare_questions(request: HttpRequest) -> HttpResponse:
    lang = languages.current()
    values = request.GET.getlist(comparison.PARAM)
    procedures = localized.localize(comparison.candidates(values), lang)
    choice = comparison.choose(values, procedures)
    return render(
        request,
        "portal/question_sheet.html",
        {
            "choice": choice,
            "title": (
                gettext("My questions: %(title)s") % {"title": choice.names}
                if choice.chosen
                else gettext("My questions")
            ),
            "questions": localized.in_language(
                ComparisonQuestion.objects.only("key", "text", "translations"), lang
            ),
            "values": localized.in_language(
                ValueStatement.objects.only("key", "text", "translations"), lang
            ),
            "back_url": choice.path,
            "read_online": sharing.absolute_url(choice.path),
            "canonical_url": sharing.absolute_url(comparison_sheet_path(choice.chosen)),
        },
    )


@require_safe
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """``/go/<code>/my_questions/``: the short link printed in letters for an article's sheet."""
    procedure = get_object_or_404(Procedure.objects.only("slug"), short_code__iexact=code)
    # Temporary, like the article's short link: a code may name another article one day.
    return redirect(procedure_sheet_path(procedure))
