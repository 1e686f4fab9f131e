"""Finding articles by procedure code: the HL7 Infobutton service health records call, and the
``/code/<system>/<code>/`` address people follow.

The service takes the request parameters MedlinePlus Connect takes (the HL7 Infobutton URL-based
implementation guide's names) and answers as Connect does: an Atom feed by default, JSON on request,
an empty feed when nothing matches. A procedure code is health information, so the answer is the
same for everyone (cacheable, no cookies) and no log line records it (see ``log_privacy``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from . import codes, languages, localized
from .caching import content_version, public_page
from .knowledge_request import ATOM, CODE, SYSTEM, BadRequest, Query, parse
from .models import ContentVersion, Procedure


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str
    url: str
    lang: str  # the language of the page at url
    id: str
    updated: str


@dataclass(frozen=True)
class Feed:
    query: Query
    entries: list[Entry]
    title: str
    subtitle: str
    id: str
    updated: str


def service_path(system: str, code: str) -> str:
    """The service's question for one stored code (``system`` as stored)."""
    oid = codes.system_for(system).oid
    return f"{reverse('portal:infobutton')}?{urlencode({SYSTEM: oid, CODE: code})}"


def code_path(system: str, code: str) -> str:
    """The address people follow for one stored code (``system`` as stored)."""
    return reverse("portal:by_code", args=[codes.system_for(system).slug, code])


def rfc3339(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def matching(system: str, code: str) -> list[Procedure]:
    return list(
        Procedure.objects.filter(codes__system=system, codes__code=code).only(
            "slug", "title", "summary", "last_reviewed", "position"
        )
    )


def build_feed(query: Query) -> Feed:
    loaded_at = ContentVersion.objects.values_list("loaded_at", flat=True).first()
    fallback = loaded_at or timezone.now()
    entries = []
    for procedure in matching(query.system.name, query.code):
        url, lang = languages.localized_url(procedure, query.language)
        reviewed = procedure.last_reviewed
        updated = (
            datetime.datetime.combine(reviewed, datetime.time(), tzinfo=datetime.UTC)
            if reviewed
            else fallback
        )
        entries.append(
            Entry(
                title=procedure.title,
                summary=procedure.summary,
                url=url,
                lang=lang,
                # The English address never changes, whatever language the link is in.
                id=languages.localized_url(procedure, languages.DEFAULT)[0],
                updated=rfc3339(updated),
            )
        )
    return Feed(
        query=query,
        entries=entries,
        title=f"{settings.CLINIC_NAME}: patient information",
        subtitle=f"Pages for {query.system.name} {query.code}",
        id=f"{settings.SITE_URL}{service_path(query.system.name, query.code)}",
        updated=max((e.updated for e in entries), default=rfc3339(fallback)),
    )


def feed_json(feed: Feed) -> dict:
    """The feed in the JSON shape MedlinePlus Connect answers with."""
    return {
        "feed": {
            "base": f"{settings.SITE_URL}/",
            "lang": languages.DEFAULT,
            "title": {"_value": feed.title, "type": "text"},
            "subtitle": {"_value": feed.subtitle, "type": "text"},
            "author": {
                "name": {"_value": settings.CLINIC_NAME},
                "uri": {"_value": f"{settings.SITE_URL}/"},
            },
            "updated": {"_value": feed.updated},
            "category": [{"scheme": s, "term": t} for s, t in feed.query.categories()],
            "id": {"_value": feed.id},
            "entry": [
                {
                    "lang": entry.lang,
                    "title": {"_value": entry.title, "type": "text"},
                    "link": [
                        {
                            "title": entry.title,
                            "rel": "alternate",
                            "type": "html",
                            "hreflang": entry.lang,
                            "href": entry.url,
                        }
                    ],
                    "id": {"_value": entry.id},
                    "updated": {"_value": entry.updated},
                    "summary": {"_value": entry.summary, "type": "text"},
                }
                for entry in feed.entries
            ],
        }
    }


def _answer(response: HttpResponse) -> HttpResponse:
    # Public information, no credentials: any page may read it, which is what JSONP was for.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _error(request: HttpRequest, error: BadRequest) -> HttpResponse:
    # Returned, not raised: Django's handler for a raised error would log the request.
    if error.format.kind == "json":
        body = {"error": {"status": 400, "message": error.message}}
        return _answer(JsonResponse(body, status=400))
    context = {"message": error.message}
    response = render(
        request,
        "portal/infobutton.xml#error",
        context,
        content_type=ATOM.content_type,  # an error document, not an Atom feed
        status=400,
    )
    return _answer(response)


def _version(request: HttpRequest, *args, **kwargs) -> str | None:
    try:
        parse(request)
    except BadRequest:
        return None  # an error is not a version of anything
    return content_version(request)


@public_page(version=_version)
def infobutton(request: HttpRequest) -> HttpResponse:
    try:
        query = parse(request)
    except BadRequest as error:
        return _error(request, error)
    feed = build_feed(query)
    if query.format.kind == "json":
        return _answer(JsonResponse(feed_json(feed)))
    context = {"feed": feed, "base": f"{settings.SITE_URL}/", "lang": languages.DEFAULT}
    response = render(
        request, "portal/infobutton.xml#feed", context, content_type=query.format.content_type
    )
    return _answer(response)


@public_page()
def by_code(request: HttpRequest, system: str, code: str) -> HttpResponse:
    """One article: go there. Several: let the reader choose. None: say so, kindly."""
    found = codes.system_for(system)
    normalised = codes.normalise_code(found, code) if found else None
    procedures = matching(found.name, normalised) if found and normalised else []
    lang = languages.current()
    if len(procedures) == 1:
        return redirect(languages.localized_url(procedures[0], lang)[0])
    shown = procedures or Procedure.objects.only("slug", "title", "summary")
    context = {
        "matched": bool(procedures),
        "choices": [
            (page, languages.localized_url(p, lang)[0])
            for p, page in zip(shown, localized.localize(shown, lang), strict=True)
        ],
    }
    return render(request, "portal/code.html", context, status=200 if procedures else 404)
