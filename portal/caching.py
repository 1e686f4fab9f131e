"""Conditional GET and shared caching for public pages.

A page's ETag is derived from the version of the loaded content, the code and templates that
render it, and whether it is the full page or an htmx partial. Reloading changed content, or
deploying new templates, changes it; anything else answers a revalidation with 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition, require_safe

from .models import ContentVersion


def _code_version() -> str:
    digest = hashlib.sha256()
    for folder in (
        settings.BASE_DIR / "templates",
        settings.BASE_DIR / "static",
        Path(__file__).parent,
    ):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {
                ".html",
                ".css",
                ".js",
                ".py",
                ".svg",
                ".txt",
                ".xml",
            }:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    for value in (
        settings.CLINIC_NAME,
        settings.CLINIC_PHONE,
        settings.EMERGENCY_NUMBER,
        settings.SITE_URL,
    ):
        digest.update(value.encode())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def is_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not htmx restoring a whole page from history)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def etag_for(request: HttpRequest, content_version: str | None) -> str | None:
    if not content_version:
        return None
    variant = "partial" if is_partial(request) else "page"
    return hashlib.sha256(f"{content_version}:{CODE_VERSION}:{variant}".encode()).hexdigest()[:40]


def content_version() -> str | None:
    return ContentVersion.objects.values_list("digest", flat=True).first()


def content_etag(request: HttpRequest, *args, **kwargs) -> str | None:
    return etag_for(request, content_version())


def public_page(etag_func: Callable[..., str | None] = content_etag):
    """GET/HEAD only, conditional on the ETag, cacheable by shared caches, varying on htmx."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        conditional = condition(etag_func=etag_func)(view)

        # require_safe, not require_GET: link checkers and mail scanners send HEAD.
        @require_safe
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            patch_vary_headers(response, ["HX-Request"])
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator
