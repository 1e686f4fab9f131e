"""Links that last: former slugs, short links, section ids and the published-links registry."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from portal.content import REQUIRED_SECTIONS, ContentError, read_content, registry
from portal.models import FormerSlug, Procedure

REGISTRY = registry.FILE_NAME


def published(folder: Path) -> list[dict]:
    """The fixture content's registry of published links."""
    return tomllib.loads((folder / REGISTRY).read_text())["article"]


def registry_problems(folder: Path) -> list[str]:
    """What the loader says about the registry, and what it does not list yet."""
    try:
        content = read_content(folder)
    except ContentError as exc:
        return [p.message for p in exc.problems]
    return [f"not in {REGISTRY} yet: {m}" for m in registry.unlisted(folder, content.articles)]


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
    """Surgical rhizotomy moves to a new slug; its published 'before-you-go' part is renamed.

    Every required section keeps its id, so the renamed part is an extra one.
    """
    publish(folder, "surgical-rhizotomy", "before-you-go")
    article = folder / "procedures" / "surgical-rhizotomy.md"
    edit(article, 'slug = "surgical-rhizotomy"', 'slug = "selective-dorsal-rhizotomy"')
    edit(
        article,
        "former_slugs = []",
        'former_slugs = ["surgical-rhizotomy"]\n'
        'former_section_ids = { "before-you-go" = "preparing" }',
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


def test_a_renamed_article_and_section_keep_their_published_addresses(content_copy):
    rename_article(content_copy)
    assert registry_problems(content_copy) == []


def test_a_published_section_that_disappears_is_reported(content_copy):
    add_section(content_copy, "Getting ready", "before-you-go")
    publish(content_copy, "surgical-rhizotomy", "before-you-go")
    assert registry_problems(content_copy) == []
    edit(
        content_copy / "procedures" / "surgical-rhizotomy.md",
        "{#before-you-go}",
        "{#preparing}",
    )
    problems = registry_problems(content_copy)
    assert any("/procedures/surgical-rhizotomy/#before-you-go was published" in p for p in problems)


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
            "not in published-links.toml yet: surgical-rhizotomy#costs",
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
        + '\n[[article]]\nslug = "surgical-rhizotomy"\nretired_sections = { "before-you-go" = " " }\n'
    )
    problems = registry_problems(content_copy)
    assert problems == [
        "retired section 'before-you-go' of surgical-rhizotomy needs a note saying why it went"
    ]
    edit(registry, '"before-you-go" = " "', '"before-you-go" = "Merged into how-it-is-done."')
    assert registry_problems(content_copy) == []


# Former slugs


def test_every_published_article_address_answers(client, loaded, fixture_content):
    for entry in published(fixture_content):
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
    old = page.find(id="before-you-go")
    assert old is not None
    assert old.name == "span"
    assert old.find_parent("section")["id"] == "preparing"


def test_every_published_section_has_its_id_on_the_page(client, loaded, fixture_content):
    for entry in published(fixture_content):
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


def test_every_published_short_link_and_section_redirects(client, loaded, fixture_content):
    for entry in published(fixture_content):
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
    response = client.get(reverse("portal:short_link_section", args=["sr", "before-you-go"]))
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
    assert page.find(id="share_url")["value"] == expected
    assert not re.search(r"utm_|fbclid|gclid", response.text)
