"""Which language a page is given in, and where that page is.

The portal's pages are in English; Spanish ones may follow. A request for a language the portal
does not have a page in gets the English page, and says so, rather than nothing.
"""

from __future__ import annotations

import re

from . import sharing
from .models import Procedure

DEFAULT = "en"
LANGUAGES = ("en", "es")
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


def localized_url(procedure: Procedure, lang: str) -> tuple[str, str]:
    """The absolute address of ``procedure``'s page in ``lang`` where that page exists, otherwise
    the English page; and the language of the page it names.

    Every link to an article in a chosen language is decided here.
    """
    # Only English pages exist so far.
    return sharing.absolute_url(procedure.get_absolute_url()), DEFAULT
