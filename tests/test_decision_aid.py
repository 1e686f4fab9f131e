"""The decision aid in the HTML a patient receives: care cards, "Check what you know", what
matters to you on the comparison, and the words the printed comparison defines."""

from collections import Counter
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from suite_content import ALL, BACK_PAIN, INJECTION, SURGERY

from portal import rendering, sanitise
from portal.models import ComparisonQuestion, Procedure, ValueStatement

HTMX = {"HX-Request": "true"}


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def article(client, slug: str) -> BeautifulSoup:
    return soup_of(client.get(reverse("portal:procedure", args=[slug])))


def compare(client, *slugs: str, headers: dict | None = None) -> BeautifulSoup:
    url = f"{reverse('portal:compare')}?{urlencode([('p', s) for s in slugs])}"
    return soup_of(client.get(url, headers=headers or {}))


def items(element) -> list[str]:
    return [li.get_text(strip=True) for li in element.find_all("li")]


def page_ids(soup: BeautifulSoup) -> list[str]:
    return [tag["id"] for tag in soup.find_all(id=True)]


# Care cards


@pytest.mark.parametrize("slug", ALL)
def test_when_to_get_help_ends_with_an_urgent_and_an_emergency_card(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    section = article(client, slug).find("section", id="when-to-get-help")

    urgent, emergency = section.find_all("div", class_="care-card")
    assert urgent["class"] == ["care-card", "care-card--urgent"]
    assert emergency["class"] == ["care-card", "care-card--emergency"]
    # The cards come after the section's own words.
    children = section.find_all(recursive=False)
    assert children[-2:] == [urgent, emergency]
    assert children.index(urgent) > children.index(section.h2) + 1
    assert items(urgent.find("ul")) == procedure.help_urgent
    assert items(emergency.find("ul")) == procedure.help_emergency
    assert procedure.help_urgent, "the fixture has an urgent list"
    assert procedure.help_emergency, "the fixture has an emergency list"


def test_care_cards_have_headings_with_page_ids(client, loaded):
    section = article(client, SURGERY).find("section", id="when-to-get-help")
    headings = section.select(".care-card > h3")
    assert [h["id"] for h in headings] == ["help_urgent", "help_emergency"]
    assert [" ".join(h.get_text().split()) for h in headings] == [
        "Urgent advice: Call your care team if:",
        "Emergency: Call 911 now if:",
    ]
    # What a screen reader adds is hidden on screen; the action is what everyone sees.
    assert all(h.find(class_="visually-hidden") for h in headings)


def test_care_cards_call_the_clinic_and_the_emergency_number_from_settings(
    client, loaded, settings
):
    settings.CLINIC_NAME = "Northside Spine Clinic"
    settings.CLINIC_PHONE = "0161 555 0199"
    settings.EMERGENCY_NUMBER = "112"
    soup = article(client, INJECTION)

    urgent = soup.find(class_="care-card--urgent")
    phone = urgent.find("a", href="tel:01615550199")
    assert phone.get_text() == "0161 555 0199"
    assert "Call Northside Spine Clinic" in urgent.get_text()
    emergency = soup.find(class_="care-card--emergency")
    assert "Call 112 now if:" in emergency.h3.get_text()
    assert emergency.find("a", href="tel:112").get_text() == "Call 112"
    assert "911" not in emergency.get_text()


def test_without_a_clinic_phone_the_urgent_card_says_to_call_the_care_team(
    client, loaded, settings
):
    settings.CLINIC_PHONE = ""
    urgent = article(client, INJECTION).find(class_="care-card--urgent")

    assert urgent.find("a", href=lambda h: h and h.startswith("tel:")) is None
    assert "call your care team" in urgent.find(class_="care-card-action").get_text()


def test_an_article_without_help_lists_has_no_empty_cards(client, loaded):
    Procedure.objects.filter(slug=INJECTION).update(help_urgent=[], help_emergency=[])
    section = article(client, INJECTION).find("section", id="when-to-get-help")
    assert section.find(class_="care-card") is None


# Check what you know


@pytest.mark.parametrize("slug", ALL)
def test_check_what_you_know_reveals_each_answer_with_details(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    soup = article(client, slug)
    section = soup.find("section", id="check_what_you_know")

    assert section["aria-labelledby"] == section.h2["id"]
    checks = section.select("ol.checks > li > details")
    assert 3 <= len(checks) <= 5
    assert len(checks) == len(procedure.checks)
    for details, check in zip(checks, procedure.checks, strict=True):
        assert "open" not in details.attrs
        assert details.summary.find(class_="check-question").get_text() == check["question"]
        answer = details.find(class_="check-answer")
        assert answer.find_parent("details") is details
        assert answer.get_text().endswith(check["answer"])
    # Nothing to send: no form, no field.
    assert section.find(["form", "input", "textarea", "button"]) is None


def test_check_what_you_know_comes_before_the_questions_and_is_in_the_contents(client, loaded):
    soup = article(client, SURGERY)
    section = soup.find("section", id="check_what_you_know")
    assert section.find_previous_sibling("section")["id"] == "what-we-know"
    assert section.find_next_sibling("section")["id"] == "questions"
    hrefs = [a["href"] for a in soup.select("nav.toc a")]
    assert hrefs.index("#check_what_you_know") == hrefs.index("#questions") - 1


def test_an_article_without_checks_has_no_empty_section(client, loaded):
    Procedure.objects.filter(slug=SURGERY).update(checks=[])
    soup = article(client, SURGERY)
    assert soup.find(id="check_what_you_know") is None
    assert soup.select_one("nav.toc a[href='#check_what_you_know']") is None


# Ids and what the page sends


@pytest.mark.parametrize("slug", ALL)
def test_the_pages_own_ids_have_an_underscore_and_no_id_repeats(client, loaded, slug):
    procedure = Procedure.objects.get(slug=slug)
    soup = article(client, slug)
    ids = page_ids(soup)

    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for own in ["help_urgent", "help_emergency", "check_what_you_know"]:
        assert own in ids
    anchors = {s.anchor for s in procedure.sections.all()}
    assert all("_" not in a for a in anchors)


@pytest.mark.parametrize("slug", ALL)
def test_the_article_prints_its_short_link(client, loaded, settings, slug):
    settings.SITE_URL = "https://patients.clinic.example"
    procedure = Procedure.objects.get(slug=slug)
    line = article(client, slug).find(class_="print-only").get_text()
    short = reverse("portal:short_link", args=[procedure.short_code])
    assert line.endswith(f"https://patients.clinic.example{short}")


def test_no_page_of_the_decision_aid_posts_anything(client, loaded):
    pages = [article(client, s) for s in ALL] + [compare(client, *ALL)]
    for soup in pages:
        forms = soup.find_all("form")
        assert all(f.get("method", "get").lower() == "get" for f in forms)
        assert soup.find(attrs={"hx-post": True}) is None


# What matters most to you


def test_each_value_is_a_checkbox_naming_the_rows_that_speak_to_it(client, loaded):
    soup = compare(client, *ALL)
    section = soup.find("section", id="values_what_matters")
    values = list(ValueStatement.objects.all())
    questions = {q.key: q for q in ComparisonQuestion.objects.all()}

    assert section["aria-labelledby"] == section.h2["id"]
    boxes = section.select("li.value input[type=checkbox]")
    assert [b.find_parent("label").get_text(strip=True) for b in boxes] == [v.text for v in values]
    assert len(values) >= 2, "the fixture has values to weigh"
    for box, value in zip(boxes, values, strict=True):
        # Never submitted: no name, and outside the form that chooses procedures.
        assert "name" not in box.attrs
        assert box.find_parent("form") is None
        assert box["data-label"] == value.text
        row_ids = box["data-rows"].split()
        assert len(row_ids) == len(value.question_keys)
        for row_id, key in zip(row_ids, value.question_keys, strict=True):
            row = soup.find("tr", id=row_id)
            assert row.th.get_text(strip=True) == questions[key].text
        # Without scripts, the same rows are listed under the value, as links to them.
        listed = box.find_parent("li").select("ul.value-rows a")
        assert [a["href"] for a in listed] == [f"#{r}" for r in row_ids]
        assert [a.get_text() for a in listed] == [questions[k].text for k in value.question_keys]


def test_the_values_hint_and_status_wait_for_the_script(client, loaded):
    section = compare(client, *ALL).find("section", id="values_what_matters")
    assert "hidden" in section.find(attrs={"data-values-hint": True}).attrs
    status = section.find(attrs={"data-values-status": True})
    assert status["role"] == "status"


def test_a_value_naming_a_question_that_is_gone_lists_only_the_others(client, loaded):
    ValueStatement.objects.create(
        key="gone", text="Something else", position=99, question_keys=["no_such", "risks"]
    )
    section = compare(client, *ALL).find("section", id="values_what_matters")
    box = section.find("input", attrs={"data-label": "Something else"})
    assert box["data-rows"] == "q_risks"


def test_no_values_means_no_section(client, loaded):
    ValueStatement.objects.all().delete()
    assert compare(client, *ALL).find(id="values_what_matters") is None


def test_an_htmx_update_leaves_the_ticks_alone(client, loaded):
    # Only the table is swapped; the values, and what the reader ticked, stay in the page.
    soup = compare(client, SURGERY, INJECTION, headers=HTMX)
    assert soup.find(id="values_what_matters") is None
    assert soup.find(id="comparison_table") is not None


# Words used in the comparison, for paper


def toggletip_terms(table) -> set[str]:
    return {s.get_text() for s in table.select(".toggletip-term")}


@pytest.mark.parametrize("slugs", [ALL, [SURGERY, INJECTION], [INJECTION, BACK_PAIN]])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_comparison_defines_exactly_the_words_its_answers_mark(client, loaded, slugs, headers):
    soup = compare(client, *slugs, headers=headers)
    table = soup.find("table", class_="compare-grid")
    words = soup.find("section", class_="words-used")

    assert words.find_parent(id="comparison_table") is not None, "swapped with the table"
    defined = [dt.get_text() for dt in words.find_all("dt")]
    assert defined == sorted(defined, key=str.casefold)
    assert set(defined) == toggletip_terms(table)
    assert defined, "the fixture answers use glossary words"
    for dt in words.find_all("dt"):
        assert dt.find_next_sibling().name == "dd"
        assert dt.find_next_sibling().get_text()


def test_a_term_no_answer_uses_is_not_defined(client, loaded):
    narrow = compare(client, INJECTION, BACK_PAIN)
    wide = compare(client, *ALL)
    only_in_wide = toggletip_terms(wide.find("table")) - toggletip_terms(narrow.find("table"))
    assert only_in_wide, "the fixture has a word only the surgery answers use"
    defined = {dt.get_text() for dt in narrow.select(".words-used dt")}
    assert not defined & only_in_wide


def test_the_comparison_links_to_its_question_sheet(client, loaded):
    soup = compare(client, INJECTION, SURGERY)
    sheet = reverse("portal:compare_questions") + f"?p={SURGERY}&p={INJECTION}"
    assert soup.select_one("#comparison_table a[href]")
    assert soup.find("a", href=sheet) is not None


def test_pages_render_nothing_on_the_request_path(client, loaded, monkeypatch):
    """Render once, serve many: no Markdown and no sanitising while answering a request."""

    def refuse(*args, **kwargs):
        raise AssertionError("content was rendered while answering a request")

    monkeypatch.setattr(rendering.Renderer, "markdown", refuse)
    monkeypatch.setattr(rendering.markdown.Markdown, "convert", refuse)
    monkeypatch.setattr(sanitise, "clean", refuse)
    urls = [
        reverse("portal:procedure", args=[SURGERY]),
        reverse("portal:procedure_questions", args=[SURGERY]),
        f"{reverse('portal:compare')}?p={SURGERY}&p={INJECTION}",
        f"{reverse('portal:compare_questions')}?p={SURGERY}&p={INJECTION}",
    ]
    for url in urls:
        assert client.get(url).status_code == 200
