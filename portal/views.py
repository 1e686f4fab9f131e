"""Public pages. Every HTML fragment shown here was rendered when content was loaded."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from . import comparison, languages, listing, localized
from .caching import is_partial, public_page
from .models import FormerSlug, GlossaryTerm, Procedure

# How many other procedures an article offers to compare with.
COMPARE_LINKS = 3
# Up to this many articles, the home page shows each with its summary; beyond, a list of titles.
HOME_CARDS = 30
# Up to this many words, the glossary is one page; beyond, one page per first letter.
GLOSSARY_ONE_PAGE = 100
# Up to this many procedures, the comparison form offers them all; beyond, it offers a search.
PICKER_ALL = 12
# How many pages a glossary entry names as using the word.
USED_ON = 5
# Titles shown under each condition on a large library's home page.
HOME_PER_CONDITION = 8
# Words on one page of a letter, in a long glossary.
GLOSSARY_PAGE = 60


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("condition")
    lang = languages.current()
    if Procedure.objects.count() <= HOME_CARDS and chosen is None:
        procedures = Procedure.objects.only("slug", "title", "summary", "also_called", "conditions")
        # Grouped by the conditions as the page's language names them.
        procedures = localized.localize(procedures, lang)
        context = {"groups": listing.by_condition(procedures), "compact": False}
        return render(request, "portal/home.html", context)
    # A large library: each condition with a few titles and a link to all of them.
    groups = listing.by_condition(localized.listed(listing.procedures(), lang))
    if chosen is not None:
        groups = [g for g in groups if g.key == chosen]
        if not groups:
            raise Http404("No such condition")
    for group in groups:
        group.more = 0 if chosen is not None else max(0, len(group.members) - HOME_PER_CONDITION)
        group.shown = group.members if chosen is not None else group.members[:HOME_PER_CONDITION]
    context = {"groups": groups, "compact": True, "condition": groups[0] if chosen else None}
    return render(request, "portal/home.html", context)


@public_page()
def procedure(request: HttpRequest, slug: str) -> HttpResponse:
    # With the languages it is in, in the same query.
    procedure = (
        languages.with_languages(Procedure.objects)
        .defer("source_digest", "source_file")
        .filter(slug=slug)
        .first()
    )
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


def _entries(words: list[listing.Listed]) -> list[GlossaryTerm]:
    """Glossary entries, A to Z, each naming a few pages that use the word: two queries."""
    terms = listing.a_to_z(GlossaryTerm.objects.filter(pk__in=[w.pk for w in words]))
    pattern = reverse("portal:procedure", args=["-"])
    uses = GlossaryTerm.procedures.through.objects.filter(glossaryterm__in=terms)
    used: dict[int, list[listing.Listed]] = {}
    for term_id, slug, title in uses.order_by(
        "procedure__position", "procedure__title"
    ).values_list("glossaryterm_id", "procedure__slug", "procedure__title"):
        used.setdefault(term_id, []).append(
            listing.Listed(slug, title, pattern.replace("/-/", f"/{slug}/"))
        )
    for term in terms:
        # A word used on hundreds of pages names a few: the list is a pointer, not an index.
        pages = used.get(term.pk, [])
        term.used_on, term.used_more = pages[:USED_ON], max(0, len(pages) - USED_ON)
    return localized.entries(terms, languages.current())


def _page_of(index: int) -> int:
    return index // GLOSSARY_PAGE + 1


@public_page()
def glossary(request: HttpRequest) -> HttpResponse:
    words = localized.words(languages.current())
    one_page = len(words) <= GLOSSARY_ONE_PAGE
    letters = listing.by_letter(words)
    if one_page:
        entries = {term.pk: term for term in _entries(words)}
        for group in letters:
            group.members = [entries[word.pk] for word in group.members]
    else:
        for group in letters:
            for index, word in enumerate(group.members):
                page = _page_of(index)
                query = f"?page={page}" if page > 1 else ""
                word.url = f"{group.url}{query}#{word.slug}"
    return render(request, "portal/glossary.html", {"letters": letters, "one_page": one_page})


@public_page()
def glossary_letter(request: HttpRequest, letter: str) -> HttpResponse:
    if letter not in listing.LETTER_KEYS:
        raise Http404("Not a letter")
    words = localized.words(languages.current())
    if len(words) <= GLOSSARY_ONE_PAGE:
        # A short glossary is one page; its letters are sections of it.
        return redirect(f"{reverse('portal:glossary')}#letter-{letter}")
    letters = listing.by_letter(words)
    chosen = next((group for group in letters if group.key == letter), None)
    page = request.GET.get("page", "1")
    pages = range(1, _page_of(len(chosen.members) - 1) + 1) if chosen else range(0)
    if chosen is None or not page.isdigit() or int(page) not in pages:
        raise Http404("No words start with this letter, or not so many")
    page_number = int(page)
    start = (page_number - 1) * GLOSSARY_PAGE
    chosen.members = _entries(chosen.members[start : start + GLOSSARY_PAGE])
    context = {
        "letters": letters,
        "letter": chosen,
        "one_page": False,
        "pages": pages if len(pages) > 1 else None,
        "page": page_number,
    }
    return render(request, "portal/glossary.html", context)


@public_page()
def compare(request: HttpRequest) -> HttpResponse:
    partial = is_partial(request)
    lang = languages.current()
    values = request.GET.getlist(comparison.PARAM)
    procedures = localized.localize(comparison.candidates(values, PICKER_ALL + 1), lang)
    # From the form (htmx, or submitted without scripts: it sends form=1), no choice means every
    # box was cleared; a bare /compare/ shows all.
    from_form = partial or "form" in request.GET
    choice = comparison.choose(values, procedures, empty_means_all=not from_form)
    context = {
        "choice": choice,
        "procedures": procedures,
        "rows": localized.comparison_rows(choice.chosen, lang),
        "canonical_url": settings.SITE_URL + choice.path,
        "canonical_path": choice.path,
        "partial": partial,
        # A long list of boxes is no help to anyone: beyond a few, procedures are found by search.
        "picker_all": len(procedures) <= PICKER_ALL,
        "picker": procedures if len(procedures) <= PICKER_ALL else choice.chosen,
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
