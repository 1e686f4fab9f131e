"""Absolute links, the share block, email paragraphs, QR codes and link previews."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from portal import sharing
from portal.models import Procedure

SITE = "https://patients.clinic.example"


@pytest.fixture
def site_url(settings) -> str:
    settings.SITE_URL = SITE
    return SITE


def mailto_fields(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert parts.path == ""  # no recipient: the reader chooses one
    fields = {}
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        fields[name] = unquote(value)
    return fields


def page(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


# Building links


def test_absolute_urls_come_from_the_site_url(site_url):
    assert sharing.absolute_url("/go/SR/") == "https://patients.clinic.example/go/SR/"


def test_an_absolute_url_needs_a_site_path(site_url):
    with pytest.raises(ValueError, match="starting with '/'"):
        sharing.absolute_url("procedures/surgical-rhizotomy/")


def test_mailto_percent_encodes_every_reserved_character():
    href = sharing.mailto("Q&A: 50% off? #1", "Line one\nhttps://x.example/compare/?p=a&p=b")
    # Spaces are %20 (a "+" stays a plus sign in mail clients) and lines end in CRLF.
    assert href == (
        "mailto:?subject=Q%26A%3A%2050%25%20off%3F%20%231"
        "&body=Line%20one%0D%0Ahttps%3A%2F%2Fx.example%2Fcompare%2F%3Fp%3Da%26p%3Db"
    )
    assert mailto_fields(href) == {
        "subject": "Q&A: 50% off? #1",
        "body": "Line one\r\nhttps://x.example/compare/?p=a&p=b",
    }


def test_the_email_paragraph_for_an_article(loaded, site_url):
    link = sharing.procedure_link(Procedure.objects.get(slug="surgical-rhizotomy"))
    assert link.email_text == (
        "Surgical rhizotomy\n"
        "This page is about surgery that cuts some nerve roots to ease tight, stiff muscles.\n"
        "https://patients.clinic.example/procedures/surgical-rhizotomy/"
    )
    assert link.email_html == (
        "<p><strong>Surgical rhizotomy</strong><br>This page is about surgery that cuts some "
        "nerve roots to ease tight, stiff muscles.<br>"
        '<a href="https://patients.clinic.example/procedures/surgical-rhizotomy/">'
        "https://patients.clinic.example/procedures/surgical-rhizotomy/</a></p>"
    )
    assert link.short_url == "https://patients.clinic.example/go/SR/"


def test_the_email_paragraph_for_a_section(loaded, site_url):
    procedure = Procedure.objects.get(slug="rhizotomy-injection")
    link = sharing.section_link(procedure, procedure.sections.get(anchor="risks"))
    assert link.email_text == (
        "Rhizotomy injection: What can go wrong\n"
        "This link opens the part called “What can go wrong” on our page about "
        "Rhizotomy injection.\n"
        "https://patients.clinic.example/procedures/rhizotomy-injection/#risks"
    )
    assert link.short_url == "https://patients.clinic.example/go/RI/risks/"


def test_the_email_paragraph_for_a_comparison(loaded, site_url):
    link = sharing.comparison_link(list(Procedure.objects.all()[:2]))
    assert link.email_text == (
        "Compare Surgical rhizotomy and Rhizotomy injection\n"
        "This page answers the same questions about each procedure, side by side.\n"
        "https://patients.clinic.example/compare/?p=surgical-rhizotomy&p=rhizotomy-injection"
    )
    assert link.short_url == ""


def test_the_html_paragraph_escapes_what_it_quotes(site_url):
    link = sharing.Link(key="x", title="<b>Risks</b> & more", sentence='Say "hi".', path="/x/")
    assert link.email_html == (
        "<p><strong>&lt;b&gt;Risks&lt;/b&gt; &amp; more</strong><br>Say &quot;hi&quot;.<br>"
        '<a href="https://patients.clinic.example/x/">https://patients.clinic.example/x/</a></p>'
    )


def test_comparisons_cover_each_pair_and_all_three(loaded):
    titles = [link.title for link in sharing.comparison_links(list(Procedure.objects.all()))]
    assert titles == [
        "Compare Surgical rhizotomy and Rhizotomy injection",
        "Compare Surgical rhizotomy and Dorsal rhizotomy for back pain",
        "Compare Rhizotomy injection and Dorsal rhizotomy for back pain",
        "Compare Surgical rhizotomy, Rhizotomy injection and Dorsal rhizotomy for back pain",
    ]


def test_a_qr_svg_has_a_title_and_no_style_attribute():
    # The site's own output, not untrusted input.
    svg = ET.fromstring(sharing.qr_svg("https://patients.clinic.example/go/SR/"))  # noqa: S314
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}title").text == (
        "QR code: https://patients.clinic.example/go/SR/"
    )
    assert all("style" not in element.attrib for element in svg.iter())


# The share block patients see


@pytest.mark.parametrize("slug", ["surgical-rhizotomy", "rhizotomy-injection"])
def test_an_article_has_a_copy_field_and_an_email_link(client, loaded, site_url, slug):
    procedure = Procedure.objects.get(slug=slug)
    html = page(client.get(procedure.get_absolute_url()))
    share = html.find("section", class_="share")
    url = f"{SITE}/procedures/{slug}/"
    field = share.find("input", id="share_url")
    assert field["value"] == url
    assert field.has_attr("readonly")
    assert share.find("label", attrs={"for": "share_url"}).get_text() == "Link to this page"
    # The button is for browsers that can copy; site.js shows it.
    button = share.find("button", attrs={"data-copy": "share_url"})
    assert button.has_attr("hidden")
    email = share.find("a", string="Email this page")
    assert mailto_fields(email["href"]) == {
        "subject": procedure.title,
        "body": f"{procedure.title}\r\n{url}",
    }


def test_the_comparison_shares_the_canonical_address_of_the_choice(client, loaded, site_url):
    url = reverse("portal:compare") + "?p=dorsal-rhizotomy-back-pain&p=surgical-rhizotomy"
    html = page(client.get(url + "&utm_source=newsletter"))
    expected = f"{SITE}/compare/?p=surgical-rhizotomy&p=dorsal-rhizotomy-back-pain"
    assert html.find(id="share_url")["value"] == expected
    email = html.select_one("section.share a[href^='mailto:']")
    assert mailto_fields(email["href"])["body"].endswith(f"\r\n{expected}")


def test_the_share_block_follows_an_htmx_update_of_the_comparison(client, loaded, site_url):
    response = client.get(
        reverse("portal:compare") + "?p=rhizotomy-injection&p=surgical-rhizotomy",
        headers={"HX-Request": "true"},
    )
    html = page(response)
    assert html.find(id="share_url")["value"] == (
        f"{SITE}/compare/?p=surgical-rhizotomy&p=rhizotomy-injection"
    )


# Link previews


PUBLIC_PAGES = [
    ("/", "Spine procedures explained", "/"),
    ("/procedures/surgical-rhizotomy/", "Surgical rhizotomy", "/procedures/surgical-rhizotomy/"),
    ("/procedures/rhizotomy-injection/", "Rhizotomy injection", "/procedures/rhizotomy-injection/"),
    (
        "/compare/?p=surgical-rhizotomy&p=rhizotomy-injection",
        "Compare Surgical rhizotomy and Rhizotomy injection",
        "/compare/?p=surgical-rhizotomy&p=rhizotomy-injection",
    ),
    ("/glossary/", None, "/glossary/"),
]


@pytest.mark.parametrize(("path", "title", "canonical"), PUBLIC_PAGES, ids=str)
def test_every_page_has_a_title_description_canonical_link_and_open_graph_tags(
    client, loaded, site_url, settings, path, title, canonical
):
    html = page(client.get(path))

    def meta(prop: str) -> str:
        return html.find("meta", property=prop)["content"]

    description = html.find("meta", attrs={"name": "description"})["content"]
    page_title = html.title.get_text()
    assert page_title.endswith(f" · {settings.CLINIC_NAME}")
    if title:
        assert page_title == f"{title} · {settings.CLINIC_NAME}"
    assert meta("og:title") == page_title.removesuffix(f" · {settings.CLINIC_NAME}")
    assert description.strip()
    assert meta("og:description") == description
    assert html.find("link", rel="canonical")["href"] == SITE + canonical
    assert meta("og:url") == SITE + canonical
    assert meta("og:site_name") == settings.CLINIC_NAME
    assert meta("og:type") == ("article" if path.startswith("/procedures/") else "website")


def test_an_article_preview_describes_the_article(client, loaded):
    html = page(client.get("/procedures/rhizotomy-injection/"))
    assert html.find("meta", property="og:description")["content"] == (
        Procedure.objects.get(slug="rhizotomy-injection").summary
    )


def test_links_use_the_site_url_whatever_host_the_request_names(client, loaded, settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "internal-mirror.example"]
    response = client.get(
        "/procedures/surgical-rhizotomy/", headers={"host": "internal-mirror.example"}
    )
    html = page(response)
    expected = f"{SITE}/procedures/surgical-rhizotomy/"
    assert html.find("link", rel="canonical")["href"] == expected
    assert html.find("meta", property="og:url")["content"] == expected
    assert html.find(id="share_url")["value"] == expected
    assert "internal-mirror.example" not in response.text


# Privacy


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/procedures/surgical-rhizotomy/",
        "/compare/",
        "/glossary/",
        "/go/SR/",
        "/sitemap.xml",
        "/robots.txt",
        "/no-such-page/",
    ],
)
def test_public_pages_set_no_cookies(client, loaded, path):
    response = client.get(path)
    assert response.status_code in (200, 302, 404)
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
