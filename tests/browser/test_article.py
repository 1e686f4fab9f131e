"""An article in a real browser: glossary toggletips by touch, mouse and keyboard, and printing."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import Browser, Page, expect

from portal.models import TermTranslation

ARTICLE = "surgical-rhizotomy"
# The first glossary word in the article's "What it is" section, and its popover.
TERM = "#what-it-is button.term >> nth=0"
TIP = "#def_what-it-is_rhizotomy"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def article_url(site: str) -> str:
    return site + reverse("portal:procedure", args=[ARTICLE])


@pytest.fixture
def phone(browser: Browser, article_url: str):
    """A touch screen phone, on the article."""
    context = browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(article_url)
    yield page
    context.close()


@pytest.fixture
def desktop(page: Page, article_url: str) -> Page:
    page.goto(article_url)
    return page


def test_tapping_a_word_shows_its_definition_beside_it(phone: Page):
    term, tip = phone.locator(TERM), phone.locator(TIP)
    expect(tip).to_be_hidden()

    term.tap()

    expect(tip).to_be_visible()
    expect(tip).to_contain_text("A treatment that cuts or blocks certain nerve roots")
    word, box = term.bounding_box(), tip.bounding_box()
    below = 0 <= box["y"] - (word["y"] + word["height"]) <= 16
    above = 0 <= word["y"] - (box["y"] + box["height"]) <= 16
    assert below or above, f"definition {box} is not next to its word {word}"
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]


def accessibility_properties(page: Page, selector: str) -> dict:
    """What the browser tells screen readers about an element: its role, name and states."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    found = ax["nodes"][0]
    cdp.detach()
    return {
        "role": found["role"]["value"],
        "name": found["name"]["value"],
        **{p["name"]: p["value"].get("value") for p in found.get("properties", [])},
    }


def test_screen_readers_hear_a_button_that_expands_to_the_definition(phone: Page):
    button = "#what-it-is button.term"
    closed = accessibility_properties(phone, button)
    assert (closed["role"], closed["name"], closed["expanded"]) == ("button", "rhizotomy", False)

    phone.locator(TERM).tap()

    assert accessibility_properties(phone, button)["expanded"] is True
    # Read next after the word, with a way to the full glossary entry.
    link = phone.locator(TIP).get_by_role("link", name="More about “rhizotomy” in the glossary")
    expect(link).to_be_visible()


def test_tapping_elsewhere_closes_the_definition(phone: Page):
    phone.locator(TERM).tap()
    expect(phone.locator(TIP)).to_be_visible()

    phone.locator("h1").tap()

    expect(phone.locator(TIP)).to_be_hidden()


def test_tapping_another_word_shows_only_that_definition(phone: Page):
    phone.locator(TERM).tap()
    second = phone.locator("#what-it-is button.term >> nth=1")

    second.tap()

    expect(phone.locator(TIP)).to_be_hidden()
    expect(phone.locator("#" + second.get_attribute("popovertarget"))).to_be_visible()


def test_glossary_link_in_a_definition_leads_to_the_entry(phone: Page, site: str):
    phone.locator(TERM).tap()

    phone.locator(TIP).get_by_role("link").tap()

    expect(phone).to_have_url(site + reverse("portal:glossary") + "#rhizotomy")
    expect(phone.locator("#rhizotomy")).to_be_in_viewport()


def test_escape_closes_the_definition_and_keeps_focus_on_the_word(desktop: Page):
    desktop.locator(TERM).click()
    expect(desktop.locator(TIP)).to_be_visible()

    desktop.keyboard.press("Escape")

    expect(desktop.locator(TIP)).to_be_hidden()
    expect(desktop.locator(TERM)).to_be_focused()


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of Tab never reached {selector}")


@pytest.mark.parametrize("key", ["Enter", " "], ids=["Enter", "Space"])
def test_keyboard_alone_reaches_and_opens_a_definition(desktop: Page, key: str):
    tab_to(desktop, TERM)
    expect(desktop.locator(TERM)).to_be_focused()
    # The focus ring must be visible: the word gets the yellow focus highlight.
    background = desktop.locator(TERM).evaluate("element => getComputedStyle(element).background")
    assert "rgb(255, 221, 0)" in background

    desktop.keyboard.press(key)
    expect(desktop.locator(TIP)).to_be_visible()

    desktop.keyboard.press("Escape")
    expect(desktop.locator(TIP)).to_be_hidden()
    desktop.keyboard.press(key)
    expect(desktop.locator(TIP)).to_be_visible()


def test_tab_from_an_open_definition_moves_into_it(desktop: Page):
    tab_to(desktop, TERM)
    desktop.keyboard.press("Enter")

    desktop.keyboard.press("Tab")

    expect(desktop.locator(TIP).get_by_role("link")).to_be_focused()


def test_without_the_popover_api_a_word_links_to_its_glossary_entry(
    browser: Browser, article_url: str
):
    context = browser.new_context(viewport=PHONE)
    # An older browser: no Popover API.
    context.add_init_script("delete HTMLElement.prototype.popover;")
    page = context.new_page()
    page.goto(article_url)

    expect(page.locator("button.term")).to_have_count(0)
    word = page.locator("#what-it-is a.term").first
    expect(word).to_have_text("rhizotomy")
    expect(word).to_have_attribute("href", reverse("portal:glossary") + "#rhizotomy")
    expect(page.locator(".toggletip").first).to_be_hidden()
    context.close()


def test_printed_page_has_no_navigation_and_ends_with_the_words_used(desktop: Page):
    words = desktop.get_by_role("heading", name="Words used on this page")
    expect(words).to_be_hidden()
    expect(desktop.get_by_role("navigation", name="Main")).to_be_visible()

    desktop.emulate_media(media="print")

    expect(desktop.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(desktop.locator(".skip-link")).to_be_hidden()
    expect(desktop.locator("nav.toc")).to_be_hidden()
    expect(words).to_be_visible()
    expect(desktop.locator(".words-used dt").first).to_be_visible()
    last = desktop.locator("article > *").last
    expect(last).to_have_class(re.compile(r"\bwords-used\b"))
    care_team = desktop.locator("#care_team").bounding_box()
    assert words.bounding_box()["y"] > care_team["y"] + care_team["height"]


def test_a_spanish_page_defines_a_tapped_word_in_spanish_and_links_to_the_spanish_glossary(
    browser: Browser, spanish_site: str
):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    with override("es"):
        page.goto(spanish_site + reverse("portal:procedure", args=[ARTICLE]))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    term, tip = page.locator(TERM), page.locator(TIP)
    expect(tip).to_be_hidden()

    term.tap()

    expect(tip).to_be_visible()
    definition = TermTranslation.objects.get(term__slug="rhizotomy", language="es").definition
    expect(tip).to_contain_text(definition)
    tip.get_by_role("link").tap()
    expect(page).to_have_url(f"{spanish_site}/es/glossary/#rhizotomy")
    expect(page.locator("#rhizotomy dd")).to_contain_text(definition)
    context.close()
