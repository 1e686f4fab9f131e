"""Staff and error pages in a real browser: copy status, the wide status table, the footer's
promise, the 404 page's head; and the staff page under axe, light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect

NO_COOKIES = "We do not track what you read: no cookies, no analytics."


@pytest.fixture
def clipboard(context: BrowserContext, site: str) -> BrowserContext:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    return context


def test_copied_clears_after_a_while_and_when_another_is_copied(
    page: Page, clipboard, log_in_as_staff
):
    page.clock.install()
    log_in_as_staff(page)
    first, second = page.locator(".copy-field").nth(0), page.locator(".copy-field").nth(1)

    first.get_by_role("button").click()
    expect(first.get_by_role("status")).to_have_text("Copied")
    second.get_by_role("button").click()
    expect(second.get_by_role("status")).to_have_text("Copied")
    expect(first.get_by_role("status")).to_have_text("")

    page.clock.run_for(6000)
    expect(second.get_by_role("status")).to_have_text("")


def test_the_status_table_says_it_scrolls_on_a_phone_and_keys_scroll_it(
    browser: Browser, log_in_as_staff
):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    log_in_as_staff(page)
    region = page.get_by_role("region", name="Content status table")

    expect(page.locator("#status_scroll_hint")).to_be_visible()
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.context.close()


def test_the_status_table_says_nothing_about_scrolling_when_it_fits(page: Page, log_in_as_staff):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_as_staff(page)

    expect(page.get_by_role("region", name="Content status table")).to_be_visible()
    expect(page.locator("#status_scroll_hint")).to_be_hidden()


def test_staff_pages_do_not_promise_no_cookies(page: Page, site: str, log_in_as_staff):
    page.goto(site + "/")
    expect(page.locator(".site-footer")).to_contain_text(NO_COOKIES)

    log_in_as_staff(page)

    expect(page.locator(".site-footer")).not_to_contain_text("cookies")
    assert page.context.cookies(), "staff are logged in with a cookie"


def test_the_not_found_page_names_no_canonical_address(page: Page, site: str):
    response = page.goto(site + "/procedures/no-such-article/")

    assert response.status == 404
    expect(page.locator("link[rel=canonical]")).to_have_count(0)
    expect(page.locator("meta[property='og:url']")).to_have_count(0)


# Each width and each scheme once: the page is long, and axe takes seconds on it.
@pytest.mark.parametrize(("width", "scheme"), [(390, "dark"), (1280, "light")])
def test_staff_page_has_no_accessibility_violations(
    browser: Browser, site: str, log_in_as_staff, scheme: str, width: int
):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in_as_staff(page)
    page.locator("details").first.locator("summary").click()

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()
    context.close()
