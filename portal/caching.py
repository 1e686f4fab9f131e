"""Public pages: one content version per response, conditional GET, and a cache of final bytes.

One version: a public page, its ETag and its cache key are read inside one database transaction
that sees a single snapshot of the database (PostgreSQL: ``REPEATABLE READ``; SQLite: every
transaction is serializable). ``load_content`` writes everything, the version row included, in one
transaction, so a response shows the content before a reload or after it, never a mix, and its
ETag names the version it shows.

Render once, serve many: the page's final bytes, already compressed when the client accepts gzip,
are kept in the ``pages`` cache under a key made of the content version, the code version, the
variant (whole page or htmx fragment, gzip or not) and the path with its query. A reload or a
deploy changes the key; a repeat request renders no template and compresses nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.gzip import re_accepts_gzip
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.text import compress_string
from django.views.decorators.http import require_safe

from .models import ContentVersion

PAGE_CACHE = "pages"
NOTHING_KEPT = DummyCache("", {})
# Responses shorter than this are not worth compressing (the same limit as GZipMiddleware).
MIN_COMPRESS = 200
# Headers set per request, not kept with the page: the rest of what the view set is kept
# (Content-Type, HX-Push-Url, ...); middleware adds its own headers to every response after.
PER_REQUEST_HEADERS = {"etag", "vary", "cache-control", "content-length"}


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
                ".po",  # the interface's translations
            }:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def _settings_version() -> str:
    # Read per request: the clinic's details appear on every page.
    values = (
        settings.CLINIC_NAME,
        settings.CLINIC_PHONE,
        settings.EMERGENCY_NUMBER,
        settings.SITE_URL,
    )
    return hashlib.sha256("\0".join(values).encode()).hexdigest()[:16]


def is_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not htmx restoring a whole page from history)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))


def etag_for(request: HttpRequest, content_version: str | None) -> str | None:
    if not content_version:
        return None
    variant = "partial" if is_partial(request) else "page"
    seed = f"{content_version}:{CODE_VERSION}:{_settings_version()}:{variant}"
    return hashlib.sha256(seed.encode()).hexdigest()[:40]


def content_version(request: HttpRequest | None = None, *args, **kwargs) -> str | None:
    # The one read every public request makes: plain SQL, since building it with the ORM costs
    # more than the read itself. The table holds one row.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT digest FROM {ContentVersion._meta.db_table}")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def one_version() -> Iterator[None]:
    """A transaction whose every read sees the same committed state of the database."""
    if connection.in_atomic_block:
        # Already inside a transaction (tests, or ATOMIC_REQUESTS): it decides the isolation.
        yield
        return
    # A health check would be the transaction's first statement and leave SET TRANSACTION late.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


@dataclass(frozen=True)
class Variant:
    partial: bool
    gzip: bool

    @classmethod
    def of(cls, request: HttpRequest) -> Variant:
        return cls(partial=is_partial(request), gzip=accepts_gzip(request))

    def etag(self, tag: str) -> str:
        # A compressed body is another representation of the page: the tag is weak, as
        # GZipMiddleware and nginx make it; weak comparison still matches on revalidation.
        quoted = quote_etag(tag)
        return f"W/{quoted}" if self.gzip else quoted


def cache_key(request: HttpRequest, version: str, variant: Variant) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    version_key = hashlib.sha256(
        f"{version}:{CODE_VERSION}:{_settings_version()}".encode()
    ).hexdigest()[:32]
    return f"page:{version_key}:{int(variant.partial)}{int(variant.gzip)}:{path}"


def _matches(request: HttpRequest, tag: str) -> bool:
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in wanted or any(e.removeprefix("W/") == quote_etag(tag) for e in wanted)


def _public(response: HttpResponse, etag: str, variant: Variant) -> HttpResponse:
    response["ETag"] = variant.etag(etag)
    # Both variants are sent for the same address: a cache must keep them apart, 304s included.
    patch_vary_headers(response, ["HX-Request", "Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
    return response


def _final_bytes(response: HttpResponse, variant: Variant) -> HttpResponse:
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    if variant.gzip and len(response.content) >= MIN_COMPRESS:
        # No random padding: public pages hold no secret for BREACH to learn.
        compressed = compress_string(response.content)
        if len(compressed) < len(response.content):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    return response


def _restore(stored: tuple[int, dict[str, str], bytes]) -> HttpResponse:
    status, headers, body = stored
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    response["Content-Length"] = str(len(body))
    return response


def public_page(version: Callable[..., str | None] = content_version):
    """GET/HEAD only; one content version, conditional on its ETag, served from the page cache.

    ``version(request, *args, **kwargs)`` reads the content version. A revalidation or a page
    already kept costs that one read: the kept bytes were rendered from one snapshot of that
    version. Otherwise the version is read again inside a snapshot and the view renders from it.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        # require_safe, not require_GET: link checkers and mail scanners send HEAD.
        @require_safe
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            variant = Variant.of(request)
            # While developing (DEBUG), an edited template shows at once: nothing is kept.
            cache = NOTHING_KEPT if settings.DEBUG else caches[PAGE_CACHE]
            served = _served(request, variant, version(request, *args, **kwargs), cache)
            if served is not None:
                return served
            with one_version():
                current = version(request, *args, **kwargs)
                etag = etag_for(request, current)
                response = _final_bytes(view(request, *args, **kwargs), variant)
            if etag is None or response.status_code != 200:
                return response
            if not response.cookies:
                headers = {
                    h: v for h, v in response.items() if h.lower() not in PER_REQUEST_HEADERS
                }
                key = cache_key(request, current, variant)
                cache.set(key, (response.status_code, headers, response.content))
            return _public(response, etag, variant)

        return wrapper

    return decorator


def _served(
    request: HttpRequest, variant: Variant, current: str | None, cache
) -> HttpResponse | None:
    """A 304 or the kept page for this version, if there is one."""
    etag = etag_for(request, current)
    if etag is None:
        return None
    if _matches(request, etag):
        return _public(HttpResponseNotModified(), etag, variant)
    stored = cache.get(cache_key(request, current, variant))
    return None if stored is None else _public(_restore(stored), etag, variant)
