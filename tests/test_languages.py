"""Which language a request asks for, which page it gets, and where each page is in each language."""

from __future__ import annotations

import tomllib

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import gettext, override

from portal.languages import NAMES, is_language_tag, language_of, localized_url

SITE = "https://patients.clinic.example"


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("es", "es"),
        ("es-MX", "es"),
        ("es-419", "es"),
        ("spa", "es"),
        ("eng", "en"),
        ("fr", "en"),  # no French pages: English
        ("zh-Hant-TW", "en"),
    ],
)
def test_a_language_tag_asks_for_a_portal_language(tag, language):
    assert is_language_tag(tag)
    assert language_of(tag) == language


@pytest.mark.parametrize("value", ["", "e", "en US", "en--US", "en-", "\u00e9s", "en-US!", "1234"])
def test_what_is_not_a_language_tag(value):
    assert not is_language_tag(value)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_article_not_translated_is_given_in_english(coded, settings, lang):
    settings.SITE_URL = SITE
    assert localized_url(coded["surgery"], lang) == (f"{SITE}/procedures/open-surgery/", "en")


@pytest.mark.parametrize(("lang", "prefix"), [("en", ""), ("es", "/es"), ("fr", "")])
def test_a_translated_article_is_given_in_the_language_asked_for(
    translated, settings, lang, prefix
):
    settings.SITE_URL = SITE
    procedure = translated[0]
    expected = f"{SITE}{prefix}/procedures/{procedure.slug}/"
    assert localized_url(procedure, lang) == (expected, "es" if prefix else "en")


# The address decides the language


def get(client, path: str, **headers):
    response = client.get(path, headers=headers)
    return response, BeautifulSoup(response.content.decode(), "html.parser")


def public_pages(slug: str) -> list[tuple[str, list[str]]]:
    return [
        ("portal:home", []),
        ("portal:compare", []),
        ("portal:glossary", []),
        ("portal:procedure", [slug]),
        ("portal:procedure_questions", [slug]),
        ("portal:compare_questions", []),
        ("portal:by_code", ["cpt", "00000"]),  # a code with no page: the chooser
    ]


def path_in(lang: str, name: str, args: list[str]) -> str:
    with override(lang):
        return reverse(name, args=args)


@pytest.mark.parametrize(
    "index", range(len(public_pages("x"))), ids=[n for n, _ in public_pages("x")]
)
@pytest.mark.parametrize(("lang", "other"), [("en", "es"), ("es", "en")])
def test_every_page_is_in_the_language_its_address_names_and_links_to_the_other(
    client, translated, settings, index, lang, other
):
    settings.SITE_URL = SITE
    name, args = public_pages(translated[0].slug)[index]
    path = path_in(lang, name, args)
    assert path.startswith("/es/") == (lang == "es")

    response, html = get(client, path)

    assert response.status_code in (200, 404)
    assert html.html["lang"] == lang
    assert response["Content-Language"] == lang
    switch = html.select_one(".language-switch a")
    assert switch["hreflang"] == switch["lang"] == other
    assert switch.get_text() == NAMES[other]
    # The same page (for a comparison, the same choice) in the other language.
    assert switch["href"].split("?")[0] == path_in(other, name, args)
    with override(lang):
        assert html.find("nav")["aria-label"] == gettext("Main")


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:compare", "portal:glossary", "portal:procedure"]
)
def test_each_page_names_itself_in_both_languages_with_english_the_default(
    client, translated, settings, name
):
    settings.SITE_URL = SITE
    args = [translated[0].slug] if name == "portal:procedure" else []
    english, spanish = SITE + path_in("en", name, args), SITE + path_in("es", name, args)
    if name == "portal:compare":  # the canonical address of the choice shown
        query = "?" + "&".join(f"p={p.slug}" for p in translated)
        english, spanish = english + query, spanish + query
    expected = {"en": english, "es": spanish, "x-default": english}
    for url, lang in [(english, "en"), (spanish, "es")]:
        _, html = get(client, url.removeprefix(SITE))
        links = html.head.find_all("link", rel="alternate")
        assert {link["hreflang"]: link["href"] for link in links} == expected
        assert html.head.find("link", rel="canonical")["href"] == url
        locale = html.head.find("meta", property="og:locale")["content"]
        assert locale == {"en": "en_US", "es": "es_US"}[lang]


