"""The public pages as a patient receives them: status, structure and what each page must say."""

import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import URLResolver, get_resolver, reverse

from portal.content import read_content
from portal.models import GlossaryTerm, Procedure

CONTENT = read_content(Path(settings.BASE_DIR) / "content")
ARTICLES = [article.slug for article in CONTENT.articles]

# Public pages, by URL name and arguments; articles are added one per content file.
PAGES = [
    ("portal:home", []),
    ("portal:compare", []),
    ("portal:glossary", []),
    ("portal:search", []),
    *[("portal:procedure", [slug]) for slug in ARTICLES],
    ("portal:compare_questions", []),
    *[("portal:procedure_questions", [slug]) for slug in ARTICLES],
]
# Named portal URLs that are not public HTML pages, with where they are covered instead.
NOT_PUBLIC_PAGES = {
    "short_link",  # a redirect: test_short_links_lead_to_a_page below
    "short_link_section",  # likewise
    "short_link_questions",  # likewise: tests/test_sheets.py
    "staff_links",  # staff only: test_staff_links_page_has_one_heading below
    "staff_qr_svg",  # an image
    "staff_qr_png",  # an image
    # A redirect to the one glossary page while the glossary is short: tests/test_listing.py
    "glossary_letter",
    "infobutton",  # an Atom or JSON feed: tests/test_infobutton.py
    "by_code",  # a redirect, or a chooser for codes with several articles: tests/test_infobutton.py
}


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def page_id(value):
    return "-".join([value[0].removeprefix("portal:"), *value[1]])


def test_every_portal_url_is_a_tested_page_or_listed_as_not_one():
    names = {name for name, args in PAGES} | {f"portal:{n}" for n in NOT_PUBLIC_PAGES}
    portal = get_resolver().namespace_dict["portal"][1]
    assert {f"portal:{name}" for name in url_names(portal)} <= names


def url_names(resolver: URLResolver) -> set[str]:
    """The names of the URLs under ``resolver``, through nested resolvers (the language prefix)."""
    return {
        name
        for p in resolver.url_patterns
        for name in (url_names(p) if isinstance(p, URLResolver) else [p.name])
        if name
    }


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_answers_with_one_h1_and_the_shared_landmarks(client, loaded, page):
    name, args = page
    response = client.get(reverse(name, args=args))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    soup = soup_of(response)
    assert len(soup.find_all("h1")) == 1
    assert soup.html["lang"] == "en"
    skip = soup.find("a", class_="skip-link")
    assert skip is soup.body.find("a"), "the skip link is the first link on the page"
    assert skip["href"] == "#main_content"
    assert soup.find("main", id="main_content")
    assert soup.find("header", class_="site-header").find("nav", attrs={"aria-label": "Main"})
    assert soup.find("footer")
    # Patients get no cookie: nothing to consent to, nothing to track them with.
    assert not response.cookies


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_title_names_the_page_and_the_clinic(client, loaded, settings, page):
    settings.CLINIC_NAME = "Northside Spine Clinic"
    name, args = page
    soup = soup_of(client.get(reverse(name, args=args)))

    title = soup.title.get_text()
    assert title.endswith(" · Northside Spine Clinic")
    assert title.removesuffix(" · Northside Spine Clinic").strip()


