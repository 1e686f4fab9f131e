"""Search in patients' words: procedures by title, other names, condition and glossary words.

A query is matched word by word against the procedure's title, its "also called" names, the
condition it treats, its summary and the glossary words (with their other forms) used on its
page, in English and in every translation, so "botox", "cerebral palsy" and "back pain" each find the pages that explain them. On
PostgreSQL its full-text search is added, so "injections" also finds "injection". Each search is
two queries (three with procedures already chosen to compare), whatever the size of the library.

What someone searched for is health information: it is never logged, stored or cached. The
results page asks search engines not to index it and proxies not to keep it.
"""

from __future__ import annotations

import json
import re
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from . import comparison, languages, localized
from .caching import one_version
from .models import GlossaryTerm, Procedure, ProcedureTranslation, TermTranslation

PARAM = "q"
MAX_LENGTH = 100  # characters of a query that are read; the rest is ignored
MAX_WORDS = 6
RESULTS = 30
TERMS = 10
# Words that say nothing about what someone is looking for.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "my",
        "me",
        "i",
        "is",
        "it",
        "what",
        "how",
        "do",
        "does",
        "about",
        "with",
        "or",
    ]
)
# How much a word found in each place counts towards a procedure's place in the results.
WEIGHTS = {"title": 8, "also_called": 6, "terms": 4, "condition": 3, "summary": 1}


def words(query: str) -> list[str]:
    """The query's words, lower case, without punctuation or words that carry no meaning."""
    found = re.findall(r"\w[\w'-]*", query[:MAX_LENGTH].casefold())
    meaningful = [w for w in dict.fromkeys(found) if w not in STOP_WORDS]
    return meaningful[:MAX_WORDS]


def _contains(field: str, word: str) -> Q:
    """``word`` in a text field, or in a list field as stored: SQLite keeps JSON with letters
    such as "ó" written as \\u00f3, PostgreSQL keeps them as they are."""
    escaped = json.dumps(word)[1:-1]
    found = Q(**{f"{field}__icontains": word})
    return found | Q(**{f"{field}__icontains": escaped}) if escaped != word else found


def _term_matches(word: str) -> Q:
    # A word in any language the glossary is written in: "botox" or "bótox".
    translated = TermTranslation.objects.filter(term=OuterRef("pk")).filter(
        _contains("text", word) | _contains("other_forms", word)
    )
    return _contains("term", word) | _contains("other_forms", word) | Q(Exists(translated))


def _places(word: str) -> dict[str, Q]:
    uses_term = Procedure.terms.through.objects.filter(
        procedure_id=OuterRef("pk"),
        glossaryterm__in=GlossaryTerm.objects.filter(_term_matches(word)),
    )
    translations = ProcedureTranslation.objects.filter(procedure=OuterRef("pk"))

    def either(field: str) -> Q:
        """The word in the English field or in the same field of a translation."""
        return _contains(field, word) | Q(Exists(translations.filter(_contains(field, word))))

    return {
        "title": either("title"),
        "also_called": either("also_called"),
        "terms": Q(Exists(uses_term)),
        "condition": either("conditions"),
        "summary": either("summary"),
    }


def procedures(query: str) -> list[Procedure]:
    """Procedures with every word of the query somewhere, best matches first: one query."""
    found = words(query)
    if not found:
        return []
    places = [_places(word) for word in found]
    every_word = reduce(and_, (reduce(or_, p.values()) for p in places))
    score = sum(
        (
            Case(When(q, then=Value(WEIGHTS[name])), default=Value(0), output_field=IntegerField())
            for p in places
            for name, q in p.items()
        ),
        Value(0),
    )
    results: QuerySet[Procedure] = Procedure.objects.only(
        "slug", "title", "summary", "also_called", "position"
    )
    if connection.vendor == "postgresql":
        # Stemmed full-text matching: "injections" finds "injection", "treating" finds "treats".
        text = SearchQuery(" ".join(found), config="english")
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector(Cast("also_called", output_field=TextField()), weight="B")
            + SearchVector(Cast("conditions", output_field=TextField()), weight="B")
            + SearchVector("summary", weight="C", config="english")
        )
        results = results.annotate(document=vector, rank=SearchRank(vector, text)).filter(
            every_word | Q(document=text)
        )
        order = [(score + F("rank") * 10).desc(), "position", "title"]
    else:
        results = results.filter(every_word)
        order = [score.desc(), "position", "title"]
    return list(results.order_by(*order)[:RESULTS])


def terms(query: str) -> list[GlossaryTerm]:
    """Glossary words matching every word of the query: one query."""
    found = words(query)
    if not found:
        return []
    matching = GlossaryTerm.objects.filter(reduce(and_, (_term_matches(w) for w in found)))
    return list(matching.only("slug", "term", "definition")[:TERMS])


def _chosen(slugs: list[str]) -> list[Procedure]:
    """Procedures already chosen for a comparison (from its "find a procedure to add" form)."""
    wanted = [s.strip().lower() for s in slugs[: comparison.MAX_CHOICE]]
    if not any(wanted):
        return []
    return list(Procedure.objects.filter(slug__in=wanted).only("slug", "title", "position"))


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get(PARAM, "")[:MAX_LENGTH].strip()
    with one_version():
        lang = languages.current()
        chosen = localized.localize(_chosen(request.GET.getlist(comparison.PARAM)), lang)
        context = {
            "query": query,
            "searched": bool(words(query)),
            # Found by their words in any language; shown in the page's language where translated.
            "results": localized.localize(procedures(query), lang),
            "terms": localized.entries(list(terms(query)), lang),
            "chosen": chosen,
            "max_choice": comparison.MAX_CHOICE,
        }
        response = render(request, "portal/search.html", context)
    # Neither the browser's cache, a proxy nor a CDN keeps what someone searched for.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
