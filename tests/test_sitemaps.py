"""``/sitemap.xml`` and ``/robots.txt``: addresses on the configured site URL only."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
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
    assert locations == [
        f"{SITE}/",
        f"{SITE}/compare/",
        f"{SITE}/glossary/",
        *(f"{SITE}/procedures/{p.slug}/" for p in loaded),
    ]


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
