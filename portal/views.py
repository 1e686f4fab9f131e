"""Public pages. Every HTML fragment shown here was rendered when content was loaded."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Subquery
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from . import comparison, languages, localized
from .caching import etag_for, is_partial, public_page
from .models import ContentVersion, FormerSlug, GlossaryTerm, Procedure

# How many other procedures an article offers to compare with.
COMPARE_LINKS = 3


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    procedures = Procedure.objects.only("slug", "title", "summary", "also_called")
    procedures = localized.localize(procedures, languages.current())
    return render(request, "portal/home.html", {"procedures": procedures})


def _procedure(request: HttpRequest, slug: str) -> Procedure | None:
    """The article, the languages it is in and the content version, in one query, shared by the
    ETag and the view."""
    if not hasattr(request, "_procedure"):
        version = ContentVersion.objects.values("digest")[:1]
        request._procedure = (
            languages.with_languages(Procedure.objects)
            .annotate(content_version=Subquery(version))
            .defer("source_digest", "source_file")
            .filter(slug=slug)
            .first()
        )
    return request._procedure


def _procedure_etag(request: HttpRequest, slug: str) -> str | None:
    procedure = _procedure(request, slug)
    return etag_for(request, procedure.content_version) if procedure else None


@public_page(etag_func=_procedure_etag)
def procedure(request: HttpRequest, slug: str) -> HttpResponse:
    procedure = _procedure(request, slug)
    if procedure is None:
        former = get_object_or_404(FormerSlug.objects.select_related("procedure"), slug=slug)
        return HttpResponsePermanentRedirect(former.procedure.get_absolute_url())
    procedure = localized.in_page_language(procedure)
    if procedure is None:
        return languages.to_english(request)
    others = localized.localize(
        Procedure.objects.exclude(pk=procedure.pk).only("slug", "title", "position")[
            :COMPARE_LINKS
        ],
        languages.current(),
    )

    def link(procedures: list[Procedure]) -> str:
        # The canonical address of the choice, the same one the comparison page names.
        return comparison.compare_path(sorted(procedures, key=lambda p: (p.position, p.title)))

    return render(
        request,
        "portal/procedure.html",
        {
            "procedure": procedure,
            "sections": localized.sections(procedure),
            "comparisons": [(other, link([procedure, other])) for other in others],
            "compare_all": link([procedure, *others]) if len(others) > 1 else None,
            "english_url": languages.path_in(request.path, languages.DEFAULT),
            "page_languages": languages.languages_of(procedure),
        },
    )


@public_page()
def glossary(request: HttpRequest) -> HttpResponse:
    # A to Z whatever the case: "MRI" belongs among the m words, not before "allergy".
    lang = languages.current()
    if lang == languages.DEFAULT:
        terms = GlossaryTerm.objects.order_by(Lower("term")).prefetch_related("procedures")
    else:
        terms = localized.glossary(lang)
    return render(request, "portal/glossary.html", {"terms": terms})


@public_page()
def compare(request: HttpRequest) -> HttpResponse:
    partial = is_partial(request)
    lang = languages.current()
    procedures = localized.localize(
        Procedure.objects.only("slug", "title", "position", "diagram"), lang
    )
    # From the form (htmx, or submitted without scripts: it sends form=1), no choice means every
    # box was cleared; a bare /compare/ shows all.
    from_form = partial or "form" in request.GET
    choice = comparison.choose(
        request.GET.getlist(comparison.PARAM), procedures, empty_means_all=not from_form
    )
    context = {
        "choice": choice,
        "procedures": procedures,
        "rows": localized.comparison_rows(choice.chosen, lang),
        "canonical_url": settings.SITE_URL + choice.path,
        "canonical_path": choice.path,
        "partial": partial,
    }
    if not partial:
        return render(request, "portal/compare.html", context)
    response = render(request, "portal/compare.html#comparison", context)
    # The address bar shows the canonical link to this choice, not the form's raw query.
    return push_url(response, choice.path)


@require_safe
def short_link(request: HttpRequest, code: str, section: str | None = None) -> HttpResponse:
    procedure = get_object_or_404(Procedure.objects.only("slug"), short_code__iexact=code)
    url = procedure.get_absolute_url()
    if section is not None:
        target = procedure.sections.filter(anchor=section).values_list("anchor", flat=True).first()
        if target is None:
            target = next(
                (s.anchor for s in procedure.sections.all() if section in s.former_anchors), None
            )
        if target is None:
            raise Http404("No such section")
        url = f"{url}#{target}"
    # Temporary: a code may be given to another article one day; the article URL is the lasting one.
    return redirect(url)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    procedures = localized.localize(
        Procedure.objects.only("slug", "title", "summary"), languages.current()
    )
    return render(request, "404.html", {"procedures": procedures}, status=404)
