"""Conditional GET and shared caching of public pages (portal.caching.public_page)."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.cache import get_max_age

PAGES = {
    "home": ("portal:home", [], ""),
    "article": ("portal:procedure", ["surgical-rhizotomy"], ""),
    "compare": ("portal:compare", [], ""),
    "compare with a choice": ("portal:compare", [], "?p=surgical-rhizotomy&p=rhizotomy-injection"),
    "glossary": ("portal:glossary", [], ""),
}
HTMX = {"HX-Request": "true"}


def url_of(page: str) -> str:
    name, args, query = PAGES[page]
    return reverse(name, args=args) + query


def load(folder: Path) -> None:
    call_command("load_content", str(folder), stdout=io.StringIO())


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",") if v.strip()}


@pytest.mark.parametrize("page", PAGES)
def test_public_page_is_cacheable_by_shared_caches(client, loaded, settings, page):
    response = client.get(url_of(page))
    assert response.status_code == 200
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    cache_control = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert "public" in cache_control
    assert get_max_age(response) == settings.PAGE_CACHE_SECONDS
    assert not cache_control & {"private", "no-store", "no-cache"}
    assert "hx-request" in vary(response)
    # A cache keyed on cookies would store one copy per visitor, and hints at cookies in use.
    assert "cookie" not in vary(response)
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("page", PAGES)
def test_revalidation_with_the_current_etag_answers_304(client, loaded, page):
    etag = client.get(url_of(page)).headers["ETag"]
    response = client.get(url_of(page), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    assert "public" in response.headers["Cache-Control"]


@pytest.mark.parametrize("page", PAGES)
def test_revalidation_with_another_etag_gets_the_page(client, loaded, page):
    response = client.get(url_of(page), headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert b"<html" in response.content


def test_max_age_follows_the_setting(client, loaded, settings):
    settings.PAGE_CACHE_SECONDS = 42
    assert get_max_age(client.get(url_of("article"))) == 42


def test_head_gets_the_headers_without_a_body(client, loaded):
    page = client.get(url_of("article"))
    response = client.head(url_of("article"))
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["ETag"] == page.headers["ETag"]


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_refuse_unsafe_methods(client, loaded, page):
    response = client.post(url_of(page))
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (
            "procedures/surgical-rhizotomy.md",
            "Write down the answers you get.",
            "Write down the answers you get, or ask someone to write them for you.",
        ),
        (
            "glossary.toml",
            "It stops some nerve signals",
            "It stops certain nerve signals",
        ),
    ],
)
def test_etag_changes_when_changed_content_is_loaded(client, db, content_copy, file, old, new):
    load(content_copy)
    before = {page: client.get(url_of(page)).headers["ETag"] for page in PAGES}

    path = content_copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    load(content_copy)

    for page in PAGES:
        response = client.get(url_of(page), headers={"If-None-Match": before[page]})
        assert response.status_code == 200, page
        assert response.headers["ETag"] != before[page], page
    assert (
        new.encode()
        in client.get(url_of("article" if file.startswith("procedures") else "glossary")).content
    )


def test_etag_stays_when_unchanged_content_is_loaded_again(client, db, content_copy):
    load(content_copy)
    before = {page: client.get(url_of(page)).headers["ETag"] for page in PAGES}
    load(content_copy)
    for page in PAGES:
        response = client.get(url_of(page), headers={"If-None-Match": before[page]})
        assert response.status_code == 304, page


def test_htmx_partial_has_its_own_etag(client, loaded):
    url = url_of("compare with a choice")
    full = client.get(url)
    partial = client.get(url, headers=HTMX)
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert b'id="comparison_table"' in partial.content
    assert partial.headers["ETag"] != full.headers["ETag"]
    assert "hx-request" in vary(partial)
    assert "public" in partial.headers["Cache-Control"]
    # A cache holding the full page must not answer an htmx request with 304, and the reverse.
    assert client.get(url, headers={**HTMX, "If-None-Match": full.headers["ETag"]}).content
    assert client.get(url, headers={"If-None-Match": partial.headers["ETag"]}).status_code == 200
    again = client.get(url, headers={**HTMX, "If-None-Match": partial.headers["ETag"]})
    assert again.status_code == 304


def test_htmx_history_restore_gets_the_full_page(client, loaded):
    url = url_of("compare")
    full = client.get(url)
    restore = client.get(url, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert b"<html" in restore.content
    assert restore.headers["ETag"] == full.headers["ETag"]


def test_without_content_pages_have_no_etag(client, db):
    response = client.get(url_of("home"))
    assert response.status_code == 200
    assert "ETag" not in response.headers


def test_missing_article_is_not_marked_public(client, loaded):
    response = client.get(reverse("portal:procedure", args=["no-such-procedure"]))
    assert response.status_code == 404
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers


def test_pages_are_sent_compressed_and_revalidate_while_compressed(client, loaded):
    url = reverse("portal:procedure", args=["surgical-rhizotomy"])
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().count("<h1") == 1

    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": response["ETag"]})
    assert again.status_code == 304


@pytest.fixture
def rendering(monkeypatch):
    """Counts template renders and compressions made while serving requests."""
    from django.template import loader
    from django.test.signals import template_rendered
    from django.utils import text

    from portal import caching

    counts = {"templates": 0, "compressed": 0}

    def rendered(**kwargs):
        counts["templates"] += 1

    def compress(data, **kwargs):
        counts["compressed"] += 1
        return text.compress_string(data, **kwargs)

    def render_to_string(*args, **kwargs):
        # Also counts fragments (template#partial), which send no template_rendered signal.
        counts["templates"] += 1
        return original(*args, **kwargs)

    original = loader.render_to_string
    monkeypatch.setattr(loader, "render_to_string", render_to_string)
    monkeypatch.setattr(caching, "compress_string", compress)
    monkeypatch.setattr("django.middleware.gzip.compress_string", compress)
    template_rendered.connect(rendered)
    yield counts
    template_rendered.disconnect(rendered)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("headers", [{}, {"accept-encoding": "gzip, br"}, HTMX], ids=str)
def test_a_repeat_request_renders_and_compresses_nothing(client, loaded, rendering, page, headers):
    first = client.get(url_of(page), headers=headers)
    assert rendering["templates"] > 0
    done = dict(rendering)

    again = client.get(url_of(page), headers=headers)
    assert rendering == done, "served from the page cache"
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("ETag", "Content-Type", "Cache-Control", "Vary", "Content-Security-Policy"):
        assert again[header] == first[header], header
    assert again.get("Content-Encoding") == first.get("Content-Encoding")
    assert "Set-Cookie" not in again.headers


def test_the_cache_keeps_each_encoding_and_variant_apart(client, loaded):
    url = url_of("compare with a choice")
    gzipped = client.get(url, headers={"accept-encoding": "gzip"})
    plain = client.get(url)
    partial = client.get(url, headers=HTMX)
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == plain.content
    assert "Content-Encoding" not in plain.headers
    assert b"<html" not in partial.content
    assert partial["HX-Push-Url"] == client.get(url, headers=HTMX)["HX-Push-Url"]
    # The query is part of the key: another choice is another page.
    other = client.get(
        reverse("portal:compare") + "?p=surgical-rhizotomy&p=dorsal-rhizotomy-back-pain"
    )
    assert other.content != plain.content


def test_a_304_names_what_it_varies_on(client, loaded):
    url = url_of("article")
    etag = client.get(url, headers={"accept-encoding": "gzip"})["ETag"]
    response = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert response.status_code == 304
    assert {"hx-request", "accept-encoding"} <= vary(response)
    assert "public" in response["Cache-Control"]


def test_reloading_changed_content_changes_the_cached_page(client, db, content_copy, rendering):
    load(content_copy)
    url = url_of("glossary")
    before = client.get(url).content
    path = content_copy / "glossary.toml"
    path.write_text(path.read_text().replace('definition = "', 'definition = "Changed. ', 1))
    load(content_copy)
    done = rendering["templates"]
    after = client.get(url)
    assert rendering["templates"] > done
    assert after.content != before
    assert b"Changed. " in after.content


def test_the_page_cache_is_chosen_by_an_environment_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from portal.settings import cache_from_url

    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    redis = cache_from_url("redis://cache.internal:6379/1")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/1"
    memcached = cache_from_url("memcached://127.0.0.1:11211")
    assert memcached["BACKEND"].endswith("PyMemcacheCache")
    assert memcached["LOCATION"] == "127.0.0.1:11211"
    assert cache_from_url("file:///var/cache/portal")["LOCATION"] == "/var/cache/portal"
    with pytest.raises(ImproperlyConfigured, match="PAGE_CACHE_URL"):
        cache_from_url("mysql://nope")


def test_while_developing_nothing_is_kept(client, loaded, settings, rendering):
    settings.DEBUG = True
    client.get(url_of("article"))
    done = rendering["templates"]
    assert client.get(url_of("article")).status_code == 200
    assert rendering["templates"] > done, "an edited template would show at once"
