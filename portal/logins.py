"""Who is trying to log in: the address that failed log-ins are counted against.

django-axes counts failures per account and per address (see the settings). Behind the reverse
proxy every request comes from the proxy's own address, so the visitor's is the one the proxy
appended to ``X-Forwarded-For``: the last entry. gunicorn listens only on 127.0.0.1, so nobody but
the proxy reaches it; without the header (development, tests) the peer's address is used.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        # Stored in an address column: anything that is not an address must not reach it.
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or None
