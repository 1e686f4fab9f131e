"""Links that last: former slugs, short links, section ids and the published-links registry."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from portal.loading import REQUIRED_SECTIONS, read_content
from portal.models import FormerSlug, Procedure

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
REGISTRY = "published-links.toml"


def registry_problems(folder: Path) -> list[str]:
    """Why a published address would no longer land where it did, or is missing from the list."""
    content = read_content(folder)
    entries = tomllib.loads((folder / REGISTRY).read_text())["article"]
    owner = {}
    for article in content.articles:
        owner[article.slug] = article
        owner.update(dict.fromkeys(article.former_slugs, article))
    problems = []
    for entry in entries:
        slug = entry["slug"]
        article = owner.get(slug)
        if article is None:
            problems.append(
                f"/procedures/{slug}/ was published, but no article has that slug: "
                "add it to the renamed article's former_slugs"
            )
            continue
        anchors = {s.anchor for s in article.sections}
        for anchor in entry.get("sections", []):
            if anchor not in anchors and anchor not in article.former_section_ids:
                problems.append(
                    f"/procedures/{slug}/#{anchor} was published, but {article.path} has no such "
                    f'section: add former_section_ids = {{ "{anchor}" = "<new-id>" }}, or move '
                    f"it to retired_sections with a note"
                )
        for anchor, note in entry.get("retired_sections", {}).items():
            if not note.strip():
                problems.append(f"retired section '{anchor}' of {slug} needs a note saying why")
        code = entry.get("short_code")
        if code and code.upper() != article.short_code:
            problems.append(
                f"/go/{code}/ is printed on letters for {slug}, but {article.path} now has "
                f"short_code '{article.short_code}'"
            )
    listed = {
        (entry["slug"], anchor)
        for entry in entries
        for anchor in (*entry.get("sections", []), *entry.get("retired_sections", {}))
    }
    codes = {entry.get("short_code", "").upper() for entry in entries}
    for article in content.articles:
        missing = [s.anchor for s in article.sections if (article.slug, s.anchor) not in listed]
        if missing:
            problems.append(
                f"{article.path}: not in {REGISTRY} yet: slug '{article.slug}', section(s) "
                f"{', '.join(missing)}"
            )
        if article.short_code not in codes:
            problems.append(
                f"{article.path}: short_code '{article.short_code}' is not in {REGISTRY} yet"
            )
    return problems


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1))


QUESTIONS = "## Questions to ask your care team {#questions}"


def publish(folder: Path, slug: str, *anchors: str, short_code: str = "") -> None:
    """Record in the copy's registry that these addresses went out in letters."""
    entry = f'\n[[article]]\nslug = "{slug}"\n'
    if short_code:
        entry += f'short_code = "{short_code}"\n'
    entry += f"sections = {json.dumps(list(anchors))}\n"  # a JSON list of texts is TOML too
    registry = folder / REGISTRY
    registry.write_text(registry.read_text() + entry)


def add_section(folder: Path, heading: str, anchor: str) -> None:
    edit(
        folder / "procedures" / "surgical-rhizotomy.md",
        QUESTIONS,
        f"## {heading} {{#{anchor}}}\n\nBring a list of your medicines.\n\n{QUESTIONS}",
    )


def rename_article(folder: Path) -> None:
    """Surgical rhizotomy moves to a new slug; its published 'getting-ready' part is renamed.

    Every required section keeps its id, so the renamed part is an extra one.
    """
    publish(folder, "surgical-rhizotomy", "getting-ready")
    article = folder / "procedures" / "surgical-rhizotomy.md"
    edit(article, 'slug = "surgical-rhizotomy"', 'slug = "selective-dorsal-rhizotomy"')
    edit(
        article,
        "former_slugs = []",
        'former_slugs = ["surgical-rhizotomy"]\n'
        'former_section_ids = { "getting-ready" = "preparing" }',
    )
    add_section(folder, "Preparing for surgery", "preparing")
    publish(
        folder,
        "selective-dorsal-rhizotomy",
        *(*REQUIRED_SECTIONS[:-1], "preparing", "questions"),
        short_code="SR",
    )


