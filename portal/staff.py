"""Pages for clinic staff: links to put in appointment emails and letters, and content status.

Only logged-in staff see them (others are sent to the admin login), and no cache keeps them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import infobutton, readability, sharing, sheets
from .models import Procedure, ProcedureCode


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
class ArticleLinks:
    procedure: Procedure
    page: sharing.Link
    sheet: sharing.Link  # the "My questions" sheet to print
    sections: list[tuple[str, sharing.Link]]  # (heading, link)
    codes: list[CodeLink]


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


def _articles() -> list[ArticleLinks]:
    return [
        ArticleLinks(
            procedure=p,
            page=sharing.procedure_link(p),
            sheet=sheets.procedure_sheet_link(p),
            sections=[(s.heading, sharing.section_link(p, s)) for s in p.sections.all()],
            codes=[CodeLink(c) for c in p.codes.all()],
        )
        for p in Procedure.objects.prefetch_related("sections", "codes")
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
            "comparisons": sharing.comparison_links(procedures),
            "comparison_sheets": _comparison_sheets(procedures),
            "statuses": [_review_status(p, today) for p in procedures],
            "today": today,
            "max_grade": readability.MAX_GRADE,
            "infobutton_url": sharing.absolute_url(reverse("portal:infobutton")),
        },
    )


def _comparison_sheets(procedures: list[Procedure]) -> list[sharing.Link]:
    return [
        sheets.comparison_sheet_link(chosen) for chosen in sharing.comparison_choices(procedures)
    ]


def _link(key: str) -> sharing.Link:
    articles = _articles()
    procedures = [a.procedure for a in articles]
    comparisons = sharing.comparison_links(procedures)
    pages = [link for a in articles for link in (a.page, a.sheet, *(s[1] for s in a.sections))]
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
