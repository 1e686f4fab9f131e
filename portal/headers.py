"""Response headers: security headers Django 5.2 does not send itself, no cookies for patients,
and a ``Vary`` that a 304 keeps."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

# Everything the site needs comes from its own origin: no inline code, no other site.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# Nothing here needs a device feature; clipboard writing is for the "Copy link" button.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "camera=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "browsing-topics=()",
        "clipboard-write=(self)",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Where staff sign in and work; every other address is a patient page.
STAFF_PREFIXES = ("/admin/", "/staff/")


class NoCookiesForPatientsMiddleware:
    """Patient pages ignore the session and CSRF cookies, so they never answer with a cookie.

    Django repairs a malformed ``csrftoken`` or a ``sessionid`` too short to be one with a new or
    deleting ``Set-Cookie`` and ``Vary: Cookie``, whatever the page. Patient pages use neither
    cookie, so they do not see them. Goes before the session and CSRF middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(STAFF_PREFIXES):
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
                request.COOKIES.pop(name, None)
        return self.get_response(request)


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, with ``Vary: Accept-Encoding`` on a 304 as on the page it stands
    for: a cache that revalidates must keep telling compressed and plain copies apart."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 304:
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
