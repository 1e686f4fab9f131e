"""The compare page as a patient's browser receives it: full page, htmx partial, bad addresses."""

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from suite_content import ALL, BACK_PAIN, INJECTION, SURGERY

from portal.models import ComparisonQuestion, GlossaryTerm, Procedure

HTMX = {"HX-Request": "true"}


class Page(HTMLParser):
    """The parts of the compare page the tests look at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.popover_targets: list[str] = []
        self.checked: list[str] = []
        self.unchecked: list[str] = []
        self.column_links: list[str] = []
        self.row_headers: list[str] = []
        self.notices: list[str] = []
        self.canonical: str | None = None
        self.title = ""
        self.h1_count = 0
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str | None]] = []
        self._text_into: list[str] | None = None
        self._in_columnheader = False
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self.attributes += [(tag, name, value) for name, value in attrs]
        if "id" in a:
            self.ids.append(a["id"])
        if "popovertarget" in a:
            self.popover_targets.append(a["popovertarget"])
        if tag == "input" and a.get("type") == "checkbox" and a.get("name") == "p":
            (self.checked if "checked" in a else self.unchecked).append(a["value"])
        if tag == "th" and a.get("scope") == "col":
            self._in_columnheader = True
        if tag == "a" and self._in_columnheader:
            self.column_links.append(a["href"])
        if tag == "th" and a.get("scope") == "row":
            self.row_headers.append("")
            self._text_into = self.row_headers
        if tag == "p" and a.get("class") == "notice":
            self.notices.append("")
            self._text_into = self.notices
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self.h1_count += 1

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_columnheader = False
        if tag in ("th", "p"):
            self._text_into = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._text_into is not None:
            self._text_into[-1] += data
        if self._in_title:
            self.title += data


def compare_url(*slugs: str, **extra: str) -> str:
    query = urlencode([("p", s) for s in slugs] + list(extra.items()))
    return f"{reverse('portal:compare')}?{query}" if query else reverse("portal:compare")


def article_url(slug: str) -> str:
    return reverse("portal:procedure", args=[slug])


def test_full_page_shows_every_procedure_with_their_answers(client, loaded):
    response = client.get(reverse("portal:compare"))
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.h1_count == 1
    assert page.checked == ALL
    assert page.column_links == [article_url(s) for s in ALL]
    assert page.row_headers == list(ComparisonQuestion.objects.values_list("text", flat=True))
    assert page.notices == []
    assert page.canonical == settings.SITE_URL + compare_url(*ALL)
    assert page.title.startswith(
        "Compare Surgical rhizotomy, Rhizotomy injection and Dorsal rhizotomy for back pain"
    )
    # The form works with no script: a GET to this page with the boxes as ?p=.
    html = response.content.decode()
    assert f'<form class="compare-choose" method="get" action="{reverse("portal:compare")}"' in html
    assert '<button type="submit" class="button">Show comparison</button>' in html
    assert "hx-swap-oob" not in html


def test_full_page_cells_carry_the_answers_toggletips(client, loaded):
    html = client.get(compare_url(SURGERY, INJECTION)).content.decode()
    assert 'popovertarget="def_surgical-rhizotomy_treats_spasticity"' in html
    assert 'id="def_surgical-rhizotomy_treats_spasticity" popover' in html
    assert 'popovertarget="def_rhizotomy-injection_treats_chronic-pain"' in html
    assert "def_dorsal-rhizotomy-back-pain_" not in html


def test_chosen_procedures_are_the_columns(client, loaded):
    response = client.get(compare_url(SURGERY, BACK_PAIN))
    page = Page(response.content.decode())
    assert page.checked == [SURGERY, BACK_PAIN]
    assert page.unchecked == [INJECTION]
    assert page.column_links == [article_url(SURGERY), article_url(BACK_PAIN)]
    assert page.notices == []
    assert "Surgical rhizotomy and Dorsal rhizotomy for back pain: the same questions" in (
        response.content.decode()
    )


def test_popover_ids_are_unique_and_every_toggletip_has_its_popover(client, loaded):
    page = Page(client.get(reverse("portal:compare")).content.decode())
    duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
    assert duplicates == []
    assert page.popover_targets
    assert set(page.popover_targets) <= set(page.ids)


def test_page_has_no_inline_script_or_style(client, loaded):
    response = client.get(reverse("portal:compare"))
    page = Page(response.content.decode())
    assert not [a for a in page.attributes if a[1] == "style" or a[1].startswith("on")]
    assert page.tags["style"] == 0
    scripts = [v for tag, name, v in page.attributes if tag == "script" and name == "src"]
    assert len(scripts) == page.tags["script"] > 0
    assert all(src.startswith("/static/") for src in scripts)
    assert not response.cookies


def test_htmx_request_gets_only_the_table_and_the_status(client, loaded):
    response = client.get(compare_url(INJECTION, SURGERY), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    page = Page(html)
    assert "<html" not in html
    assert "<form" not in html
    assert page.h1_count == 0
    assert page.column_links == [article_url(SURGERY), article_url(INJECTION)]
    assert len(page.row_headers) == ComparisonQuestion.objects.count()
    # The live region is updated in place, so a screen reader announces the change.
    assert (
        '<div id="compare_status" class="compare-status" role="status" data-hx-swap-oob="innerHTML">'
        in html
    )
    assert "Now showing Surgical rhizotomy and Rhizotomy injection." in html
    assert page.title.startswith("Compare Surgical rhizotomy and Rhizotomy injection")


def test_htmx_response_pushes_the_canonical_address(client, loaded):
    response = client.get(compare_url(INJECTION, "nonsense", SURGERY, utm_source="x"), headers=HTMX)
    assert response["HX-Push-Url"] == compare_url(SURGERY, INJECTION)


def test_full_page_does_not_push_an_address(client, loaded):
    assert "HX-Push-Url" not in client.get(compare_url(SURGERY, INJECTION))


def test_htmx_history_restore_gets_the_full_page(client, loaded):
    response = client.get(
        compare_url(SURGERY, INJECTION),
        headers={**HTMX, "HX-History-Restore-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" in html
    assert "<form" in html
    assert "HX-Push-Url" not in response


def test_clearing_every_box_with_htmx_shows_no_table_and_asks_for_a_choice(client, loaded):
    response = client.get(reverse("portal:compare"), headers=HTMX)
    page = Page(response.content.decode())
    assert page.notices == ["Choose 2 or 3 procedures to compare them."]
    assert page.column_links == []
    assert "<table" not in response.content.decode()
    assert response["HX-Push-Url"] == reverse("portal:compare")


def test_responses_vary_on_htmx_and_the_partial_has_its_own_etag(client, loaded):
    url = compare_url(SURGERY, INJECTION)
    full = client.get(url)
    partial = client.get(url, headers=HTMX)
    for response in (full, partial):
        assert "HX-Request" in response["Vary"]
        assert "Cookie" not in response["Vary"]
        assert response["Cache-Control"] == f"public, max-age={settings.PAGE_CACHE_SECONDS}"
    assert full["ETag"] != partial["ETag"]
    assert client.get(url, headers={"If-None-Match": full["ETag"]}).status_code == 304
    assert client.get(url, headers={**HTMX, "If-None-Match": full["ETag"]}).status_code == 200


@pytest.mark.parametrize(
    ("slugs", "headers"), [([], {}), (ALL, {}), ([SURGERY, INJECTION], {}), (ALL, HTMX)]
)
@pytest.mark.parametrize("grown", [False, True])
def test_query_count_does_not_grow_with_the_articles(
    client, loaded, django_assert_num_queries, slugs, headers, grown
):
    if grown:
        Procedure.objects.bulk_create(
            Procedure(slug=f"extra-{n}", title=f"Extra {n}", position=99, short_code=f"X{n}")
            for n in range(30)
        )
        GlossaryTerm.objects.bulk_create(
            GlossaryTerm(slug=f"word-{n}", term=f"word {n}", definition="A word.")
            for n in range(200)
        )
    # Content version (checked, then read again in the snapshot), procedures, questions, answers,
    # the glossary terms the answers use; and, outside the htmx fragment, the values to weigh.
    with django_assert_num_queries(6 if headers else 7):
        client.get(compare_url(*slugs), headers=headers)


def test_head_is_answered_and_post_is_not(client, loaded):
    assert client.head(reverse("portal:compare")).status_code == 200
    assert client.post(reverse("portal:compare")).status_code == 405


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_the_same_choice_in_another_order_gives_the_same_table(client, loaded, headers):
    def comparison(*slugs):
        html = client.get(compare_url(*slugs), headers=headers).content.decode()
        return html[html.index('<div id="comparison_table"') :]

    first = comparison(SURGERY, INJECTION, BACK_PAIN)
    assert first == comparison(BACK_PAIN, SURGERY, INJECTION)
    assert first == comparison(INJECTION, BACK_PAIN, SURGERY, INJECTION)


BAD_INPUTS = [
    # (query string, chosen slugs, notices)
    ("p=", ALL, ["No procedure we know was chosen, so we are showing them all."]),
    (
        "p=%00",
        ALL,
        [
            "Part of the link did not name a procedure we know, so we left it out.",
            "No procedure we know was chosen, so we are showing them all.",
        ],
    ),
    (
        f"p={SURGERY}&p=%3Cscript%3Ealert(1)%3C/script%3E",
        [SURGERY],
        [
            "We could not find a procedure called “<script>alert(1)</script>”, so we left it out.",
            "Choose at least one more procedure to see them side by side.",
        ],
    ),
    (
        f"p={SURGERY}&p={INJECTION}&p=" + "x" * 5000,
        [SURGERY, INJECTION],
        ["We could not find a procedure called “" + "x" * 39 + "…”, so we left it out."],
    ),
    (
        "&".join([f"p={INJECTION}", f"p={BACK_PAIN}"] * 25),
        [INJECTION, BACK_PAIN],
        [],
    ),
    (
        "&".join(f"p=unknown-{n}" for n in range(50)),
        ALL,
        [
            "We could not find a procedure called “unknown-0”, “unknown-1”, “unknown-2” and others, so we left them out.",
            "No procedure we know was chosen, so we are showing them all.",
        ],
    ),
    (
        f"p={SURGERY}&p={SURGERY.upper()}",
        [SURGERY],
        ["Choose at least one more procedure to see them side by side."],
    ),
    (f"p={INJECTION}&p={INJECTION}&p={SURGERY}", [SURGERY, INJECTION], []),
    (
        f"p={BACK_PAIN}",
        [BACK_PAIN],
        ["Choose at least one more procedure to see them side by side."],
    ),
    (f"p={SURGERY}&p={BACK_PAIN}&fbclid=abc", [SURGERY, BACK_PAIN], []),
    (
        "p=%ff%fe",
        ALL,
        [
            "Part of the link did not name a procedure we know, so we left it out.",
            "No procedure we know was chosen, so we are showing them all.",
        ],
    ),
]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
@pytest.mark.parametrize(("query", "chosen", "notices"), BAD_INPUTS)
def test_bad_input_gets_a_clear_message_and_the_valid_part(
    client, loaded, headers, query, chosen, notices
):
    response = client.get(f"{reverse('portal:compare')}?{query}", headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    page = Page(html)
    assert page.column_links == [article_url(s) for s in chosen]
    assert page.notices == notices
    assert "<script>alert" not in html
    assert "\x00" not in html
    if headers:
        assert response["HX-Push-Url"] == compare_url(*chosen)
    else:
        assert page.checked == chosen
        assert page.canonical == settings.SITE_URL + compare_url(*chosen)


# Mail campaign tags and other sites' array syntax: a link with them still works.
@pytest.mark.parametrize("query", ["utm_source=x&utm_medium=email", "p[]=x", "P=x"])
def test_other_parameters_are_ignored(client, loaded, query):
    response = client.get(f"{reverse('portal:compare')}?{query}")
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.column_links == [article_url(s) for s in ALL]
    assert page.notices == []
    assert page.canonical == settings.SITE_URL + compare_url(*ALL)


def test_more_than_three_shows_the_first_three_and_says_so(client, loaded):
    Procedure.objects.create(slug="fourth", title="Fourth", position=99, short_code="4")
    response = client.get(compare_url("fourth", BACK_PAIN, INJECTION, SURGERY))
    page = Page(response.content.decode())
    assert page.column_links == [article_url(s) for s in ALL]
    assert page.notices == [
        "You can compare up to 3 procedures at a time, so we are showing the first 3."
    ]
    assert page.unchecked == ["fourth"]


def test_page_without_content_still_answers(client, db):
    response = client.get(compare_url(SURGERY, INJECTION))
    assert response.status_code == 200
    assert "<table" not in response.content.decode()


@pytest.mark.parametrize("slug", ALL)
def test_each_article_links_to_comparisons_with_the_others_preselected(client, loaded, slug):
    article = client.get(article_url(slug)).content.decode()
    section = article[article.index('id="compare_links"') :]
    links = [
        href.replace("&amp;", "&")
        for href in (
            part.split('"', 1)[0]
            for part in section.split('href="')[1:]
            if part.startswith("/compare/")
        )
    ]
    others = [s for s in ALL if s != slug]
    expected_pairs = [{slug, other} for other in others]
    compared = []
    for link in links:
        response = client.get(link)
        assert response.status_code == 200
        page = Page(response.content.decode())
        assert page.notices == []
        assert slug in page.checked
        compared.append(set(page.checked))
    assert compared == [*expected_pairs, set(ALL)]
