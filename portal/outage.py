"""What a visitor gets while the database is unreachable: 503 and the portal's own page.

Django turns any exception into its 500 handler, which this module replaces. When the error is
the database being out of reach, the answer is 503 with ``Retry-After``, made from a template and
settings alone (no request context, so no context processor can touch the database), and the log
gets one line instead of a traceback per request. Any other error keeps Django's 500 page.
"""

from __future__ import annotations

import logging
import sys
from typing import TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views import defaults

logger = logging.getLogger(__name__)

# Connection refused, server gone, connection lost: what a stopped or restarting database raises.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

R = TypeVar("R", bound=HttpResponseBase)


def outage_error(error: BaseException | None) -> BaseException | None:
    """The database error behind ``error``, if there is one."""
    while error is not None:
        if isinstance(error, OUTAGE_ERRORS):
            return error
        error = error.__cause__ or error.__context__
    return None


def logged_once(request: HttpRequest, error: BaseException, response: R) -> R:
    """Log one line for ``response``: the database's own message, without a traceback."""
    reason = " ".join(str(error).split()) or type(error).__name__
    # The path last: the log filter that takes procedure codes out of paths cuts to the line's end.
    logger.error("Database unavailable: %s; request %s %s", reason, request.method, request.path)
    # Django would otherwise log the response again (with the traceback, for an exception).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def server_error(request: HttpRequest) -> HttpResponseBase:
    """``handler500``: called while the error is being handled, so ``sys.exc_info`` holds it."""
    error = outage_error(sys.exc_info()[1])
    if error is None:
        return defaults.server_error(request)
    html = render_to_string(
        "503.html",
        {
            "clinic_name": settings.CLINIC_NAME,
            "clinic_phone": settings.CLINIC_PHONE,
            "site_url": settings.SITE_URL,
            # The address's language, as the language middleware set it; no request context.
            "LANGUAGE_CODE": get_language(),
        },
    )
    response = HttpResponse(html, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return logged_once(request, error, response)
