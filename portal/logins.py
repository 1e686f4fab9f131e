"""Log-in limits: the address failed log-ins are counted against, and refusing early.

django-axes counts failures per account and per address (see the settings). Behind the reverse
proxy every request comes from the proxy's own address, so the visitor's is the one the proxy
appended to ``X-Forwarded-For``: the last entry. gunicorn listens only on 127.0.0.1, so nobody but
the proxy reaches it; without the header (development, tests) the peer's address is used.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from axes.decorators import axes_dispatch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def client_ip(request: HttpRequest) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        # Stored in an address column: anything that is not an address must not reach it.
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or None


class RefuseLockedOutMiddleware:
    """A log-in for a locked account or address is refused before the log-in view runs.

    Axes's backend would refuse it too, without hashing, but only after the view has run the form,
    its signals and the log-in page: refusing here costs one query, so a flood stays cheap.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.guarded = axes_dispatch(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info == reverse("admin:login"):
            return self.guarded(request)
        return self.get_response(request)
