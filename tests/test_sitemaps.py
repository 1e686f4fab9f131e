"""``/sitemap.xml`` and ``/robots.txt``: addresses on the configured site URL only."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SITE = "https://patients.clinic.example"


@pytest.fixture
def other_host(settings) -> str:
    """A request that names a host other than the site's own, as a proxy or mirror might."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "internal-mirror.example"]
    return "internal-mirror.example"


def test_the_sitemap_lists_every_public_page_on_the_site_url(client, loaded, other_host):
    response = client.get(reverse("sitemap"), headers={"host": other_host})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    # The site's own output, not untrusted input.
    root = ET.fromstring(response.content)  # noqa: S314
    locations = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    # Pages in both languages; articles in English only until they are translated.
    assert locations == [
        f"{SITE}/",
        f"{SITE}/es/",
        f"{SITE}/compare/",
        f"{SITE}/es/compare/",
        f"{SITE}/glossary/",
        f"{SITE}/es/glossary/",
        *(f"{SITE}/procedures/{p.slug}/" for p in loaded),
    ]


def test_the_sitemap_names_each_page_in_the_other_language(
    client, translated_copy, load_folder, settings
):
    settings.SITE_URL = SITE
    load_folder(translated_copy)
    response = client.get(reverse("sitemap"))
    root = ET.fromstring(response.content)  # noqa: S314
    pages = {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("s:url", NS)
    }
    english = f"{SITE}/procedures/surgical-rhizotomy/"
    spanish = f"{SITE}/es/procedures/surgical-rhizotomy/"
    expected = {"en": english, "es": spanish, "x-default": english}
    assert pages[english] == pages[spanish] == expected
    assert pages[f"{SITE}/es/glossary/"]["es"] == f"{SITE}/es/glossary/"


def test_the_sitemap_follows_the_site_urls_scheme(client, loaded, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    response = client.get(reverse("sitemap"), secure=True)
    assert b"<loc>http://127.0.0.1:8000/procedures/surgical-rhizotomy/</loc>" in response.content


def test_the_sitemap_is_public_and_cacheable(client, loaded):
    response = client.get(reverse("sitemap"))
    assert "public" in response["Cache-Control"]
    assert response.has_header("ETag")
    again = client.get(reverse("sitemap"), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_robots_txt_allows_the_pages_and_points_at_the_sitemap(client, loaded, other_host):
    response = client.get("/robots.txt", headers={"host": other_host})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.strip().splitlines()
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /staff/",
        "",
        f"Sitemap: {SITE}/sitemap.xml",
    ]