def load(folder: Path) -> None:
    call_command("load_content", str(folder), stdout=io.StringIO())


# The registry


def test_every_published_address_is_still_answered():
    assert registry_problems(CONTENT_DIR) == []


def test_a_renamed_article_and_section_keep_their_published_addresses(content_copy):
    rename_article(content_copy)
    assert registry_problems(content_copy) == []


def test_a_published_section_that_disappears_is_reported(content_copy):
    add_section(content_copy, "Getting ready", "getting-ready")
    publish(content_copy, "surgical-rhizotomy", "getting-ready")
    assert registry_problems(content_copy) == []
    edit(
        content_copy / "procedures" / "surgical-rhizotomy.md",
        "{#getting-ready}",
        "{#preparing}",
    )
    problems = registry_problems(content_copy)
    assert any("/procedures/surgical-rhizotomy/#getting-ready was published" in p for p in problems)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            'slug = "surgical-rhizotomy"',
            'slug = "selective-dorsal-rhizotomy"',
            "/procedures/surgical-rhizotomy/ was published, but no article has that slug",
        ),
        ('short_code = "SR"', 'short_code = "SURG"', "/go/SR/ is printed on letters"),
        (
            QUESTIONS,
            f"## Costs {{#costs}}\n\nAsk the billing office.\n\n{QUESTIONS}",
            "not in published-links.toml yet: slug 'surgical-rhizotomy', section(s) costs",
        ),
    ],
    ids=["slug-renamed", "short-code-changed", "new-section-unlisted"],
)
def test_an_address_that_would_break_is_reported(content_copy, old, new, problem):
    edit(content_copy / "procedures" / "surgical-rhizotomy.md", old, new)
    problems = registry_problems(content_copy)
    assert any(problem in p for p in problems), problems


def test_a_retired_section_needs_a_note(content_copy):
    registry = content_copy / REGISTRY
    registry.write_text(
        registry.read_text()
        + '\n[[article]]\nslug = "surgical-rhizotomy"\nretired_sections = { "getting-ready" = " " }\n'
    )
    problems = registry_problems(content_copy)
    assert problems == [
        "retired section 'getting-ready' of surgical-rhizotomy needs a note saying why"
    ]
    edit(registry, '"getting-ready" = " "', '"getting-ready" = "Merged into how-it-is-done."')
    assert registry_problems(content_copy) == []


# Former slugs


def test_every_published_article_address_answers(client, loaded):
    for entry in tomllib.loads((CONTENT_DIR / REGISTRY).read_text())["article"]:
        response = client.get(reverse("portal:procedure", args=[entry["slug"]]))
        assert response.status_code == 200, entry["slug"]


def test_every_former_slug_redirects_permanently_to_the_article(client, db, content_copy):
    rename_article(content_copy)
    load(content_copy)
    formers = list(FormerSlug.objects.select_related("procedure"))
    assert [f.slug for f in formers] == ["surgical-rhizotomy"]
    for former in formers:
        response = client.get(reverse("portal:procedure", args=[former.slug]))
        assert response.status_code == 301
        assert response["Location"] == "/procedures/selective-dorsal-rhizotomy/"
        assert client.get(response["Location"]).status_code == 200


def test_a_former_slug_with_tracking_parameters_redirects_to_the_clean_address(
    client, db, content_copy
):
    rename_article(content_copy)
    load(content_copy)
    response = client.get("/procedures/surgical-rhizotomy/?utm_source=letter&utm_medium=print")
    assert response.status_code == 301
    assert response["Location"] == "/procedures/selective-dorsal-rhizotomy/"


def test_an_unknown_slug_is_not_found(client, loaded):
    response = client.get(reverse("portal:procedure", args=["no-such-procedure"]))
    assert response.status_code == 404
    assert "We could not find that page" in response.text


# Section ids


