"""The "My questions" sheets as a patient's browser receives them, and their short links."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from portal.models import ComparisonQuestion, FormerSlug, Procedure, ValueStatement

SURGERY, INJECTION, BACK_PAIN = (
    "surgical-rhizotomy",
    "rhizotomy-injection",
    "dorsal-rhizotomy-back-pain",
)
ALL = [SURGERY, INJECTION, BACK_PAIN]
SITE = "https://patients.clinic.example"


@pytest.fixture
def clinic(settings):
    settings.SITE_URL = SITE
    settings.CLINIC_NAME = "Northside Spine Clinic"
    settings.CLINIC_PHONE = "555 0100"
    return settings


def sheet_url(slug: str) -> str:
    return reverse("portal:procedure_questions", args=[slug])


def compare_sheet_url(*slugs: str, query: str | None = None) -> str:
    url = reverse("portal:compare_questions")
    if query is None:
        query = urlencode([("p", s) for s in slugs])
    return f"{url}?{query}" if query else url


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def sheet_of(response) -> BeautifulSoup:
    soup = soup_of(response)
    assert len(soup.find_all("h1")) == 1
    sheet = soup.find("article", class_="sheet")
    assert sheet["aria-labelledby"] == sheet.find("h1")["id"]
    return sheet


def assert_nothing_to_fill_in(sheet: BeautifulSoup) -> None:
    """The boxes and lines are drawn for a pen: nothing is typed in, nothing is sent."""
    assert sheet.find(["form", "input", "textarea", "select"]) is None
    for drawn in sheet.select(".tick-box, .write-lines"):
        assert drawn["aria-hidden"] == "true"


# An article's sheet


@pytest.mark.parametrize("slug", ALL)
def test_article_sheet_lists_its_questions_with_a_box_and_lines_each(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    sheet = sheet_of(client.get(sheet_url(slug)))

    assert procedure.title in sheet.find("h1").get_text()
    items = sheet.select("ul.sheet-questions > li")
    assert [li.find(class_="sheet-question").get_text() for li in items] == procedure.question_list
    assert procedure.question_list, "the fixture article has questions"
    for li in items:
        assert li.find(class_="tick-box") is not None
        assert len(li.select(".write-lines > span")) == 2
    assert_nothing_to_fill_in(sheet)


def test_article_sheet_shows_the_short_link_and_the_clinic(client, loaded, clinic):
    procedure = Procedure.objects.get(slug=INJECTION)
    sheet = sheet_of(client.get(sheet_url(INJECTION)))

    footer = sheet.find("footer", class_="sheet-footer")
    address = footer.find(class_="sheet-address").get_text()
    assert address == f"{SITE}{reverse('portal:short_link', args=[procedure.short_code])}"
    assert "Northside Spine Clinic" in footer.get_text()
    phone = footer.find("a", href="tel:5550100")
    assert phone.get_text() == "555 0100"
    assert sheet.find("a", href=procedure.get_absolute_url()), "a way back to the page"


def test_article_without_a_short_code_prints_its_full_address(client, loaded, clinic):
    Procedure.objects.filter(slug=INJECTION).update(short_code=None)
    clinic.CLINIC_PHONE = ""
    sheet = sheet_of(client.get(sheet_url(INJECTION)))

    footer = sheet.find("footer", class_="sheet-footer")
    assert footer.find(class_="sheet-address").get_text() == f"{SITE}/procedures/{INJECTION}/"
    assert footer.find("a", href=lambda h: h and h.startswith("tel:")) is None


def test_article_links_to_its_sheet_from_the_questions_section(client, loaded):
    soup = soup_of(client.get(reverse("portal:procedure", args=[SURGERY])))
    section = soup.find("section", id="questions")
    assert section.find("a", href=sheet_url(SURGERY)) is not None


def test_a_former_address_of_the_article_leads_to_its_sheet(client, loaded):
    FormerSlug.objects.create(slug="old-name", procedure=Procedure.objects.get(slug=SURGERY))
    response = client.get(sheet_url("old-name"))
    assert response.status_code == 301
    assert response["Location"] == sheet_url(SURGERY)


def test_an_unknown_article_has_no_sheet(client, loaded):
    response = client.get(sheet_url("no-such-page"))
    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_the_sheet_is_cached_like_every_public_page_and_refuses_post(client, loaded):
    response = client.get(sheet_url(SURGERY))
    assert response["Cache-Control"] == f"public, max-age={settings.PAGE_CACHE_SECONDS}"
    assert not response.cookies
    assert (
        client.get(sheet_url(SURGERY), headers={"If-None-Match": response["ETag"]}).status_code
        == 304
    )
    assert client.head(sheet_url(SURGERY)).status_code == 200
    assert client.post(sheet_url(SURGERY)).status_code == 405


# The short link printed for it


@pytest.mark.parametrize("code", ["RI", "ri"])
def test_the_sheet_short_link_leads_to_the_sheet(client, loaded, code):
    response = client.get(reverse("portal:short_link_questions", args=[code]))
    assert response.status_code == 302
    assert response["Location"] == sheet_url(INJECTION)


def test_the_sheet_short_link_is_not_taken_for_a_section(client, loaded):
    # "my_questions" can never be a section id: ids are slugs, with no "_".
    url = reverse("portal:short_link_questions", args=["RI"])
    assert url == f"{reverse('portal:short_link', args=['RI'])}my_questions/"


def test_an_unknown_code_has_no_sheet(client, loaded):
    assert client.get(reverse("portal:short_link_questions", args=["nope"])).status_code == 404


# A comparison's sheet


def test_comparison_sheet_has_a_column_per_procedure_and_a_row_per_question(client, loaded):
    sheet = sheet_of(client.get(compare_sheet_url(INJECTION, SURGERY)))
    table = sheet.find("table", class_="sheet-table")

    titles = [Procedure.objects.get(slug=s).title for s in (SURGERY, INJECTION)]
    assert [th.get_text() for th in table.select("thead th")][1:] == titles
    rows = table.select("tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [
        q.text for q in ComparisonQuestion.objects.all()
    ]
    for row in rows:
        assert row.th["scope"] == "row"
        assert row.th.find(class_="tick-box") is not None
        assert [td.get_text(strip=True) for td in row.find_all("td")] == ["", ""]
    assert_nothing_to_fill_in(sheet)


def test_comparison_sheet_lists_the_values_to_tick(client, loaded):
    sheet = sheet_of(client.get(compare_sheet_url(SURGERY, INJECTION)))
    values = sheet.select("ul.sheet-values > li")
    assert [li.get_text(strip=True) for li in values] == [
        v.text for v in ValueStatement.objects.all()
    ]
    assert all(li.find(class_="tick-box") for li in values)


def test_comparison_sheet_prints_the_comparisons_address(client, loaded, clinic):
    soup = soup_of(client.get(compare_sheet_url(BACK_PAIN, SURGERY)))
    compare = f"{reverse('portal:compare')}?p={SURGERY}&p={BACK_PAIN}"
    assert soup.find(class_="sheet-address").get_text() == f"{SITE}{compare}"
    # The same choice in any order has one address.
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"{SITE}{compare_sheet_url(SURGERY, BACK_PAIN)}"
    assert soup.find("a", href=compare) is not None


def test_comparison_links_to_its_sheet(client, loaded):
    page = client.get(f"{reverse('portal:compare')}?p={SURGERY}&p={INJECTION}")
    link = soup_of(page).find("a", href=compare_sheet_url(SURGERY, INJECTION))
    assert link is not None


BAD_CHOICES = [
    ("", ALL, []),
    ("p=", ALL, ["No procedure we know"]),
    ("p=%00", ALL, ["Part of the link", "No procedure we know"]),
    ("p=%ff%fe", ALL, ["Part of the link", "No procedure we know"]),
    (
        f"p={SURGERY}&p=%3Cscript%3Ealert(1)%3C/script%3E",
        [SURGERY],
        ["We could not find", "Choose at least one more"],
    ),
    (f"p={SURGERY}", [SURGERY], ["Choose at least one more"]),
    (f"p={SURGERY}&p={SURGERY.upper()}&p={SURGERY}", [SURGERY], ["Choose at least one more"]),
    ("p[]=x&utm_source=letter", ALL, []),
    ("p=" + "x" * 5000, ALL, ["We could not find", "No procedure we know"]),
]


@pytest.mark.parametrize(("query", "chosen", "notices"), BAD_CHOICES)
def test_a_bad_choice_gets_the_valid_part_and_a_plain_message(
    client, loaded, query, chosen, notices
):
    response = client.get(compare_sheet_url(query=query))
    html = response.content.decode()
    sheet = sheet_of(response)

    titles = [Procedure.objects.get(slug=s).title for s in chosen]
    assert [th.get_text() for th in sheet.select("thead th")][1:] == titles
    shown = [p.get_text() for p in sheet.select(".notice")]
    assert len(shown) == len(notices)
    for text, start in zip(shown, notices, strict=True):
        assert text.startswith(start)
    assert "<script>alert" not in html
    assert "\x00" not in html


def test_comparison_sheet_without_content_still_answers(client, db):
    response = client.get(compare_sheet_url(SURGERY, INJECTION))
    sheet = sheet_of(response)
    assert sheet.find("table") is None
