"""The decision aid in Chromium: what matters to you, teach-back, care cards, and what prints."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, Request, expect

SURGERY, INJECTION, BACK_PAIN = (
    "surgical-rhizotomy",
    "rhizotomy-injection",
    "dorsal-rhizotomy-back-pain",
)
# Fixture values and the comparison rows that speak to them (tests/fixtures/content).
SHORT_RECOVERY = "A short recovery"
SHORT_RECOVERY_ROWS = ["#q_recovery", "#q_hospital_stay"]
LONGER_RELIEF = "Relief that lasts longer"
PHONE = {"width": 390, "height": 844}
PAPER = ["A4", "Letter"]
# Everything the page keeps in the browser's storage, as [key, value] pairs.
STORAGE = "[...Object.entries(localStorage), ...Object.entries(sessionStorage)]"


def compare_url(site: str, *slugs: str) -> str:
    return f"{site}{reverse('portal:compare')}?{urlencode([('p', s) for s in slugs])}"


def article_url(site: str, slug: str) -> str:
    return site + reverse("portal:procedure", args=[slug])


def assert_no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def pdf_pages(pdf: bytes) -> int:
    """How many pages Chromium's PDF has (it writes each page object uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.fixture
def requests_made(page: Page) -> list[Request]:
    made: list[Request] = []
    page.on("request", lambda request: made.append(request))
    return made


# What matters most to you


def test_ticking_a_value_marks_its_rows_in_words_and_unticking_clears_them(site, page: Page):
    page.goto(compare_url(site, SURGERY, INJECTION, BACK_PAIN))
    marked = page.locator("#comparison_table tr.matters")
    expect(marked).to_have_count(0)

    page.get_by_role("checkbox", name=SHORT_RECOVERY).check()

    expect(marked).to_have_count(len(SHORT_RECOVERY_ROWS))
    for row in SHORT_RECOVERY_ROWS:
        marker = page.locator(f"{row} .matters-marker")
        expect(marker).to_be_visible()
        expect(marker).to_have_text(f"Matters to you: {SHORT_RECOVERY}")
    expect(page.locator("[data-values-status]")).to_have_text("2 rows of the table are marked.")

    page.get_by_role("checkbox", name=SHORT_RECOVERY).uncheck()

    expect(marked).to_have_count(0)
    expect(page.locator(".matters-marker")).to_have_count(0)


def test_a_row_two_values_speak_to_names_both(site, page: Page):
    page.goto(compare_url(site, SURGERY, INJECTION))
    page.evaluate(
        """() => {
        const box = document.querySelector("input[data-label='Relief that lasts longer']");
        box.dataset.rows += " q_recovery";
    }"""
    )
    page.get_by_role("checkbox", name=SHORT_RECOVERY).check()
    page.get_by_role("checkbox", name=LONGER_RELIEF).check()

    expect(page.locator("#q_recovery .matters-marker")).to_have_text(
        f"Matters to you: {SHORT_RECOVERY}; {LONGER_RELIEF}"
    )
    expect(page.locator("#q_recovery .matters-marker")).to_have_count(1)


def test_the_marks_come_back_after_htmx_swaps_the_table(site, page: Page):
    page.goto(compare_url(site, SURGERY, INJECTION, BACK_PAIN))
    page.get_by_role("checkbox", name=SHORT_RECOVERY).check()
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("checkbox", name="Rhizotomy injection").uncheck()

    page.wait_for_url(compare_url(site, SURGERY, BACK_PAIN))
    expect(page.locator("#comparison_table thead th")).to_have_count(2)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_role("checkbox", name=SHORT_RECOVERY)).to_be_checked()
    expect(page.locator("#comparison_table tr.matters")).to_have_count(len(SHORT_RECOVERY_ROWS))
    for row in SHORT_RECOVERY_ROWS:
        expect(page.locator(f"{row} .matters-marker")).to_have_count(1)


def test_ticking_sends_nothing_and_keeps_nothing(site, page: Page, requests_made):
    page.goto(compare_url(site, SURGERY, INJECTION))
    page.wait_for_load_state("networkidle")
    requests_made.clear()
    storage = page.evaluate(STORAGE)

    page.get_by_role("checkbox", name=SHORT_RECOVERY).check()
    page.get_by_role("checkbox", name=LONGER_RELIEF).check()
    expect(page.locator("#comparison_table tr.matters")).to_have_count(4)
    page.wait_for_timeout(300)

    assert [r.url for r in requests_made] == []
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate(STORAGE) == storage
    assert not any("matters" in key or "recovery" in value for key, value in storage)
    assert page.context.cookies() == []
    assert page.url == compare_url(site, SURGERY, INJECTION)


def test_without_javascript_the_values_are_a_list_of_questions_to_read(site, browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(compare_url(site, SURGERY, INJECTION))

    value = page.locator("li.value").filter(has_text=SHORT_RECOVERY)
    expect(value.get_by_role("link")).to_have_text(
        ["What is recovery like?", "Will I stay in hospital?"]
    )
    expect(page.locator("[data-values-hint]")).to_be_hidden()
    value.get_by_role("checkbox").check()
    expect(page.locator(".matters-marker")).to_have_count(0)
    value.get_by_role("link", name="What is recovery like?").click()
    assert page.url.endswith("#q_recovery")
    context.close()


def test_printed_the_values_show_what_was_ticked(site, page: Page):
    page.goto(compare_url(site, SURGERY, INJECTION))
    values = page.locator("li.value")
    page.emulate_media(media="print")
    expect(values).to_have_count(2)
    for value in values.all():
        expect(value).to_be_visible()

    page.emulate_media(media="screen")
    page.get_by_role("checkbox", name=SHORT_RECOVERY).check()
    page.emulate_media(media="print")

    expect(values.filter(has_text=SHORT_RECOVERY)).to_be_visible()
    expect(values.filter(has_text=LONGER_RELIEF)).to_be_hidden()
    expect(page.locator("#q_recovery .matters-marker")).to_be_visible()


def test_the_values_exercise_has_no_axe_violations_with_rows_marked(site, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(compare_url(site, SURGERY, INJECTION, BACK_PAIN))
    page.get_by_role("checkbox", name=SHORT_RECOVERY).check()
    expect(page.locator("#comparison_table tr.matters")).to_have_count(2)
    assert_no_axe_violations(page)


# The printed comparison


def test_the_printed_comparison_defines_its_words_and_leaves_out_the_cookie_note(site, page: Page):
    page.goto(compare_url(site, SURGERY, INJECTION))
    words = page.get_by_role("heading", name="Words used on this page")
    cookies = page.get_by_text("no cookies", exact=False)
    expect(words).to_be_hidden()
    expect(cookies).to_be_visible()

    page.emulate_media(media="print")

    expect(words).to_be_visible()
    expect(page.locator("#comparison_table .words-used dt").first).to_be_visible()
    expect(page.locator(".compare-print-link")).to_be_visible()
    expect(page.locator(".compare-print-link")).to_contain_text(
        f"/compare/?p={SURGERY}&p={INJECTION}"
    )
    expect(cookies).to_be_hidden()
    expect(page.get_by_role("link", name="Print a question sheet")).to_be_hidden()
    assert pdf_pages(page.pdf(format="A4")) >= 1


def test_the_words_follow_the_table_after_an_htmx_swap(site, page: Page):
    page.goto(compare_url(site, SURGERY, INJECTION, BACK_PAIN))
    page.get_by_role("checkbox", name="Surgical rhizotomy").uncheck()
    page.wait_for_url(compare_url(site, INJECTION, BACK_PAIN))

    page.emulate_media(media="print")
    terms = set(page.locator("#comparison_table .toggletip-term").all_text_contents())
    defined = page.locator("#comparison_table .words-used dt").all_text_contents()
    assert set(defined) == terms


# Check what you know


def test_each_answer_opens_by_tap_and_by_keyboard_and_nothing_is_sent(site, browser: Browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    made: list[Request] = []
    page.goto(article_url(site, INJECTION))
    page.wait_for_load_state("networkidle")
    page.on("request", lambda request: made.append(request))
    checks = page.locator("#check_what_you_know details")
    first, second = checks.nth(0), checks.nth(1)
    expect(first.locator(".check-answer")).to_be_hidden()

    first.locator("summary").tap()
    expect(first.locator(".check-answer")).to_be_visible()

    second.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(second.locator(".check-answer")).to_be_visible()
    page.keyboard.press("Space")
    expect(second.locator(".check-answer")).to_be_hidden()

    assert made == []
    assert page.evaluate(STORAGE) == []
    context.close()


def test_printed_the_answers_show_under_their_questions(site, page: Page):
    page.goto(article_url(site, INJECTION))
    page.emulate_media(media="print")
    answers = page.locator("#check_what_you_know .check-answer")
    for answer in answers.all():
        expect(answer).to_be_visible()
    expect(page.locator("#check_what_you_know .check-hint").first).to_be_hidden()


# Care cards


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_article_with_its_care_cards_has_no_axe_violations(site, browser: Browser, scheme: str):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(article_url(site, SURGERY))
    cards = page.locator("#when-to-get-help .care-card")
    expect(cards).to_have_count(2)
    for card in cards.all():
        expect(card).to_be_visible()
    emergency = page.locator(".care-card--emergency a[href^='tel:']")
    expect(emergency).to_be_visible()
    assert emergency.bounding_box()["height"] >= 24
    assert_no_axe_violations(page)
    context.close()


def test_the_care_cards_print_whole_with_the_short_link_on_the_page(site, page: Page):
    page.goto(article_url(site, SURGERY))
    page.emulate_media(media="print")
    expect(page.locator(".print-only")).to_contain_text(reverse("portal:short_link", args=["SR"]))
    for card in page.locator(".care-card").all():
        assert card.evaluate("el => getComputedStyle(el).breakInside") == "avoid"
    assert (
        page.locator(".words-used dt").first.evaluate("el => getComputedStyle(el).breakAfter")
        == "avoid"
    )
    expect(page.get_by_text("no cookies", exact=False)).to_be_hidden()


# The question sheets


SHEETS = {
    "article": lambda: reverse("portal:procedure_questions", args=[SURGERY]),
    "comparison": lambda: (
        reverse("portal:compare_questions") + f"?p={SURGERY}&p={INJECTION}&p={BACK_PAIN}"
    ),
}


@pytest.mark.parametrize("paper", PAPER)
@pytest.mark.parametrize("sheet", SHEETS)
def test_a_question_sheet_prints_on_one_page(site, page: Page, sheet: str, paper: str):
    page.goto(site + SHEETS[sheet]())
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".sheet-address")).to_be_visible()
    expect(page.locator(".sheet-screen-only")).to_be_hidden()

    assert pdf_pages(page.pdf(format=paper)) == 1


@pytest.mark.parametrize("sheet", SHEETS)
def test_a_question_sheet_has_no_axe_violations(site, browser: Browser, sheet: str):
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(site + SHEETS[sheet]())
        assert_no_axe_violations(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "no sideways scrolling"
        context.close()
