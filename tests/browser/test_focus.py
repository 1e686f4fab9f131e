"""Keyboard and touch on the glossary words: focus is never hidden, every word stays reachable
with few Tab stops, and opening a definition is announced."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

ARTICLE = "surgical-rhizotomy"
TERM = "button.term"
OPEN_TIP = ".toggletip:popover-open"
# The focused word's section id, if the word is the first in its section.
FIRST_WORD_OF_SECTION = """() => {
  const section = document.activeElement.closest("section");
  return section.querySelector("button.term") === document.activeElement ? section.id : null;
}"""


@pytest.fixture
def article_url(site: str) -> str:
    return site + reverse("portal:procedure", args=[ARTICLE])


def on(browser: Browser, url: str, width: int, **options) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 844}, **options)
    page = context.new_page()
    page.goto(url)
    return page


def focused_is_term(page: Page) -> bool:
    return page.evaluate("document.activeElement.matches('button.term')")


@pytest.mark.parametrize("width", [390, 1280])
def test_tabbing_with_definitions_open_never_hides_the_focus(
    browser: Browser, article_url: str, width: int, assert_focus_visible
):
    page = on(browser, article_url, width)
    page.locator("#key-points").locator(TERM).first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(OPEN_TIP)).to_have_count(1)
    opened = 1
    # Through the whole article: every word reached is opened, then Tab goes on from it.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last control on the page
        assert_focus_visible(page)
        if focused_is_term(page):
            page.keyboard.press("Enter")
            expect(page.locator(OPEN_TIP)).to_have_count(1)
            assert_focus_visible(page)
            opened += 1
    assert opened >= 5
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_arrow_keys_with_a_definition_open_never_hide_the_focus(
    browser: Browser, article_url: str, width: int, assert_focus_visible
):
    page = on(browser, article_url, width)
    terms = page.locator("#key-points").locator(TERM)
    terms.first.focus()
    for index in range(terms.count()):
        expect(terms.nth(index)).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator(OPEN_TIP)).to_have_count(1)
        page.keyboard.press("ArrowRight")
        assert_focus_visible(page)
    page.context.close()


def test_comparison_focus_is_never_under_the_sticky_header(
    browser: Browser, site: str, assert_focus_visible
):
    page = on(browser, site + reverse("portal:compare"), 1280)
    page.locator("#comparison_table tbody").locator(TERM).last.focus()
    # Backwards through the table, as the audit did: arrows within a row, Shift+Tab between rows.
    reached = set()

    def current() -> str | None:
        return page.evaluate("document.activeElement.getAttribute('popovertarget')")

    def walk(key: str) -> None:
        while True:
            word = current()
            reached.add(word)
            page.keyboard.press(key)
            assert_focus_visible(page)
            if current() == word:
                return

    for _ in range(40):
        if focused_is_term(page):
            walk("ArrowRight")
            walk("ArrowLeft")
        page.keyboard.press("Shift+Tab")
        assert_focus_visible(page)
        if not page.evaluate("!!document.activeElement.closest('#comparison_table tbody')"):
            break
    assert len(reached) == page.locator("#comparison_table tbody").locator(TERM).count()
    page.context.close()


def test_a_tapped_word_stays_uncovered_and_its_definition_has_a_close_button(
    browser: Browser, article_url: str, assert_focus_visible
):
    page = on(browser, article_url, 390, has_touch=True, is_mobile=True)
    term = page.locator("#key-points").locator(TERM).first
    term.tap()
    tip = page.locator(OPEN_TIP)
    expect(tip).to_be_visible()
    assert_focus_visible(page)

    close = tip.get_by_role("button", name="Close")
    expect(close).to_be_in_viewport()
    close.tap()

    expect(page.locator(OPEN_TIP)).to_have_count(0)
    # Focus returns to the word, where the reader was.
    expect(term).to_be_focused()
    page.context.close()


def test_each_section_is_one_tab_stop_and_arrows_reach_every_word(page: Page, article_url: str):
    page.goto(article_url)
    every_word = page.locator(TERM).count()
    compare = page.locator("#compare_links a").first

    sections = page.locator("section:has(button.term)")
    # Tab through the page, noting which words it stops on; links and other controls come
    # and go with the page's features, so only the stops on words are counted.
    word_stops = []
    while not page.evaluate("el => el === document.activeElement", compare.element_handle()):
        page.keyboard.press("Tab")
        if focused_is_term(page):
            word_stops.append(page.evaluate(FIRST_WORD_OF_SECTION))
        assert len(word_stops) <= sections.count(), "Tab stops at more than one word a section"
    # One stop per section with words: its first word.
    assert word_stops == sections.evaluate_all("els => els.map(el => el.id)")
    assert len(word_stops) < every_word
    assert page.locator(f"{TERM}[tabindex='0']").count() == sections.count()

    reached = 0
    for section in sections.all():
        words = section.locator(TERM)
        words.first.focus()
        for index in range(words.count()):
            expect(words.nth(index)).to_be_focused()
            reached += 1
            page.keyboard.press("ArrowRight")
    assert reached == every_word


def test_every_word_stays_a_button_for_screen_readers(page: Page, article_url: str):
    page.goto(article_url)
    words = page.locator(TERM)
    # tabindex="-1" takes a word out of the Tab order only; it is still a named button.
    names = words.evaluate_all("els => els.map(el => el.textContent)")
    for name in set(names):
        expect(page.get_by_role("button", name=name, exact=True).first).to_be_attached()
    described = words.nth(1).get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_have_text(
        "Use the left and right arrow keys for the other words in this part."
    )


def test_opening_a_definition_is_announced(page: Page, article_url: str):
    page.goto(article_url)
    status = page.get_by_role("status").and_(page.locator("#definition-status"))
    expect(status).to_have_text("")
    term = page.locator("#what-it-is").locator(TERM).first
    tip = page.locator("#" + term.get_attribute("popovertarget"))
    name = tip.locator("strong").inner_text()
    meaning = tip.evaluate("t => t.querySelector('strong').nextSibling.textContent.trim()")

    term.focus()
    page.keyboard.press("Enter")

    expect(status).to_have_text(f"{name} {meaning}")
    expect(status).not_to_contain_text("More about")
    page.keyboard.press("Escape")
    expect(status).to_have_text("")
