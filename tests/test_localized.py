"""Spanish pages: the translation's words on the English article's address, diagram and codes,
honest about how they were translated; the comparison and glossary in Spanish."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import gettext, override

from portal import listing, localized
from portal.models import (
    ComparisonQuestion,
    ProcedureTranslation,
    TermTranslation,
    ValueStatement,
)


def spanish(client, name: str, *args: str) -> BeautifulSoup:
    with override("es"):
        path = reverse(name, args=args)
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content.decode(), "html.parser")


def es(text: str) -> str:
    with override("es"):
        return gettext(text)


@pytest.fixture
def article(translated) -> ProcedureTranslation:
    """The first article's Spanish translation."""
    return ProcedureTranslation.objects.get(procedure=translated[0], language="es")


def test_the_spanish_article_has_the_translations_words_on_the_english_address(client, article):
    english = article.procedure
    html = spanish(client, "portal:procedure", english.slug)

    assert html.h1.get_text() == article.title
    assert html.find("meta", attrs={"name": "description"})["content"] == article.summary
    assert html.find("meta", property="og:title")["content"] == article.title
    assert html.find("meta", property="og:description")["content"] == article.summary
    sections = html.select("section.section[id]")
    anchors = [s["id"] for s in sections if s["id"] not in ("compare_links", "check_what_you_know")]
    assert anchors == [s["anchor"] for s in article.sections]
    assert anchors == list(english.sections.values_list("anchor", flat=True))
    headings = {s["id"]: s.h2.get_text() for s in sections}
    for stored in article.sections:
        assert headings[stored["anchor"]] == stored["heading"]
    # The English article's diagram, with its labels in Spanish, linked to the Spanish glossary.
    diagram = html.select_one("figure.diagram")
    assert (diagram is not None) == bool(english.diagram)
    if diagram:
        assert diagram.figcaption.get_text() != ""
        assert all(a["href"].startswith("/es/glossary/#") for a in diagram.select("a.dg-link"))
    # Shared in Spanish: its own address and short link.
    assert html.find(id="share_url")["value"].endswith(f"/es/procedures/{english.slug}/")


def test_toggletips_on_the_spanish_page_define_in_spanish_and_link_to_the_spanish_glossary(
    client, article
):
    html = spanish(client, "portal:procedure", article.procedure.slug)
    tips = html.select("span.toggletip[popover]")
    assert tips
    for tip in tips:
        assert tip.a["href"].startswith("/es/glossary/#")
    slug = tips[0].a["href"].split("#")[1]
    definition = TermTranslation.objects.get(term__slug=slug, language="es").definition
    assert definition in tips[0].get_text()


def test_a_translation_not_yet_reviewed_says_so(client, article):
    note = spanish(client, "portal:procedure", article.procedure.slug).select_one(
        ".translation-note"
    )
    text = " ".join(note.get_text().split())
    assert article.translated_by in text
    assert es("A medical translator has not reviewed it yet.") in text
    assert note.select_one(".notice") is None  # up to date


def test_a_reviewed_translation_names_its_reviewer_and_dates(client, article):
    ProcedureTranslation.objects.filter(pk=article.pk).update(
        reviewed_by="R. Reviewer, traductora médica",
        last_reviewed=datetime.date(2027, 1, 15),
        next_review_due=datetime.date(2028, 1, 15),
    )
    note = spanish(client, "portal:procedure", article.procedure.slug).select_one(
        ".translation-note"
    )
    assert "R. Reviewer, traductora médica" in note.get_text()
    assert [t["datetime"] for t in note.find_all("time")] == ["2027-01-15", "2028-01-15"]
    assert es("A medical translator has not reviewed it yet.") not in note.get_text()


def test_a_translation_older_than_its_english_page_says_so_and_links_to_it(client, article):
    ProcedureTranslation.objects.filter(pk=article.pk).update(up_to_date=False)
    note = spanish(client, "portal:procedure", article.procedure.slug).select_one(
        ".translation-note .notice"
    )
    assert note.a["href"] == f"/procedures/{article.procedure.slug}/"
    assert note.a["hreflang"] == "en"


def test_the_english_article_has_no_translation_note(client, article):
    response = client.get(article.procedure.get_absolute_url())
    assert b"translation-note" not in response.content


def test_home_in_spanish_lists_the_translated_articles(client, translated):
    html = spanish(client, "portal:home")
    links = {a["href"]: a.get_text() for a in html.select(".cards a")}
    titles = dict(
        ProcedureTranslation.objects.filter(language="es").values_list("procedure__slug", "title")
    )
    assert links == {f"/es/procedures/{slug}/": title for slug, title in titles.items()}


def test_the_comparison_in_spanish_asks_and_answers_in_spanish(client, translated):
    html = spanish(client, "portal:compare")
    questions = [th.get_text() for th in html.select("tbody th[scope=row]")]
    assert questions == [q.translations["es"] for q in ComparisonQuestion.objects.all()]
    first = ProcedureTranslation.objects.get(procedure=translated[0], language="es")
    cell = html.select("tbody tr")[0].select("td")[0]
    answer = first.answers[ComparisonQuestion.objects.first().key]
    assert BeautifulSoup(answer, "html.parser").get_text() in cell.get_text()
    headers = [a.get_text() for a in html.select("thead th a")]
    assert headers[0] == first.title
    assert all(a["href"].startswith("/es/procedures/") for a in html.select("thead th a"))


