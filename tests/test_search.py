"""Search in patients' words (portal.search)."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import search
from portal.models import GlossaryTerm, Procedure, ProcedureTranslation, TermTranslation


def results(client, query: str, **params) -> list[str]:
    response = client.get(reverse("portal:search"), {"q": query, **params})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [a["href"] for a in soup.select("main .cards h3 a")]


def procedures_using(term: GlossaryTerm) -> set[str]:
    return {p.get_absolute_url() for p in term.procedures.all()}


def test_a_title_word_finds_the_procedure(client, loaded):
    procedure = loaded[0]
    word = procedure.title.split()[-1].upper()
    assert procedure.get_absolute_url() in results(client, word)


def test_another_name_finds_the_procedure(client, loaded):
    procedure = next(p for p in loaded if p.also_called)
    assert procedure.get_absolute_url() in results(client, procedure.also_called[-1].lower())


@pytest.mark.parametrize("field", ["term", "other_forms"])
def test_a_glossary_word_finds_the_pages_that_use_it(client, loaded, field):
    term = next(t for t in GlossaryTerm.objects.all() if t.other_forms and t.procedures.exists())
    words = term.term if field == "term" else term.other_forms[0]
    found = results(client, words)
    assert procedures_using(term) <= set(found)
    # ... and the word itself, explained, links to its glossary entry.
    page = client.get(reverse("portal:search"), {"q": words}).content.decode()
    assert f'href="{term.get_absolute_url()}"' in page


def test_every_word_must_match_somewhere(client, loaded):
    assert results(client, "rhizotomy zzzzqqq") == []
    page = client.get(reverse("portal:search"), {"q": "zzzzqqq"}).content.decode()
    assert "No page matches" in page


def test_the_best_match_comes_first(client, loaded):
    procedure = loaded[-1]
    assert results(client, procedure.title)[0] == procedure.get_absolute_url()


@pytest.mark.parametrize(
    "query",
    ["", "   ", "the of and", "%", "_", "'; DROP TABLE portal_procedure; --", "\x00", "x" * 5000],
)
def test_any_query_gets_a_page_not_an_error(client, loaded, query):
    response = client.get(reverse("portal:search"), {"q": query})
    assert response.status_code == 200
    assert Procedure.objects.count() == len(loaded)


def test_the_results_are_not_indexed_cached_or_logged(client, loaded, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get(reverse("portal:search"), {"q": "secret-symptom"})
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert response["X-Robots-Tag"] == "noindex"
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "public" not in cache_control
    assert "Set-Cookie" not in response.headers
    assert "secret-symptom" not in caplog.text
    assert "secret-symptom" not in soup.find("title").text


def test_query_count_does_not_grow_with_the_library(client, loaded):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal:search"), {"q": "nerve pain back"})
        return len(queries)

    few = count()
    for i in range(20):
        Procedure.objects.create(slug=f"extra-{i}", title=f"Extra nerve {i}", summary="Back pain.")
    assert count() == few <= 3


def test_works_without_scripts_from_the_header_of_every_page(client, loaded):
    soup = BeautifulSoup(client.get(reverse("portal:home")).content.decode(), "html.parser")
    form = soup.select_one("header form[role=search]")
    assert form["method"] == "get"
    assert form["action"] == reverse("portal:search")
    field = form.find("input", attrs={"name": search.PARAM})
    assert soup.find("label", attrs={"for": field["id"]})


def test_from_the_comparison_the_results_can_be_chosen(client, loaded):
    chosen, other = loaded[0], loaded[1]
    response = client.get(reverse("portal:search"), {"q": other.title, "p": [chosen.slug]})
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    form = soup.find("form", action=reverse("portal:compare"))
    boxes = {box["value"]: box.has_attr("checked") for box in form.select("input[name=p]")}
    assert boxes[chosen.slug] is True
    assert boxes[other.slug] is False


def test_words_ignores_filler_and_limits_length():
    assert search.words("What is the Botox?") == ["botox"]
    assert len(search.words(" ".join(f"w{i}" for i in range(50)))) == search.MAX_WORDS


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("title", "Inyección de rizotomía", "inyección"),
        ("conditions", ["Dolor de espalda que dura mucho"], "dolor de espalda"),
    ],
)
def test_words_of_a_translation_find_the_procedure(client, translated, field, value, query):
    procedure = translated[-1]
    ProcedureTranslation.objects.filter(procedure=procedure).update(**{field: value})

    found = results(client, query)

    assert found == [procedure.get_absolute_url()]


def test_a_translated_glossary_word_finds_the_pages_that_use_it(client, translated):
    term = next(t for t in GlossaryTerm.objects.all() if t.procedures.exists())
    TermTranslation.objects.filter(term=term).update(other_forms=["bótox"])

    assert procedures_using(term) <= set(results(client, "bótox"))
