"""The dark theme: it follows the device's setting, keeps the light theme's contrast, and leaves
paper light. Definitions, care cards and diagrams stay readable in it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

ARTICLE = "surgical-rhizotomy"
# A care card of each kind and a diagram drawn in currentColor, as articles may contain them.
SAMPLES = """
<div class="care-card"><h3>Call us</h3><p>If the wound is red.</p></div>
<div class="care-card care-card--urgent"><h3>Call today</h3><p>If you have a fever.</p></div>
<div class="care-card care-card--emergency"><h3>Call 911</h3><p>If you cannot move.</p></div>
<figure class="diagram">
  <svg viewBox="0 0 100 40" role="img" aria-label="A nerve root">
    <path d="M5 20 H95" stroke="currentColor" fill="none"/>
    <circle cx="50" cy="20" r="8" fill="var(--diagram-fill)" stroke="var(--diagram-line)"/>
  </svg>
  <figcaption>The nerve root leaves the spine here.</figcaption>
</figure>
"""


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(page: Page, selector: str) -> tuple[str, str]:
    return page.locator(selector).first.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )


@pytest.fixture
def dark(browser: Browser, site: str):
    context = browser.new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + reverse("portal:procedure", args=[ARTICLE]))
    yield page
    context.close()


def test_the_page_follows_the_dark_setting(dark: Page):
    text, background = colours(dark, "body")
    assert luminance(background) < 0.05
    assert contrast(text, background) >= 7
    assert dark.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"


def test_an_open_definition_is_readable(dark: Page):
    term = dark.locator("#what-it-is button.term").first
    term.click()
    tip = dark.locator(".toggletip:popover-open")
    expect(tip).to_be_visible()
    text, background = colours(dark, ".toggletip:popover-open")
    assert luminance(background) < 0.05
    assert contrast(text, background) >= 7
    link, _ = colours(dark, ".toggletip:popover-open a")
    assert contrast(link, background) >= 7
    assert Axe().run(dark, context=".toggletip:popover-open").violations_count == 0


def test_care_cards_and_diagrams_are_readable(dark: Page):
    dark.locator("#what-it-is").evaluate(
        f"section => section.insertAdjacentHTML('beforeend', `{SAMPLES}`)"
    )
    for card in ("care-card", "care-card--urgent", "care-card--emergency"):
        text, background = colours(dark, f".{card}")
        assert contrast(text, background) >= 7, card
    line = dark.locator(".diagram circle").evaluate("el => getComputedStyle(el).stroke")
    _, page_background = colours(dark, "body")
    assert contrast(line, page_background) >= 4.5
    results = Axe().run(dark, context="#what-it-is")
    assert results.violations_count == 0, results.generate_report()


def test_paper_stays_light(dark: Page):
    dark.emulate_media(media="print", color_scheme="dark")
    text, _ = colours(dark, "body")
    assert luminance(text) < 0.05