def test_an_article_not_translated_has_no_spanish_alternate_and_says_so(client, loaded):
    slug = loaded[0].slug
    _, html = get(client, f"/procedures/{slug}/")
    assert [link["hreflang"] for link in html.head.find_all("link", rel="alternate")] == []
    switch = html.select_one(".language-switch")
    assert switch.a["href"] == "/es/"
    assert switch.span["lang"] == "es"
    with override("es"):
        assert switch.span.get_text() == gettext("(this page is not in this language yet)")


def test_a_spanish_address_of_an_article_not_translated_lands_on_the_english_page(client, loaded):
    response = client.get(f"/es/procedures/{loaded[0].slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/procedures/{loaded[0].slug}/"


@pytest.mark.parametrize("section", [None, "risks"])
def test_a_spanish_short_link_opens_the_spanish_article(client, translated, section):
    procedure = translated[0]
    path = f"/es/go/{procedure.short_code.lower()}/" + (f"{section}/" if section else "")
    response = client.get(path)
    assert response.status_code == 302
    anchor = f"#{section}" if section else ""
    assert response["Location"] == f"/es/procedures/{procedure.slug}/{anchor}"


def test_every_english_address_stays_as_it_was(client, translated, fixture_content):
    published = tomllib.loads((fixture_content / "published-links.toml").read_text())["article"]
    for article in published:
        response = client.get(f"/procedures/{article['slug']}/")
        assert response.status_code == 200
        assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"
        assert client.get(f"/go/{article['short_code']}/")["Location"] == (
            f"/procedures/{article['slug']}/"
        )
    for path in ["/", "/compare/", "/glossary/"]:
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/", "/es/", "/es/glossary/", "/compare/"])
@pytest.mark.parametrize("accept", ["es-MX,es;q=0.9", "en-US,en;q=0.9", "fr"])
def test_no_cookie_no_redirect_and_no_vary_by_the_readers_language(
    client, translated, path, accept
):
    response, html = get(client, path, accept_language=accept)
    assert response.status_code == 200
    assert html.html["lang"] == ("es" if path.startswith("/es/") else "en")
    assert not response.cookies
    assert "accept-language" not in response.get("Vary", "").lower()
    assert "cookie" not in response.get("Vary", "").lower()


def test_the_page_not_found_is_in_the_language_of_the_address(client, translated):
    response, html = get(client, "/es/no-such-page/")
    assert response.status_code == 404
    assert html.html["lang"] == "es"
    with override("es"):
        assert html.h1.get_text() == gettext("We could not find that page")
    assert html.h1.get_text() != "We could not find that page"
    # Its links lead to the Spanish pages.
    cards = [a["href"] for a in html.select(".cards a")]
    assert cards == [f"/es/procedures/{p.slug}/" for p in translated]
    assert html.select_one(".language-switch a")["href"] == "/"


@pytest.mark.parametrize(
    "path", ["/es/staff/links/", "/es/infobutton/", "/es/admin/", "/es/sitemap.xml", "/es/healthz"]
)
def test_only_patient_pages_have_a_spanish_address(client, translated, path):
    assert client.get(path).status_code == 404


def test_the_staff_and_health_record_addresses_are_as_they_were():
    assert reverse("portal:staff_links") == "/staff/links/"
    assert reverse("portal:infobutton") == "/infobutton/"
    with override("es"):
        assert reverse("portal:staff_links") == "/staff/links/"
        assert reverse("portal:infobutton") == "/infobutton/"
        assert reverse("portal:glossary") == "/es/glossary/"


def test_a_new_comparison_shown_by_htmx_brings_its_link_in_the_other_language(client, translated):
    first, second = (p.slug for p in translated[:2])
    response = client.get(f"/es/compare/?p={first}&p={second}", headers={"hx-request": "true"})
    html = BeautifulSoup(response.content.decode(), "html.parser")
    switch = html.find(id="language_switch")
    assert switch["data-hx-swap-oob"] == "true"
    assert switch.a["href"] == f"/compare/?p={first}&p={second}"
    assert switch.a["hreflang"] == "en"