def test_a_former_section_id_still_lands_in_the_renamed_section(client, db, content_copy):
    rename_article(content_copy)
    load(content_copy)
    page = BeautifulSoup(client.get("/procedures/selective-dorsal-rhizotomy/").text, "html.parser")
    old = page.find(id="getting-ready")
    assert old is not None
    assert old.name == "span"
    assert old.find_parent("section")["id"] == "preparing"


def test_every_published_section_has_its_id_on_the_page(client, loaded):
    for entry in tomllib.loads((CONTENT_DIR / REGISTRY).read_text())["article"]:
        page = BeautifulSoup(
            client.get(reverse("portal:procedure", args=[entry["slug"]])).text, "html.parser"
        )
        for anchor in entry["sections"]:
            assert page.find(id=anchor) is not None, f"{entry['slug']}#{anchor}"


# Short links


@pytest.mark.parametrize("code", ["SR", "sr", "Sr"])
def test_a_short_link_redirects_to_its_article_whatever_the_case(client, loaded, code):
    response = client.get(reverse("portal:short_link", args=[code]))
    # Temporary, so a code may one day point elsewhere; the article address is the lasting one.
    assert response.status_code == 302
    assert response["Location"] == "/procedures/surgical-rhizotomy/"


def test_every_published_short_link_and_section_redirects(client, loaded):
    for entry in tomllib.loads((CONTENT_DIR / REGISTRY).read_text())["article"]:
        response = client.get(reverse("portal:short_link", args=[entry["short_code"]]))
        assert response["Location"] == f"/procedures/{entry['slug']}/"
        for anchor in entry["sections"]:
            url = reverse("portal:short_link_section", args=[entry["short_code"].lower(), anchor])
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"] == f"/procedures/{entry['slug']}/#{anchor}"


def test_a_short_link_to_a_former_section_id_goes_to_the_new_section(client, db, content_copy):
    rename_article(content_copy)
    load(content_copy)
    response = client.get(reverse("portal:short_link_section", args=["sr", "getting-ready"]))
    assert response.status_code == 302
    assert response["Location"] == "/procedures/selective-dorsal-rhizotomy/#preparing"


def test_a_short_link_ignores_tracking_parameters(client, loaded):
    response = client.get("/go/RI/?utm_source=sms&utm_campaign=march")
    assert response["Location"] == "/procedures/rhizotomy-injection/"


def test_a_short_link_answers_head_requests_from_link_checkers(client, loaded):
    response = client.head(reverse("portal:short_link", args=["DR"]))
    assert response.status_code == 302
    assert response["Location"] == "/procedures/dorsal-rhizotomy-back-pain/"


@pytest.mark.parametrize(
    "url", ["/go/NOPE/", "/go/SR/no-such-section/", "/go/NOPE/risks/"], ids=str
)
def test_an_unknown_short_link_gets_the_helpful_not_found_page(client, loaded, url):
    response = client.get(url)
    assert response.status_code == 404
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1.get_text() == "We could not find that page"
    # It offers every article, so the reader is one tap from what the link meant.
    offered = {a["href"] for a in page.select("main .cards a")}
    assert offered == {p.get_absolute_url() for p in Procedure.objects.all()}


# Tracking parameters


@pytest.mark.parametrize(
    "query", ["utm_source=newsletter&utm_medium=email&utm_campaign=spring", "fbclid=abc&gclid=x"]
)
def test_tracking_parameters_are_accepted_and_left_out_of_the_canonical_address(
    client, loaded, settings, query
):
    settings.SITE_URL = "https://patients.clinic.example"
    response = client.get(f"/procedures/rhizotomy-injection/?{query}")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    expected = "https://patients.clinic.example/procedures/rhizotomy-injection/"
    assert page.find("link", rel="canonical")["href"] == expected
    assert page.find("meta", property="og:url")["content"] == expected
    assert page.find(id="share-url")["value"] == expected
    assert not re.search(r"utm_|fbclid|gclid", response.text)
