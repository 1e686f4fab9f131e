"""The staff links page and its QR codes: who may see them, what they hold, never cached."""

from __future__ import annotations

import datetime
import io

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.models import Procedure, ProcedureTranslation

SITE = "https://patients.clinic.example"
LINKS = "/staff/links/"
QR = "/staff/qr/surgical-rhizotomy.risks.svg"


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("reception", password="x", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def site_url(settings) -> str:
    settings.SITE_URL = SITE
    return SITE


def staff_page(client) -> BeautifulSoup:
    response = client.get(reverse("portal:staff_links"))
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


# Who may see it


@pytest.mark.parametrize("path", [LINKS, QR, "/staff/qr/surgical-rhizotomy.png"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, loaded, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={path}"


@pytest.mark.parametrize("path", [LINKS, QR])
def test_logged_in_people_who_are_not_staff_are_not_let_in(client, loaded, django_user_model, path):
    client.force_login(django_user_model.objects.create_user("patient", password="x"))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_see_the_page_and_no_cache_keeps_it(staff, loaded):
    response = staff.get(LINKS)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_the_login_redirect_is_not_cached_either(client, loaded):
    assert "no-store" in client.get(LINKS)["Cache-Control"]


def test_search_engines_are_asked_not_to_index_it(staff, loaded):
    html = staff_page(staff)
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


# What it holds


def test_every_article_and_section_has_its_links(staff, loaded, site_url):
    html = staff_page(staff)
    for procedure in Procedure.objects.prefetch_related("sections"):
        page_url = f"{SITE}/procedures/{procedure.slug}/"
        assert html.find(id=f"url_{procedure.slug}")["value"] == page_url
        assert html.find(id=f"short_{procedure.slug}")["value"] == (
            f"{SITE}/go/{procedure.short_code}/"
        )
        for section in procedure.sections.all():
            key = f"{procedure.slug}.{section.anchor}"
            assert html.find(id=f"link_{key}").get_text() == section.heading
            assert html.find(id=f"url_{key}")["value"] == f"{page_url}#{section.anchor}"
            assert html.find(id=f"short_{key}")["value"] == (
                f"{SITE}/go/{procedure.short_code}/{section.anchor}/"
            )


def test_every_comparison_is_offered(staff, loaded, site_url):
    html = staff_page(staff)
    headings = [h.get_text() for h in html.select("#comparison_links h3")]
    assert headings == [
        "Compare Surgical rhizotomy and Rhizotomy injection",
        "Compare Surgical rhizotomy and Dorsal rhizotomy for back pain",
        "Compare Rhizotomy injection and Dorsal rhizotomy for back pain",
        "Compare Surgical rhizotomy, Rhizotomy injection and Dorsal rhizotomy for back pain",
    ]
    field = html.find(id="url_compare.surgical-rhizotomy.rhizotomy-injection")
    assert field["value"] == f"{SITE}/compare/?p=surgical-rhizotomy&p=rhizotomy-injection"


def test_every_article_has_its_question_sheet_with_a_short_link(staff, loaded, site_url):
    html = staff_page(staff)
    for procedure in Procedure.objects.all():
        key = f"{procedure.slug}.my_questions"
        entry = html.find(id=f"link_{key}").find_parent("div", class_="link-entry")
        assert entry.find_parent("section")["id"] == f"article_{procedure.slug}"
        assert html.find(id=f"url_{key}")["value"] == (
            f"{SITE}/procedures/{procedure.slug}/questions/"
        )
        assert html.find(id=f"short_{key}")["value"] == (
            f"{SITE}/go/{procedure.short_code}/my_questions/"
        )


def test_every_comparison_has_its_question_sheet(staff, loaded, site_url):
    html = staff_page(staff)
    entries = html.select("#comparison_sheets .link-entry")
    assert len(entries) == len(html.select("#comparison_links .link-entry"))
    field = html.find(id="url_my_questions.compare.surgical-rhizotomy.rhizotomy-injection")
    assert field["value"] == f"{SITE}/compare/questions/?p=surgical-rhizotomy&p=rhizotomy-injection"
    assert html.select_one("nav.toc a[href='#comparison_sheets']") is not None


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("rhizotomy-injection.my_questions", "/procedures/rhizotomy-injection/questions/"),
        (
            "my_questions.compare.rhizotomy-injection.dorsal-rhizotomy-back-pain",
            "/compare/questions/?p=rhizotomy-injection&p=dorsal-rhizotomy-back-pain",
        ),
    ],
)
def test_a_question_sheet_qr_code_scans_to_the_sheet(staff, loaded, site_url, key, path):
    html = staff_page(staff)
    image = html.find(id=f"link_{key}").find_parent("div").find("img")
    response = staff.get(image["src"].replace(".svg", ".png"))
    assert response.status_code == 200
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [c.text for c in codes] == [f"{SITE}{path}"]


def test_the_email_paragraphs_are_ready_to_paste(staff, loaded, site_url):
    html = staff_page(staff)
    key = "rhizotomy-injection.recovery"
    assert html.find(id=f"text_{key}").get_text() == (
        "Rhizotomy injection: What to expect after the injection\n"
        "This link opens the part called “What to expect after the injection” on our page "
        "about Rhizotomy injection.\n"
        f"{SITE}/procedures/rhizotomy-injection/#recovery"
    )
    formatted = html.find(id=f"html_{key}")
    assert formatted.strong.get_text() == "Rhizotomy injection: What to expect after the injection"
    assert formatted.a["href"] == f"{SITE}/procedures/rhizotomy-injection/#recovery"
    # Every field has a copy button pointing at it.
    for field in html.select("input[readonly], textarea[readonly], .email-preview"):
        assert html.find("button", attrs={"data-copy": field["id"]}) is not None, field["id"]


def test_each_link_has_a_qr_code_served_to_staff(staff, loaded, site_url, read_qr):
    html = staff_page(staff)
    image = html.find(id="link_surgical-rhizotomy.risks").find_parent("div").find("img")
    assert image["src"] == QR
    assert image["alt"] == f"QR code that opens {SITE}/procedures/surgical-rhizotomy/#risks"
    response = staff.get(image["src"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    png = staff.get(image["src"].removesuffix(".svg") + ".png")
    assert read_qr(png.content) == f"{SITE}/procedures/surgical-rhizotomy/#risks"


def test_a_qr_code_is_also_offered_as_png(staff, loaded, site_url, read_qr):
    response = staff.get("/staff/qr/compare.surgical-rhizotomy.rhizotomy-injection.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert (
        read_qr(response.content) == f"{SITE}/compare/?p=surgical-rhizotomy&p=rhizotomy-injection"
    )
    assert (
        'filename="qr-compare.surgical-rhizotomy.rhizotomy-injection.png"'
        in (response["Content-Disposition"])
    )


@pytest.mark.parametrize(
    "path", ["/staff/qr/no-such-page.svg", "/staff/qr/surgical-rhizotomy.nope.svg"]
)
def test_a_qr_code_only_exists_for_a_listed_link(staff, loaded, path):
    assert staff.get(path).status_code == 404


# Content status


def status_row(html: BeautifulSoup, title: str) -> list[str]:
    row = html.select_one("table.status").find("a", string=title).find_parent("tr")
    return [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]


def test_articles_never_reviewed_say_so(staff, loaded):
    Procedure.objects.filter(slug="surgical-rhizotomy").update(reading_grade=5.04)
    html = staff_page(staff)
    assert status_row(html, "Surgical rhizotomy") == [
        "Surgical rhizotomy",
        "5.0",
        "Not yet reviewed",
        "Not set",
    ]


def test_an_overdue_review_is_flagged_and_a_coming_one_is_not(staff, loaded):
    today = timezone.localdate()
    Procedure.objects.filter(slug="rhizotomy-injection").update(
        last_reviewed=datetime.date(2024, 3, 1),
        reviewer="A. Nurse, RN",
        next_review_due=today - datetime.timedelta(days=1),
    )
    Procedure.objects.filter(slug="dorsal-rhizotomy-back-pain").update(
        last_reviewed=today, next_review_due=today + datetime.timedelta(days=365)
    )
    html = staff_page(staff)
    overdue = status_row(html, "Rhizotomy injection")
    assert overdue[2] == "1 March 2024 by A. Nurse, RN"
    assert overdue[3].endswith("Overdue")
    assert "Overdue" not in status_row(html, "Dorsal rhizotomy for back pain")[3]
    flagged = [tr.th.get_text() for tr in html.select("table.status tr.overdue")]
    assert flagged == ["Rhizotomy injection"]


def test_an_article_above_the_reading_grade_limit_is_flagged(staff, loaded):
    Procedure.objects.filter(slug="rhizotomy-injection").update(reading_grade=11.3)

    html = staff_page(staff)

    assert status_row(html, "Rhizotomy injection")[1] == "11.3 Above grade 6: simplify"
    assert "simplify" not in status_row(html, "Surgical rhizotomy")[1]


# Procedure codes and the Infobutton address


def test_each_article_lists_its_codes_with_the_addresses_that_find_it(staff, coded, site_url):
    html = staff_page(staff)
    items = html.select("#article_open-surgery .code-list li")
    assert [li.strong.get_text() for li in items] == [
        "CPT 63185",
        "CPT 63190",
        "ICD-10-PCS 01580ZZ",
    ]
    first = items[0]
    assert "Laminectomy with rhizotomy, 1 or 2 segments" in first.get_text()
    page, service = (a["href"] for a in first.find_all("a"))
    assert page == f"{SITE}/code/cpt/63185/"
    assert service == (
        f"{SITE}/infobutton/?mainSearchCriteria.v.cs=2.16.840.1.113883.6.12"
        "&mainSearchCriteria.v.c=63185"
    )
    # Both addresses answer with the article.
    assert staff.get(page.removeprefix(SITE))["Location"] == f"{SITE}/procedures/open-surgery/"
    feed = staff.get(service.removeprefix(SITE))
    assert f'href="{SITE}/procedures/open-surgery/"' in feed.text


def test_the_infobutton_address_is_ready_to_paste(staff, coded, site_url):
    html = staff_page(staff)
    assert html.find(id="url_infobutton")["value"] == f"{SITE}/infobutton/"
    assert html.find("button", attrs={"data-copy": "url_infobutton"}) is not None
    assert html.select_one('nav.toc a[href="#infobutton_link"]') is not None


def test_an_article_without_codes_has_no_code_list(staff, coded):
    coded["injection"].codes.all().delete()
    html = staff_page(staff)
    assert html.select("#article_nerve-injection .code-list") == []
    assert html.select("#article_open-surgery .code-list li")


# In Spanish


def test_each_translated_article_has_its_links_in_spanish(staff, translated, site_url, read_qr):
    html = staff_page(staff)
    for row in ProcedureTranslation.objects.filter(language="es").select_related("procedure"):
        procedure, key = row.procedure, f"es.{row.procedure.slug}"
        page_url = f"{SITE}/es/procedures/{procedure.slug}/"
        assert html.find(id=f"url_{key}")["value"] == page_url
        assert html.find(id=f"short_{key}")["value"] == f"{SITE}/es/go/{procedure.short_code}/"
        assert html.find(id=f"text_{key}").get_text() == f"{row.title}\n{row.summary}\n{page_url}"
        for section in row.sections:
            anchor = section["anchor"]
            assert html.find(id=f"link_{key}.{anchor}").get_text() == section["heading"]
            assert html.find(id=f"url_{key}.{anchor}")["value"] == f"{page_url}#{anchor}"
        # The English links are unchanged beside them.
        assert (
            html.find(id=f"url_{procedure.slug}")["value"] == f"{SITE}/procedures/{procedure.slug}/"
        )
    png = staff.get("/staff/qr/es.surgical-rhizotomy.risks.png")
    assert read_qr(png.content) == f"{SITE}/es/procedures/surgical-rhizotomy/#risks"


def test_each_comparison_is_offered_in_spanish_too(staff, translated, site_url):
    html = staff_page(staff)
    field = html.find(id="url_es.compare.surgical-rhizotomy.rhizotomy-injection")
    assert field["value"] == f"{SITE}/es/compare/?p=surgical-rhizotomy&p=rhizotomy-injection"
    titles = dict(
        ProcedureTranslation.objects.filter(language="es").values_list("procedure__slug", "title")
    )
    heading = html.find(id="link_es.compare.surgical-rhizotomy.rhizotomy-injection").get_text()
    assert titles["surgical-rhizotomy"] in heading
    assert titles["rhizotomy-injection"] in heading


def translation_row(html: BeautifulSoup, title: str) -> list[str]:
    row = html.select_one("table.translation-status").find("th", string=title).find_parent("tr")
    return [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]


def test_the_status_shows_each_translations_reading_ease_currency_and_review(staff, translated):
    today = timezone.localdate()
    ProcedureTranslation.objects.filter(procedure__slug="surgical-rhizotomy").update(
        reading_ease=58.24, up_to_date=False
    )
    ProcedureTranslation.objects.filter(procedure__slug="rhizotomy-injection").update(
        reading_ease=71.0,
        reviewed_by="R. Reviewer",
        last_reviewed=datetime.date(2026, 2, 3),
        next_review_due=today - datetime.timedelta(days=1),
    )
    html = staff_page(staff)

    stale = translation_row(html, "Surgical rhizotomy")
    assert stale[1:4] == [
        "Spanish",
        "58.2 Below 65: simplify",
        "No: the English page has changed since (update es/procedures/surgical-rhizotomy.md)",
    ]
    assert stale[5:] == ["Not yet reviewed", "Not set"]
    reviewed = translation_row(html, "Rhizotomy injection")
    assert reviewed[2:4] == ["71.0", "Yes"]
    assert reviewed[5] == "R. Reviewer, 3 February 2026"
    assert reviewed[6].endswith("Overdue")
    flagged = [tr.th.get_text() for tr in html.select("table.translation-status tr.overdue")]
    assert flagged == ["Surgical rhizotomy", "Rhizotomy injection"]


def test_an_article_not_translated_is_listed_as_such(staff, loaded):
    html = staff_page(staff)
    rows = [tr.th.get_text() for tr in html.select("table.translation-status tbody tr")]
    assert rows == [p.title for p in loaded]
    assert html.find(id="url_es.surgical-rhizotomy") is None
