"""The portal's URLs and ``/bench/floor/``: a trivial response through the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("portal.site_urls")),
]
handler404 = "portal.views.page_not_found"
