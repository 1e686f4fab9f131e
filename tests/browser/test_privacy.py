"""What a patient's browser does on each public page: no cookies, no other origin, no CSP breakage.

Every request the page makes is recorded, including the ones htmx and the toggletips cause, and
every response is checked for Set-Cookie. Content-Security-Policy violations are collected by a
listener added before the page's own scripts run (Playwright's init scripts are exempt from CSP).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, Page, Request, Response, expect

PUBLIC_PAGES = [
    "/",
    "/procedures/surgical-rhizotomy/",
    "/procedures/rhizotomy-injection/",
    "/procedures/dorsal-rhizotomy-back-pain/",
    "/compare/",
    "/compare/?p=surgical-rhizotomy&p=dorsal-rhizotomy-back-pain",
    "/glossary/",
    "/procedures/surgical-rhizotomy/questions/",
    "/compare/questions/?p=surgical-rhizotomy&p=rhizotomy-injection",
    "/no-such-page/",
]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@dataclass
class Traffic:
    requests: list[Request] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def other_origins(self, site: str) -> list[str]:
        own = urlsplit(site)[:2]
        return [r.url for r in self.requests if urlsplit(r.url)[:2] != own]

    def cookies_set(self) -> list[str]:
        return [
            f"{r.url}: {r.header_value('set-cookie')}"
            for r in self.responses
            if r.header_value("set-cookie") is not None
        ]


@pytest.fixture
def watched(context: BrowserContext) -> tuple[Page, Traffic]:
    traffic = Traffic()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.on("request", lambda request: traffic.requests.append(request))
    page.on("response", lambda response: traffic.responses.append(response))
    page.on(
        "console",
        lambda message: message.type == "error" and traffic.console_errors.append(message.text),
    )
    return page, traffic


def csp_violations(page: Page, traffic: Traffic) -> list[str]:
    reported = page.evaluate("window.__cspViolations")
    logged = [text for text in traffic.console_errors if "Content Security Policy" in text]
    return reported + logged


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_private(site, watched, context, path):
    page, traffic = watched
    response = page.goto(site + path, wait_until="networkidle")
    assert response is not None
    assert response.status == (404 if path == "/no-such-page/" else 200)
    # The page itself, its stylesheet and its script at least.
    assert len(traffic.requests) >= 3
    assert traffic.other_origins(site) == []
    assert traffic.cookies_set() == []
    assert context.cookies() == []
    assert csp_violations(page, traffic) == []


def test_using_an_article_stays_private(site, watched, context):
    page, traffic = watched
    page.goto(site + "/procedures/surgical-rhizotomy/", wait_until="networkidle")
    term = page.locator("button.term").first
    term.click()
    expect(page.locator(f"#{term.get_attribute('popovertarget')}")).to_be_visible()
    page.locator(".toggletip:popover-open a").click()
    page.wait_for_load_state("networkidle")
    assert "/glossary/" in page.url
    assert traffic.other_origins(site) == []
    assert traffic.cookies_set() == []
    assert context.cookies() == []
    assert csp_violations(page, traffic) == []


def test_changing_a_comparison_stays_private(site, watched, context):
    page, traffic = watched
    page.goto(site + "/compare/", wait_until="networkidle")
    before = len(traffic.requests)
    with page.expect_response(lambda r: "/compare/" in r.url and r.request.method == "GET"):
        page.get_by_role("checkbox", name="Surgical rhizotomy").uncheck()
    page.wait_for_load_state("networkidle")
    # htmx fetched the new table from this site, without a cookie and within the policy.
    assert len(traffic.requests) > before
    assert traffic.other_origins(site) == []
    assert traffic.cookies_set() == []
    assert context.cookies() == []
    assert csp_violations(page, traffic) == []


def test_staff_can_log_in_to_the_admin_under_the_policy(site, watched):
    users = get_user_model().objects
    users.filter(username="staff").delete()
    users.create_superuser("staff", "staff@example.org", "long staff phrase")
    page, traffic = watched
    page.goto(site + "/admin/", wait_until="networkidle")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill("long staff phrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert traffic.other_origins(site) == []
    assert csp_violations(page, traffic) == []
