"""Content ids and the page's own ids cannot collide, by construction: every id content can give
(a section id, a former section id, a glossary term's slug) is a slug of letters, digits and single
hyphens, and every id a page makes itself contains an underscore."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from portal.models import GlossaryTerm, Procedure


def ids_of(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return [tag["id"] for tag in BeautifulSoup(response.content, "html.parser").find_all(id=True)]


def content_ids(url: str) -> set[str]:
    if url == reverse("portal:glossary"):
        return set(GlossaryTerm.objects.values_list("slug", flat=True))
    for procedure in Procedure.objects.prefetch_related("sections"):
        if url == procedure.get_absolute_url():
            return {
                anchor
                for section in procedure.sections.all()
                for anchor in (section.anchor, *section.former_anchors)
            }
    return set()


def public_pages() -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:compare"),
        reverse("portal:glossary"),
        "/no-such-page/",
        *(p.get_absolute_url() for p in Procedure.objects.all()),
    ]


def test_every_id_a_page_makes_contains_an_underscore(client, loaded):
    for url in public_pages():
        ids = ids_of(client, url)
        own = [i for i in ids if i not in content_ids(url)]
        assert [i for i in own if "_" not in i] == [], url
        assert [i for i, n in Counter(ids).items() if n > 1] == [], url


@pytest.mark.parametrize(
    "anchor", ["main", "share-url", "compare", "compare-links", "care-team", "toc", "content"]
)
def test_a_section_may_take_any_name_the_page_uses_in_words(
    anchor: str, content_copy: Path, load_folder, client
):
    article = content_copy / "procedures" / "surgical-rhizotomy.md"
    text = article.read_text()
    article.write_text(
        text.replace("{#risks}", f"{{#risks}}\n\nMore.\n\n## Extra {{#{anchor}}}", 1)
    )
    (content_copy / "published-links.toml").unlink()
    load_folder(content_copy)
    url = reverse("portal:procedure", args=["surgical-rhizotomy"])

    ids = ids_of(client, url)

    assert ids.count(anchor) == 1
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("term", ["main", "letter s", "procedures"])
def test_a_glossary_term_may_take_any_name_the_glossary_page_uses(
    term: str, content_copy: Path, load_folder, client
):
    with (content_copy / "glossary.toml").open("a") as glossary:
        glossary.write(f'\n[[term]]\nterm = "{term}"\ndefinition = "A word."\n')
    load_folder(content_copy)

    ids = ids_of(client, reverse("portal:glossary"))

    assert [i for i, n in Counter(ids).items() if n > 1] == []
