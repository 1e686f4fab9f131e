"""The question a health record asks the Infobutton service, read from the URL.

The parameter names are those of the HL7 Infobutton URL-based implementation guide, as MedlinePlus
Connect takes them. Anything wrong with a request is a ``BadRequest`` whose message says what, in
the format the request asked for.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, QueryDict

from . import codes, languages

SYSTEM = "mainSearchCriteria.v.cs"
CODE = "mainSearchCriteria.v.c"
DISPLAY_NAME = "mainSearchCriteria.v.dn"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"
# Longer than any code system OID, code or display name a health record sends.
MAX_LENGTH = 200


@dataclass(frozen=True)
class Format:
    kind: str  # "atom" or "json"
    content_type: str


ATOM = Format("atom", "text/xml; charset=utf-8")
FORMATS = {
    "text/xml": ATOM,
    "application/atom+xml": Format("atom", "application/atom+xml; charset=utf-8"),
    "application/json": Format("json", "application/json"),
}
JSON = FORMATS["application/json"]
JSONP = {"application/javascript", "text/javascript"}


class BadRequest(Exception):
    def __init__(self, message: str, format: Format = ATOM):
        super().__init__(message)
        self.message = message
        self.format = format


@dataclass(frozen=True)
class Query:
    system: codes.CodeSystem
    code: str
    display_name: str
    language_tag: str  # as sent, "" if not
    language: str  # the portal language it asks for
    format: Format

    def categories(self) -> list[tuple[str, str]]:
        """The request, echoed as Connect echoes it: (parameter, value)."""
        return [
            (CODE, self.code),
            (SYSTEM, self.system.oid),
            (DISPLAY_NAME, self.display_name),
            (LANGUAGE, self.language),
        ]


def _unsafe(value: str) -> bool:
    # Control characters, and what XML 1.0 cannot carry, are never part of a code or a name.
    return any(unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff" for c in value)


def _value(params: QueryDict, name: str, format: Format) -> str:
    values = params.getlist(name)
    if len(set(values)) > 1:
        raise BadRequest(f"{name} is given more than once, with different values.", format)
    value = values[0] if values else ""
    if len(value) > MAX_LENGTH:
        raise BadRequest(f"{name} is longer than {MAX_LENGTH} characters.", format)
    if _unsafe(value):
        raise BadRequest(f"{name} holds control characters.", format)
    return value.strip()


def _format(params: QueryDict) -> Format:
    response_type = _value(params, RESPONSE_TYPE, ATOM).lower()
    if response_type in JSONP:
        raise BadRequest(
            "JSONP (application/javascript) is not offered, because it runs as script in the "
            "calling page. Ask for application/json: any web page may read it.",
            JSON,
        )
    if not response_type:
        return ATOM
    if response_type not in FORMATS:
        raise BadRequest(f"{RESPONSE_TYPE} must be one of {', '.join(FORMATS)}.")
    return FORMATS[response_type]


def parse(request: HttpRequest) -> Query:
    """The request's question, or BadRequest saying what is wrong with it."""
    try:
        params = request.GET
    except TooManyFieldsSent:
        raise BadRequest("The request has too many parameters.") from None
    format = _format(params)
    system_name = _value(params, SYSTEM, format)
    code = _value(params, CODE, format)
    display_name = _value(params, DISPLAY_NAME, format)
    language_tag = _value(params, LANGUAGE, format)
    if not system_name:
        raise BadRequest(f"{SYSTEM} (the code system's OID) is required.", format)
    system = codes.system_for(system_name)
    if system is None:
        known = ", ".join(f"{s.name} {s.oid}" for s in codes.SYSTEMS)
        raise BadRequest(f"{SYSTEM} is not a code system this service answers ({known}).", format)
    if not code:
        raise BadRequest(f"{CODE} (the procedure code) is required.", format)
    normalised = codes.normalise_code(system, code)
    if normalised is None:
        raise BadRequest(
            f"{CODE} is not a {system.name} code: those are {system.shape} "
            f"(for example {system.example}).",
            format,
        )
    if language_tag and not languages.is_language_tag(language_tag):
        raise BadRequest(f"{LANGUAGE} must be a language code such as en or es.", format)
    return Query(
        system=system,
        code=normalised,
        display_name=display_name,
        language_tag=language_tag,
        language=languages.language_of(language_tag) if language_tag else languages.DEFAULT,
        format=format,
    )
