"""The share block and the staff links page in a real browser: copying, and QR codes that scan."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, expect

CLIPBOARD = ["clipboard-read", "clipboard-write"]


@pytest.fixture
def clipboard(context: BrowserContext, site: str) -> BrowserContext:
    context.grant_permissions(CLIPBOARD, origin=site)
    return context


def read_clipboard(page: Page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_copies_the_canonical_address(page: Page, clipboard, site):
    page.goto(f"{site}/procedures/surgical-rhizotomy/?utm_source=letter")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == f"{settings.SITE_URL}/procedures/surgical-rhizotomy/"
    share = page.locator("section.share")
    share.get_by_role("button", name="Copy link").click()
    expect(share.get_by_role("status")).to_have_text("Copied")
    assert read_clipboard(page) == canonical


def test_copy_link_follows_a_new_choice_on_the_comparison_page(page: Page, clipboard, site):
    page.goto(f"{site}/compare/")
    page.get_by_role("checkbox", name="Dorsal rhizotomy for back pain").uncheck()
    expected = f"{settings.SITE_URL}/compare/?p=surgical-rhizotomy&p=rhizotomy-injection"
    field = page.get_by_label("Link to this page")
    expect(field).to_have_value(expected)
    # The share block came in with the swapped table, and its button still works.
    page.locator("section.share").get_by_role("button", name="Copy link").click()
    expect(page.locator("section.share").get_by_role("status")).to_have_text("Copied")
    assert read_clipboard(page) == expected


def test_without_scripts_the_link_can_still_be_selected(browser: Browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/procedures/rhizotomy-injection/")
    field = page.get_by_label("Link to this page")
    expect(field).to_be_visible()
    expect(field).to_have_value(f"{settings.SITE_URL}/procedures/rhizotomy-injection/")
    expect(page.locator("section.share button")).to_be_hidden()
    body = quote(
        f"Rhizotomy injection\r\n{settings.SITE_URL}/procedures/rhizotomy-injection/", safe=""
    )
    expect(page.get_by_role("link", name="Email this page")).to_have_attribute(
        "href", f"mailto:?subject=Rhizotomy%20injection&body={body}"
    )
    context.close()


def test_staff_copy_the_email_paragraph(page: Page, clipboard, log_in_as_staff):
    log_in_as_staff(page)
    entry = page.locator(".link-entry", has=page.locator("#link_surgical-rhizotomy\\.recovery"))
    entry.get_by_text("Email paragraph and QR code").click()
    field = entry.locator(".copy-field", has=page.get_by_label("Email paragraph, plain text"))
    field.get_by_role("button", name="Copy paragraph").click()
    expect(field.get_by_role("status")).to_have_text("Copied")
    assert read_clipboard(page) == (
        "Surgical rhizotomy: How recovery goes\n"
        "This link opens the part called “How recovery goes” on our page about "
        "Surgical rhizotomy.\n"
        f"{settings.SITE_URL}/procedures/surgical-rhizotomy/#recovery"
    )


@pytest.mark.parametrize(
    "key", ["surgical-rhizotomy.risks", "compare.surgical-rhizotomy.rhizotomy-injection"]
)
def test_a_staff_qr_code_scans_to_the_link_beside_it(page: Page, log_in_as_staff, key, read_qr):
    log_in_as_staff(page)
    entry = page.locator(".link-entry", has=page.locator(f"[id='link_{key}']"))
    entry.get_by_text("Email paragraph and QR code").click()
    image = entry.get_by_role("img")
    expect(image).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    # Decode what the browser shows, as a phone camera would see the printed code.
    assert read_qr(image.screenshot()) == entry.get_by_label("Link", exact=True).input_value()
