"""Security headers on every response, and pages that keep to the Content-Security-Policy."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from portal.headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY, SecurityHeadersMiddleware

PUBLIC_PAGES = [
    ("portal:home", [], ""),
    ("portal:procedure", ["surgical-rhizotomy"], ""),
    ("portal:procedure", ["rhizotomy-injection"], ""),
    ("portal:procedure", ["dorsal-rhizotomy-back-pain"], ""),
    ("portal:compare", [], ""),
    ("portal:compare", [], "?p=surgical-rhizotomy&p=rhizotomy-injection"),
    ("portal:glossary", [], ""),
]


def public_urls() -> list[str]:
    return [reverse(name, args=args) + query for name, args, query in PUBLIC_PAGES]


def every_kind_of_response() -> list[tuple[str, int]]:
    """(URL, expected status) for pages, partials' siblings, redirects, errors and files."""
    return [
        *((url, 200) for url in public_urls()),
        ("/no-such-page/", 404),
        (reverse("portal:procedure", args=["no-such-procedure"]), 404),
        (reverse("portal:short_link", args=["SR"]), 302),
        ("/static/portal/site.css", 200),
        (reverse("admin:login"), 200),
        (reverse("admin:index"), 302),
        (reverse("healthz"), 200),
    ]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


@pytest.mark.parametrize(("url", "status"), every_kind_of_response())
def test_every_response_carries_the_security_headers(client, loaded, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    if response.headers["Content-Type"].startswith("text/html"):
        # For browsers older than CSP's frame-ancestors.
        assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_policy_allows_no_inline_code_and_no_other_origin():
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    every_source = {source for sources in policy.values() for source in sources}
    # Only this origin or nothing at all.
    assert every_source <= {"'self'", "'none'"}
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    # No report-uri or report-to: a violation report is a request to somewhere else.
    assert not {"report-uri", "report-to"} & policy.keys()


def test_permissions_policy_turns_off_device_features_and_topics():
    features = dict(item.split("=", 1) for item in PERMISSIONS_POLICY.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"


def test_a_view_may_set_its_own_policy(rf):
    def view(request):
        response = HttpResponse()
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = SecurityHeadersMiddleware(view)(rf.get("/"))
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY


def test_hsts_only_over_https(client, loaded, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    over_https = client.get(reverse("portal:home"), secure=True)
    over_http = client.get(reverse("portal:home"))
    assert over_https.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in over_http.headers


class InlineCodeFinder(HTMLParser):
    """Collects everything in a page that a strict CSP would block."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name == "style":
                self.problems.append(f"<{tag} style=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "style":
            self.problems.append("<style>")
        if tag == "script":
            if "src" in attributes:
                self.scripts.append(attributes["src"])
            else:
                self._in_script = True
        if tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self.stylesheets.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"<script>{data.strip()[:40]}")


@pytest.mark.parametrize("url", [*public_urls(), "/no-such-page/"])
def test_pages_keep_to_the_policy(client, loaded, url):
    finder = InlineCodeFinder()
    finder.feed(client.get(url).content.decode())
    assert finder.problems == []
    assert finder.scripts, "every page loads the site's own script"
    for source in [*finder.scripts, *finder.stylesheets]:
        assert source.startswith("/static/"), source


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_keep_to_the_policy(template):
    finder = InlineCodeFinder()
    finder.feed(render_to_string(template))
    assert finder.problems == []


def test_htmx_is_configured_for_the_policy(client, loaded):
    html = client.get(reverse("portal:compare")).content.decode()

    class MetaFinder(HTMLParser):
        config = None

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "meta" and attributes.get("name") == "htmx-config":
                MetaFinder.config = json.loads(attributes["content"])

    MetaFinder().feed(html)
    assert MetaFinder.config is not None
    # htmx would otherwise inject a <style> element, and evaluate hx-on/js: attributes.
    assert MetaFinder.config["includeIndicatorStyles"] is False
    assert MetaFinder.config["allowEval"] is False
    assert MetaFinder.config["allowScriptTags"] is False
    assert MetaFinder.config["selfRequestsOnly"] is True


def test_admin_login_works_under_the_policy(db):
    User.objects.create_superuser("staff", "staff@example.org", "a long staff passphrase")
    client = Client(enforce_csrf_checks=True)
    login_url = reverse("admin:login")
    page = client.get(login_url)
    finder = InlineCodeFinder()
    finder.feed(page.content.decode())
    assert finder.problems == []
    response = client.post(
        login_url,
        {
            "username": "staff",
            "password": "a long staff passphrase",
            "csrfmiddlewaretoken": page.cookies["csrftoken"].value,
            "next": reverse("admin:index"),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


# Cookies: patient pages never answer with one, whatever the request carries.

HOSTILE_COOKIES = [
    pytest.param("csrftoken", "bad", id="csrftoken-too-short"),
    pytest.param("csrftoken", "!" * 32, id="csrftoken-bad-characters"),
    pytest.param("csrftoken", "", id="csrftoken-empty"),
    pytest.param("sessionid", "short", id="sessionid-too-short"),
    pytest.param("sessionid", "", id="sessionid-empty"),
]


@pytest.mark.parametrize(("name", "value"), HOSTILE_COOKIES)
@pytest.mark.parametrize(
    "url",
    [
        *public_urls(),
        reverse("portal:short_link", args=["SR"]),
        reverse("portal:by_code", args=["cpt", "64999"]),
        "/no-such-page/",
    ],
)
def test_patient_pages_set_no_cookie_whatever_comes_in(client, loaded, url, name, value):
    client.cookies[name] = value
    response = client.get(url)
    assert response.status_code in (200, 302, 404)
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert "cookie" not in response.headers.get("Vary", "").lower()


@pytest.mark.parametrize(("name", "value"), HOSTILE_COOKIES)
def test_staff_log_in_still_repairs_a_broken_cookie(client, db, name, value):
    client.cookies[name] = value
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    # The log-in form needs a CSRF cookie, so a malformed one is replaced.
    assert response.cookies["csrftoken"].value
    assert response.cookies["csrftoken"].value != value


# A 304 stands for the whole page, so it carries the page's Vary.


@pytest.mark.parametrize("url", public_urls())
def test_not_modified_keeps_the_vary_of_the_page(client, loaded, url):
    page = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert "Accept-Encoding" in page.headers["Vary"]
    again = client.get(
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": page.headers["ETag"]}
    )
    assert again.status_code == 304
    vary = {name.strip() for name in again.headers["Vary"].split(",")}
    assert vary == {name.strip() for name in page.headers["Vary"].split(",")}
