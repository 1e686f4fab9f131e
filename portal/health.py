"""``/healthz`` for load balancers and uptime monitors.

200 only when the database answers and content has been loaded; a freshly migrated but empty
database would otherwise serve empty pages. The body never carries error details: it is public.
"""

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import ContentVersion
from .outage import logged_once


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        loaded = ContentVersion.objects.exists()
    except DatabaseError as error:
        return logged_once(request, error, _plain("database unavailable", status=503))
    if not loaded:
        return _plain("content not loaded", status=503)
    return _plain("ok")


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(f"{text}\n", status=status, content_type="text/plain; charset=utf-8")
