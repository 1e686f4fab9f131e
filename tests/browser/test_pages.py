"""Every patient page in a real browser: narrow phones, zoom, accessibility and privacy."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

ARTICLE = "surgical-rhizotomy"
PAGES = {
    "home": lambda: reverse("portal:home"),
    "article": lambda: reverse("portal:procedure", args=[ARTICLE]),
    "compare": lambda: reverse("portal:compare"),
    "glossary": lambda: reverse("portal:glossary"),
    "question-sheet": lambda: reverse("portal:procedure_questions", args=[ARTICLE]),
    "not-found": lambda: "/procedures/no-such-article/",
    "code-not-found": lambda: reverse("portal:by_code", args=["cpt", "99999"]),
}
# Small and common phones, and a 1280 px screen zoomed to 200 %; phones with text at 200 % (the
# root font size, as a phone's text size setting sets it).
SIZES = [(320, 100), (390, 100), (640, 100), (320, 200), (390, 200)]
SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def open_page(page: Page, site: str, name: str, settle: bool = False) -> list[str]:
    """Go to a page; return the problems the browser reported while loading it (with `settle`,
    also in the half second of quiet after it loaded)."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(site + "/") else problems.append(f"request: {r.url}"),
    )
    page.goto(site + PAGES[name]())
    if settle:
        page.wait_for_load_state("networkidle")
    return problems


def assert_no_violations(results) -> None:
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_only_from_this_site_without_errors(page: Page, site: str, name: str):
    problems = open_page(page, site, name, settle=True)

    # A 404 page reports its own status in the console; anything else is a fault.
    assert [p for p in problems if "404 (Not Found)" not in p] == []
    assert page.context.cookies() == []


@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways(browser: Browser, site: str, text_size, name: str):
    context = browser.new_context(viewport={"width": 320, "height": 800}, has_touch=True)
    page = context.new_page()
    open_page(page, site, name)

    wide = []
    for width, text in SIZES:
        page.set_viewport_size({"width": width, "height": 800})
        text_size(page, text)
        if scrolls_sideways(page):
            wide.append(f"{width} px, text {text} %")
    assert wide == []
    context.close()


def test_open_definition_fits_a_320_pixel_screen(browser: Browser, site: str):
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True)
    page = context.new_page()
    open_page(page, site, "article")
    # The rightmost word on its line is the hardest case.
    terms = page.locator("button.term")
    boxes = [terms.nth(i).bounding_box() for i in range(terms.count())]
    rightmost = max(range(len(boxes)), key=lambda i: boxes[i]["x"] + boxes[i]["width"])
    term = terms.nth(rightmost)
    term.tap()

    tip = page.locator("#" + term.get_attribute("popovertarget"))
    expect(tip).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(page: Page, site: str, axe: Axe, name: str):
    open_page(page, site, name)

    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
        assert_no_violations(axe.run(page))


def test_phone_page_has_no_accessibility_violations(browser: Browser, site: str, axe: Axe):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    open_page(page, site, "article")

    assert_no_violations(axe.run(page))
    context.close()


def test_article_with_a_definition_open_has_no_accessibility_violations(
    page: Page, site: str, axe: Axe
):
    open_page(page, site, "article")
    term = page.locator("#what-it-is button.term").first
    term.click()
    expect(page.locator("#" + term.get_attribute("popovertarget"))).to_be_visible()

    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        assert_no_violations(axe.run(page))


@pytest.mark.parametrize("width", [320, 390])
def test_open_definition_at_200_percent_text_fits_the_screen_or_scrolls(
    browser: Browser, site: str, text_size, width: int
):
    height = 844
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    page = context.new_page()
    open_page(page, site, "article")
    text_size(page, 200)
    # The longest definition on the page, opened from words near the top, middle and foot of
    # the screen.
    terms = page.locator("button.term")
    lengths = terms.evaluate_all(
        "els => els.map(el => document.getElementById(el.getAttribute('popovertarget'))"
        ".textContent.length)"
    )
    term = terms.nth(lengths.index(max(lengths)))
    for place in ("start", "center", "end"):
        term.evaluate(f"el => el.scrollIntoView({{block: '{place}'}})")
        term.tap()
        tip = page.locator(".toggletip:popover-open")
        expect(tip).to_be_visible()
        box = tip.bounding_box()
        assert 0 <= box["y"] <= box["y"] + box["height"] <= height, (place, box)
        assert 0 <= box["x"] <= box["x"] + box["width"] <= width, (place, box)
        overflowing = tip.evaluate("el => el.scrollHeight > el.clientHeight")
        if overflowing:
            assert tip.evaluate("el => getComputedStyle(el).overflowY") in ("auto", "scroll")
        assert not scrolls_sideways(page)
        page.keyboard.press("Escape")
    context.close()


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_punctuation_stays_with_its_word_and_a_long_term_starts_level_with_its_line(
    browser: Browser, site: str, text_size
):
    context = browser.new_context(viewport={"width": 320, "height": 800}, has_touch=True)
    page = context.new_page()
    open_page(page, site, "article")
    text_size(page, 200)
    # Wherever it fits, the full stop after a word is on that word's last line.
    apart = page.evaluate(
        """() => [...document.querySelectorAll('.term-group')].filter(group => {
          const word = group.querySelector('.term').getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(group.lastChild);
          const stop = range.getBoundingClientRect();
          const fits = word.right + stop.width <= group.parentElement.getBoundingClientRect().right;
          const line = parseFloat(getComputedStyle(group).lineHeight);
          const middle = stop.top + stop.height / 2;
          return fits && !(middle > word.bottom - line && middle < word.bottom);
        }).map(group => group.textContent.slice(0, 30))"""
    )
    assert apart == []
    # A word that starts a list item starts on its bullet's line, not above it, even when it
    # wraps: an empty probe put before it sits on that first line (where the bullet is).
    starts = page.evaluate(
        """() => [...document.querySelectorAll('li')].filter(li => {
          const first = li.firstChild;
          return first && first.nodeType === 1 && first.matches('.term, .term-group');
        }).map(li => {
          const probe = document.createElement('span');
          probe.textContent = '\\u200b';
          li.prepend(probe);
          const offset = probe.getBoundingClientRect().top
                         - li.querySelector('.term').getBoundingClientRect().top;
          probe.remove();
          return offset;
        })"""
    )
    assert starts, "no list item starts with a marked word"
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('li')).lineHeight)")
    assert all(abs(offset) < line / 2 for offset in starts), (starts, line)
    context.close()


def test_skip_link_is_first_and_moves_to_the_main_content(page: Page, site: str):
    open_page(page, site, "article")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize(
    "path",
    [
        "/es/",
        f"/es/procedures/{ARTICLE}/",
        "/es/compare/",
        "/es/glossary/",
        f"/es/procedures/{ARTICLE}/questions/",
        "/es/no-such-page/",
    ],
)
def test_spanish_page_is_accessible_and_fits_a_small_phone(
    browser: Browser, spanish_site: str, axe: Axe, path: str
):
    context = browser.new_context(viewport={"width": 320, "height": 800}, has_touch=True)
    page = context.new_page()
    page.goto(spanish_site + path)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    switch = page.locator(".language-switch a")
    expect(switch).to_be_visible()
    expect(switch).to_have_attribute("lang", "en")

    assert_no_violations(axe.run(page))
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
    assert page.context.cookies() == []
    context.close()
