"""Which language a page is given in, and where that page is.

The address alone decides: English pages at the root, as ever, and each other language under
``/<code>/``. No cookie and no ``Accept-Language``: every reader of an address gets the same page,
which keeps pages private and cacheable. A request for a language the portal does not have a
page in gets the English page, and says so, rather than nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, translate_url
from django.utils import translation

from . import sharing
from .models import Procedure, ProcedureTranslation

DEFAULT = "en"
LANGUAGES = ("en", "es")
# Each language's name in itself, for the link to the page in that language.
NAMES = {"en": "English", "es": "Español"}
# And in English, for the staff pages.
ENGLISH_NAMES = {"en": "English", "es": "Spanish"}
# Open Graph's language_TERRITORY for link previews: the clinic's readers are in the US.
OG_LOCALES = {"en": "en_US", "es": "es_US"}
# ISO 639-2 codes, which some health records send instead of the two-letter ones.
_THREE_LETTER = {"eng": "en", "spa": "es"}
# BCP 47 in outline: a language, then subtags ("en", "en-US", "es-419", "es_MX").
_TAG = re.compile(r"([A-Za-z]{2,8})(?:[-_][A-Za-z0-9]{1,8})*", re.ASCII)


def is_language_tag(value: str) -> bool:
    return _TAG.fullmatch(value) is not None


def language_of(tag: str) -> str:
    """The portal language a language tag asks for: its own where the portal has it, else
    English. ``tag`` must be a language tag (see ``is_language_tag``)."""
    match = _TAG.fullmatch(tag)
    primary = match.group(1).lower() if match else ""
    primary = _THREE_LETTER.get(primary, primary)
    return primary if primary in LANGUAGES else DEFAULT


def current() -> str:
    """The language of the page being made."""
    language = translation.get_language()
    return language if language in LANGUAGES else DEFAULT


def has_translation(procedure: Procedure, lang: str) -> bool:
    if lang == DEFAULT:
        return True
    return ProcedureTranslation.objects.filter(procedure=procedure, language=lang).exists()


def _translated_into(lang: str) -> str:
    return f"translated_into_{lang}"


def with_languages(procedures: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """``procedures``, each knowing which languages it has been translated into, in the same
    query (for ``languages_of``)."""
    return procedures.annotate(
        **{
            _translated_into(lang): Exists(
                ProcedureTranslation.objects.filter(procedure=OuterRef("pk"), language=lang)
            )
            for lang in LANGUAGES
            if lang != DEFAULT
        }
    )


def languages_of(procedure: Procedure) -> list[str]:
    """The languages ``procedure``'s page exists in: English and each translation's."""
    if not hasattr(procedure, _translated_into(LANGUAGES[-1])):
        procedure = with_languages(Procedure.objects.filter(pk=procedure.pk)).get()
    return [
        lang for lang in LANGUAGES if lang == DEFAULT or getattr(procedure, _translated_into(lang))
    ]


def localized_url(procedure: Procedure, lang: str) -> tuple[str, str]:
    """The absolute address of ``procedure``'s page in ``lang`` where that page exists, otherwise
    the English page; and the language of the page it names.

    Every link to an article in a chosen language is decided here.
    """
    found = lang if has_translation(procedure, lang) else DEFAULT
    with translation.override(found):
        return sharing.absolute_url(procedure.get_absolute_url()), found


def path_in(path: str, lang: str) -> str:
    """``path`` (of a page in the current language) in ``lang``: the same page where the address
    names one, otherwise that language's home page."""
    translated = translate_url(path, lang)
    if translated == path and lang != current():
        with translation.override(lang):
            return reverse("portal:home")
    return translated


def to_english(request: HttpRequest) -> HttpResponse:
    """The English page, for a page not translated yet: every address in a language lands.
    Temporary, since the translation may come."""
    return redirect(path_in(request.path, DEFAULT))


class PathLanguageMiddleware:
    """Activates the language the address names (``/es/...``), else English, for the request.

    Unlike Django's ``LocaleMiddleware`` it never reads ``Accept-Language`` or a cookie, never
    redirects and adds no ``Vary``: the address alone decides.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = lang
        # For this request only: the thread's next request, or command, starts from the default.
        with translation.override(lang):
            response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Language", lang)
        return response