def test_a_comparison_message_is_in_spanish(client, translated):
    with override("es"):
        response = client.get(reverse("portal:compare") + "?p=nope")
    html = BeautifulSoup(response.content.decode(), "html.parser")
    message = html.select_one("#compare_status .notice").get_text()
    with override("es"):
        assert message.startswith(
            gettext("We could not find a procedure called %(names)s, so we left it out.").split(
                "%"
            )[0]
        )


def test_the_spanish_glossary_lists_the_spanish_terms_under_the_english_ids(client, translated):
    html = spanish(client, "portal:glossary")
    entries = {e["id"]: e for e in html.select(".entry[id]")}
    rows = TermTranslation.objects.filter(language="es").select_related("term")
    assert set(entries) == {t.term.slug for t in rows}
    for row in rows:
        entry = entries[row.term.slug]
        assert entry.dt.get_text() == row.text
        assert row.definition in entry.dd.get_text()
        assert all(a["href"].startswith("/es/procedures/") for a in entry.select(".used-in a"))


def test_a_spanish_word_with_an_accent_is_listed_under_its_letter(client, translated):
    TermTranslation.objects.filter(language="es", term__slug="rhizotomy").update(text="Ápice")
    html = spanish(client, "portal:glossary")
    letters = [h2.get_text() for h2 in html.select("section.letter h2")]
    assert letters == sorted(set(letters))
    assert html.find(id="rhizotomy").find_parent("section")["aria-labelledby"] == "letter_a"


def test_the_spanish_care_card_and_teach_back_use_the_translation(client, article):
    html = spanish(client, "portal:procedure", article.procedure.slug)
    urgent = [li.get_text() for li in html.select(".care-card--urgent li")]
    emergency = [li.get_text() for li in html.select(".care-card--emergency li")]
    assert (urgent, emergency) == (article.help_urgent, article.help_emergency)
    questions = [q.get_text() for q in html.select(".teach-back .check-question")]
    assert questions == [check["question"] for check in article.checks]
    assert html.select_one("#check_what_you_know_heading").get_text() == es("Check what you know")
    sheet = html.select_one(".sheet-link a")["href"]
    assert sheet == f"/es/procedures/{article.procedure.slug}/questions/"


def test_the_spanish_question_sheet_lists_the_translated_questions(client, article):
    html = spanish(client, "portal:procedure_questions", article.procedure.slug)
    assert html.h1.get_text() == es("My questions: %(title)s") % {"title": article.title}
    questions = [q.get_text() for q in html.select(".sheet-question")]
    assert questions == article.question_list
    address = html.select_one(".sheet-address").get_text()
    assert address.endswith(f"/es/go/{article.procedure.short_code}/")


def test_a_sheet_of_an_article_not_translated_lands_on_the_english_sheet(client, loaded):
    response = client.get(f"/es/procedures/{loaded[0].slug}/questions/")
    assert response.status_code == 302
    assert response["Location"] == f"/procedures/{loaded[0].slug}/questions/"


def test_the_spanish_comparison_sheet_and_values_are_in_spanish(client, translated):
    html = spanish(client, "portal:compare_questions")
    rows = [th.get_text(strip=True) for th in html.select(".sheet-table tbody th")]
    assert rows == [q.translations["es"] for q in ComparisonQuestion.objects.all()]
    values = [li.get_text(strip=True) for li in html.select(".sheet-values li")]
    assert values == [v.translations["es"] for v in ValueStatement.objects.all()]

    compare = spanish(client, "portal:compare")
    ticks = [span.get_text() for span in compare.select(".values .value-text")]
    assert ticks == [v.translations["es"] for v in ValueStatement.objects.all()]
    assert compare.select_one("[data-values]")["data-marker"] == es("Matters to you:")


def test_search_in_spanish_shows_the_spanish_pages_it_finds(client, article):
    english = article.procedure
    word = english.title.split()[-1]
    with override("es"):
        response = client.get(reverse("portal:search"), {"q": word})
    html = BeautifulSoup(response.content.decode(), "html.parser")
    found = {a["href"]: a.get_text() for a in html.select("main .cards h3 a")}
    assert found[f"/es/procedures/{english.slug}/"] == article.title
    assert html.html["lang"] == "es"


def test_home_in_spanish_groups_by_the_translated_conditions(client, translated):
    html = spanish(client, "portal:home")
    shown = {h3.get_text() for h3 in html.select("h3.condition")}
    conditions = {
        c for t in ProcedureTranslation.objects.filter(language="es") for c in t.conditions
    }
    assert shown == conditions


def test_a_long_listing_in_spanish_names_the_translated_titles_and_conditions(translated):
    with override("es"):
        listed = localized.listed(listing.procedures(), "es")
    rows = {t.procedure.slug: t for t in ProcedureTranslation.objects.filter(language="es")}
    for item in listed:
        assert item.url == f"/es/procedures/{item.slug}/"
        assert (item.title, item.conditions) == (rows[item.slug].title, rows[item.slug].conditions)
