"""Every patient page in a real browser: narrow phones, zoom, accessibility and privacy."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

ARTICLE = "surgical-rhizotomy"
PAGES = {
    "home": lambda: reverse("portal:home"),
    "article": lambda: reverse("portal:procedure", args=[ARTICLE]),
    "glossary": lambda: reverse("portal:glossary"),
    "not-found": lambda: "/procedures/no-such-article/",
    "code-not-found": lambda: reverse("portal:by_code", args=["cpt", "99999"]),
}
# Small and common phones, and a 1280 px screen zoomed to 200 %.
WIDTHS = [320, 390, 640]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def open_page(page: Page, site: str, name: str) -> list[str]:
    """Go to a page; return the problems the browser reported while loading it."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(site + "/") else problems.append(f"request: {r.url}"),
    )
    page.goto(site + PAGES[name]())
    page.wait_for_load_state("networkidle")
    return problems


def assert_no_violations(results) -> None:
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_only_from_this_site_without_errors(page: Page, site: str, name: str):
    problems = open_page(page, site, name)

    # A 404 page reports its own status in the console; anything else is a fault.
    assert [p for p in problems if "404 (Not Found)" not in p] == []
    assert page.context.cookies() == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways(browser: Browser, site: str, name: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
    page = context.new_page()
    open_page(page, site, name)

    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
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

    assert_no_violations(axe.run(page))


def test_skip_link_is_first_and_moves_to_the_main_content(page: Page, site: str):
    open_page(page, site, "article")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