@pytest.mark.parametrize("slug", ARTICLES)
def test_short_links_lead_to_a_page(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    response = client.get(reverse("portal:short_link", args=[procedure.short_code]), follow=True)

    assert response.redirect_chain[-1][0] == procedure.get_absolute_url()
    assert response.status_code == 200
    assert len(soup_of(response).find_all("h1")) == 1


def test_staff_links_page_has_one_heading(admin_client, loaded):
    response = admin_client.get(reverse("portal:staff_links"))

    assert response.status_code == 200
    assert len(soup_of(response).find_all("h1")) == 1


def test_home_lists_every_procedure_with_its_summary(client, loaded):
    soup = soup_of(client.get(reverse("portal:home")))
    main = soup.find("main")

    # Grouped by condition: an article for two conditions has a card in each group.
    cards = main.select(".cards > li")
    by_url = {p.get_absolute_url(): p for p in loaded}
    assert {card.find("a")["href"] for card in cards} == set(by_url)
    for card in cards:
        procedure = by_url[card.find("a")["href"]]
        assert card.find("a").get_text(strip=True) == procedure.title
        assert procedure.summary in card.get_text()
    hrefs = {a["href"] for a in main.find_all("a")}
    assert {reverse("portal:compare"), reverse("portal:glossary")} <= hrefs


def test_home_says_what_the_site_is(client, loaded, settings):
    settings.CLINIC_NAME = "Northside Spine Clinic"
    lead = soup_of(client.get(reverse("portal:home"))).find("p", class_="lead")

    assert "Northside Spine Clinic" in lead.get_text()
    assert "procedures" in lead.get_text()


@pytest.fixture
def article(loaded) -> Procedure:
    return Procedure.objects.get(slug=ARTICLES[0])


def article_soup(client, procedure: Procedure) -> BeautifulSoup:
    response = client.get(reverse("portal:procedure", args=[procedure.slug]))
    assert response.status_code == 200
    return soup_of(response)


@pytest.mark.parametrize("slug", ARTICLES)
def test_article_puts_key_points_first_then_contents_then_every_section(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    anchors = [s.anchor for s in procedure.sections.all()]
    soup = article_soup(client, procedure)
    article = soup.find("article")

    assert article.find("h1").get_text(strip=True) == procedure.title
    # The page's own sections (their ids have a "_", content ids never do) may sit between.
    blocks = [
        b
        for b in article.find_all(["section", "nav"], recursive=False)
        if "_" not in b.get("id", "")
    ]
    assert blocks[0]["id"] == "key-points"
    assert blocks[1].name == "nav"
    assert [b["id"] for b in blocks[2 : 1 + len(anchors)]] == anchors[1:]
    for section in procedure.sections.all():
        rendered = article.find(id=section.anchor)
        assert rendered.find("h2").get_text(strip=True) == section.heading


@pytest.mark.parametrize("slug", ARTICLES)
def test_contents_list_links_to_each_section_by_its_stable_id(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    soup = article_soup(client, procedure)

    links = soup.find("nav", class_="toc").find_all("a")
    hrefs = [a["href"] for a in links]
    sections = list(procedure.sections.all())
    assert [h for h in hrefs if "_" not in h][: len(sections) - 1] == [
        f"#{s.anchor}" for s in sections[1:]
    ]
    for href in hrefs:
        assert soup.find(id=href.removeprefix("#")), f"{href} leads nowhere"


def test_article_offers_to_compare_it_with_each_other_procedure(client, article):
    soup = article_soup(client, article)

    links = soup.find(id="compare_links").find_all("a")
    compare = reverse("portal:compare")
    hrefs = [a["href"] for a in links]
    others = Procedure.objects.exclude(pk=article.pk)
    for other in others:
        # In display order whichever article links: the comparison's one canonical address.
        pair = sorted([article, other], key=lambda p: p.position)
        assert f"{compare}?p={pair[0].slug}&p={pair[1].slug}" in hrefs
    everyone = "&".join(f"p={p.slug}" for p in Procedure.objects.all())
    assert f"{compare}?{everyone}" in hrefs
    assert len(hrefs) == len(others) + 1


def test_care_team_block_shows_the_clinics_own_name_and_phone(client, article, settings):
    settings.CLINIC_NAME = "Northside Spine Clinic"
    settings.CLINIC_PHONE = "0161 555 0199"
    soup = article_soup(client, article)

    block = soup.find(id="care_team")
    text = " ".join(block.get_text().split())
    assert "Northside Spine Clinic" in text
    assert "does not replace advice from your care team" in text
    phone = block.find("a", href="tel:01615550199")
    assert phone.get_text() == "0161 555 0199"


def test_care_team_block_leaves_out_the_phone_line_when_none_is_set(client, article, settings):
    settings.CLINIC_PHONE = ""
    block = article_soup(client, article).find(id="care_team")

    assert "Phone" not in block.get_text()
    assert not block.select('a[href^="tel:"]')


def test_review_dates_are_shown_when_set(client, article):
    Procedure.objects.filter(pk=article.pk).update(
        last_reviewed=datetime.date(2027, 1, 15),
        next_review_due=datetime.date(2028, 1, 15),
        reviewer="Dr A. Example, spine surgeon",
    )
    review = article_soup(client, article).find(class_="review")

    text = " ".join(review.get_text().split())
    assert "Page last reviewed: 15 January 2027 by Dr A. Example, spine surgeon." in text
    assert "Next review due: January 2028." in text
    assert [t["datetime"] for t in review.find_all("time")] == ["2027-01-15", "2028-01-15"]


def test_review_line_is_left_out_until_a_review_is_recorded(client, article):
    Procedure.objects.filter(pk=article.pk).update(last_reviewed=None, next_review_due=None)
    soup = article_soup(client, article)

    assert soup.find(class_="review") is None
    assert "reviewed" not in soup.find("article").get_text()


@pytest.mark.parametrize("slug", ARTICLES)
def test_every_term_button_opens_a_definition_that_links_to_its_glossary_entry(
    client, loaded, slug
):
    soup = article_soup(client, Procedure.objects.get(slug=slug))
    glossary = soup_of(client.get(reverse("portal:glossary")))

    buttons = soup.select("button.term")
    assert buttons
    for button in buttons:
        assert button["type"] == "button"
        tip = soup.find(id=button["popovertarget"])
        assert tip.has_attr("popover")
        assert button.find_next_sibling() is tip, "the definition follows its word when read"
        link = tip.find("a")
        path, _, slug_ = link["href"].partition("#")
        assert path == reverse("portal:glossary")
        assert glossary.find(id=slug_), f"{link['href']} leads nowhere"


@pytest.mark.parametrize("slug", ARTICLES)
def test_words_used_lists_the_definition_of_every_term_on_the_page(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    soup = article_soup(client, procedure)

    words = soup.find(class_="words-used")
    assert words.find("h2").get_text() == "Words used on this page"
    assert [dt.get_text() for dt in words.find_all("dt")] == sorted(
        (t.term for t in procedure.terms.all()), key=str.casefold
    )
    assert words is soup.find("article").find_all(recursive=False)[-1], "it ends the page"


def test_glossary_lists_every_term_a_to_z_with_an_anchor_each(client, loaded):
    soup = soup_of(client.get(reverse("portal:glossary")))

    entries = soup.select("dl.glossary .entry")
    names = [entry.find("dt").get_text() for entry in entries]
    assert len(names) == GlossaryTerm.objects.count()
    assert names == sorted(names, key=str.casefold)
    assert [e["id"] for e in entries] == [
        GlossaryTerm.objects.get(term=name).slug for name in names
    ]
    letters = [h.get_text() for h in soup.select("section.letter h2")]
    assert letters == sorted({name[0].upper() for name in names})


def test_glossary_entry_shows_other_forms_and_the_articles_that_use_it(client, loaded):
    term = (
        GlossaryTerm.objects.exclude(other_forms=[])
        .filter(procedures__isnull=False)
        .distinct()
        .first()
    )
    entry = soup_of(client.get(reverse("portal:glossary"))).find(id=term.slug)

    text = " ".join(entry.get_text().split())
    assert term.definition in text
    assert f"Also written: {', '.join(term.other_forms)}" in text
    hrefs = [a["href"] for a in entry.select(".used-in a")]
    assert hrefs == [p.get_absolute_url() for p in term.procedures.all()]


@pytest.mark.parametrize(
    "path", ["/no-such-page/", "/procedures/no-such-article/", "/procedures/Surgical%20Rhizotomy/"]
)
def test_not_found_page_lists_the_articles_and_a_way_home(client, loaded, path):
    response = client.get(path)

    assert response.status_code == 404
    soup = soup_of(response)
    assert len(soup.find_all("h1")) == 1
    hrefs = [a["href"] for a in soup.find("main").find_all("a")]
    for procedure in loaded:
        assert procedure.get_absolute_url() in hrefs
    assert reverse("portal:home") in hrefs
    assert not response.cookies


def test_server_error_page_stands_alone():
    # Rendered with no context at all, as Django does when something has gone wrong.
    soup = BeautifulSoup(render_to_string("500.html"), "html.parser")

    assert soup.html["lang"] == "en"
    assert len(soup.find_all("h1")) == 1
    assert soup.find("main").find("a", href="/")
    assert not soup.find_all(["script", "link", "img"]), "nothing that could fail to load"


@pytest.mark.parametrize("slug", ARTICLES)
def test_article_costs_a_fixed_number_of_queries(client, loaded, django_assert_num_queries, slug):
    # Rendered: the content version (read again inside the snapshot), the article, its sections
    # and the procedures to compare with. Served again from the page cache: the version only.
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:procedure", args=[slug]))
    assert response.status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("portal:procedure", args=[slug])).content == response.content
