"""Listing pages that stay small as the library grows: home, glossary and the comparison picker."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from portal import listing, views
from portal.models import GlossaryTerm, Procedure, Section


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def long_glossary(monkeypatch):
    monkeypatch.setattr(views, "GLOSSARY_ONE_PAGE", 5)


def test_a_short_glossary_is_one_page_with_every_definition(client, loaded):
    soup = soup_of(client, reverse("portal:glossary"))
    for term in GlossaryTerm.objects.all():
        entry = soup.find(id=term.slug)
        assert entry.find("dt").text == term.term
        assert term.definition in entry.text


def test_a_short_glossary_sends_a_letter_to_its_section(client, loaded):
    response = client.get(reverse("portal:glossary_letter", args=["s"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:glossary") + "#letter-s"


def test_a_long_glossary_names_every_word_and_links_to_its_letter(client, loaded, long_glossary):
    soup = soup_of(client, reverse("portal:glossary"))
    terms = list(GlossaryTerm.objects.all())
    assert len(terms) > views.GLOSSARY_ONE_PAGE
    for term in terms:
        # Links made at load time point at /glossary/#<slug>: the anchor is still there.
        anchor = soup.find(id=term.slug)
        letter = listing.letter_of(term.term)
        assert (
            anchor.a["href"] == reverse("portal:glossary_letter", args=[letter]) + f"#{term.slug}"
        )
        assert anchor.a.text == term.term
    assert not soup.select("dd"), "definitions are on the letter pages"


def test_toggletip_links_find_their_word_on_the_glossary(client, loaded, long_glossary):
    ids = {tag["id"] for tag in soup_of(client, reverse("portal:glossary")).find_all(id=True)}
    html = " ".join(Section.objects.values_list("html", flat=True))
    linked = set(re.findall(re.escape(reverse("portal:glossary")) + r'#([\w-]+)"', html))
    assert linked
    assert linked <= ids


def test_a_letter_page_explains_its_words(client, loaded, long_glossary):
    term = GlossaryTerm.objects.filter(procedures__isnull=False).first()
    letter = listing.letter_of(term.term)
    soup = soup_of(client, reverse("portal:glossary_letter", args=[letter]))
    entry = soup.find(id=term.slug)
    assert term.definition in entry.find("dd").text
    used = {a["href"] for a in entry.select(".used-in a")}
    assert used == {p.get_absolute_url() for p in term.procedures.all()}
    shown = {dt.text for dt in soup.select("dt")}
    assert shown == {
        t.term for t in GlossaryTerm.objects.all() if listing.letter_of(t.term) == letter
    }
    current = soup.select_one('nav.letters a[aria-current="page"]')
    assert current["href"] == reverse("portal:glossary_letter", args=[letter])


@pytest.mark.parametrize("letter", ["q", "other", "aa", "A"])
def test_a_letter_with_no_words_is_not_found(client, loaded, long_glossary, letter):
    assert client.get(reverse("portal:glossary_letter", args=[letter])).status_code == 404


def test_a_word_names_a_few_pages_and_counts_the_rest(client, loaded, long_glossary, monkeypatch):
    monkeypatch.setattr(views, "USED_ON", 1)
    term = max(GlossaryTerm.objects.all(), key=lambda t: t.procedures.count())
    count = term.procedures.count()
    assert count > 1
    soup = soup_of(client, reverse("portal:glossary_letter", args=[listing.letter_of(term.term)]))
    used = soup.find(id=term.slug).select_one(".used-in")
    assert len(used.find_all("a")) == 1
    assert f"and {count - 1} more page" in used.text


@pytest.mark.parametrize(
    ("text", "letter"), [("MRI", "m"), ("épidural", "e"), ("5-HT", "other"), ("", "other")]
)
def test_letter_of(text, letter):
    assert listing.letter_of(text) == letter


def test_home_groups_procedures_by_condition(client, loaded):
    first, *others = loaded
    Procedure.objects.exclude(pk=first.pk).update(conditions=[])
    Procedure.objects.filter(pk=first.pk).update(conditions=["Tight, stiff muscles"])
    soup = soup_of(client, reverse("portal:home"))
    heading = soup.find("h3", class_="condition")
    assert heading.text == "Tight, stiff muscles"
    group = heading.find_next_sibling("ul")
    assert [a["href"] for a in group.select("h4 a")] == [first.get_absolute_url()]
    # Procedures with no condition yet still appear, after the groups, under no heading.
    rest = {a["href"] for a in soup.select("main .cards h3 a")}
    assert rest == {p.get_absolute_url() for p in others}


def test_a_large_home_page_lists_a_few_titles_per_condition(client, loaded, monkeypatch):
    monkeypatch.setattr(views, "HOME_CARDS", 1)
    monkeypatch.setattr(views, "HOME_PER_CONDITION", 1)
    soup = soup_of(client, reverse("portal:home"))
    assert not soup.select("main .cards")
    for listed in soup.select("main .compact-list"):
        assert len(listed.find_all("a")) == 1
    # Each condition's link leads to all its procedures; together they are the whole library.
    seen = {a["href"] for a in soup.select("main .compact-list a")}
    for more in soup.select('main a[href*="?condition="]'):
        page = soup_of(client, more["href"])
        titles = {a["href"] for a in page.select("main .compact-list a")}
        assert str(len(titles)) in more.text
        seen |= titles
    assert seen == {p.get_absolute_url() for p in loaded}


def test_an_unknown_condition_is_not_found(client, loaded, monkeypatch):
    monkeypatch.setattr(views, "HOME_CARDS", 1)
    assert client.get(reverse("portal:home") + "?condition=no-such-thing").status_code == 404


def test_a_long_letter_is_split_into_pages_the_index_links_to(
    client, loaded, long_glossary, monkeypatch
):
    monkeypatch.setattr(views, "GLOSSARY_PAGE", 2)
    index = soup_of(client, reverse("portal:glossary"))
    paged = [a for a in index.select(".glossary-index a") if "?page=" in a["href"]]
    assert paged, "some letter has more than two words"
    for link in paged:
        slug = link["href"].split("#")[1]
        entry = soup_of(client, link["href"]).find(id=slug)
        assert entry.find("dt").text == link.text


@pytest.mark.parametrize("page", ["0", "99", "x", ""])
def test_a_letter_page_that_does_not_exist_is_not_found(client, loaded, long_glossary, page):
    term = GlossaryTerm.objects.first()
    url = reverse("portal:glossary_letter", args=[listing.letter_of(term.term)])
    assert client.get(url, {"page": page}).status_code == 404


def test_a_large_picker_offers_the_choice_and_a_search(client, loaded, monkeypatch):
    monkeypatch.setattr(views, "PICKER_ALL", 1)
    chosen = loaded[:2]
    url = reverse("portal:compare") + "?" + "&".join(f"p={p.slug}" for p in chosen)
    soup = soup_of(client, url)
    boxes = soup.select("form.compare-choose input[name=p]")
    assert [b["value"] for b in boxes] == [p.slug for p in chosen]
    assert all(b.has_attr("checked") for b in boxes)
    find = soup.select_one("form.compare-find")
    assert find["action"] == reverse("portal:search")
    assert [i["value"] for i in find.select("input[type=hidden]")] == [p.slug for p in chosen]
    assert not soup.select("form.compare-choose[hx-get]"), "a plain form, so the search fits"


def test_a_small_picker_offers_every_procedure(client, loaded):
    soup = soup_of(client, reverse("portal:compare"))
    values = [b["value"] for b in soup.select("form.compare-choose input[name=p]")]
    assert values == [p.slug for p in loaded]


@pytest.mark.parametrize("long", [False, True])
def test_the_glossary_reads_the_same_whatever_its_size(
    client, loaded, monkeypatch, django_assert_max_num_queries, long
):
    if long:
        monkeypatch.setattr(views, "GLOSSARY_ONE_PAGE", 5)
    # Version (checked, then in the snapshot), the words, their entries and the pages using them.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("portal:glossary")).status_code == 200
