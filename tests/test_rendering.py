"""portal.rendering: Markdown to sanitised, glossary-marked HTML, once, when content loads."""

import dataclasses
import io
import re
from pathlib import Path

import markdown
import pytest
from django.core.management import call_command
from django.urls import reverse

from portal import readability
from portal.loading import Article, Content, SourceSection, Term, read_content
from portal.models import ComparisonAnswer, Section
from portal.rendering import Renderer, render_content

TERMS = [
    Term("rhizotomy", "rhizotomy", "Cutting nerve roots.", ()),
    Term("phenol", "phenol", "A medicine that blocks nerves.", ()),
    Term("anesthesia", "anesthesia", "Medicine so you feel no pain.", ("anaesthesia",)),
]


def article(**changes) -> Article:
    fields = {
        "path": "procedures/example.md",
        "title": "Example",
        "slug": "example",
        "summary": "An example.",
        "short_code": "EX",
        "position": 1,
        "also_called": (),
        "former_slugs": (),
        "former_section_ids": {"old-risks": "risks"},
        "last_reviewed": None,
        "next_review_due": None,
        "reviewer": "",
        "answers": {"how": "With *phenol* and phenol again."},
        "sections": (
            SourceSection("key-points", "Key points", "- A rhizotomy.\n- Phenol.", 10),
            SourceSection("risks", "Risks", "After a rhizotomy, phenol can sting.", 14),
        ),
    }
    return Article(**{**fields, **changes})


@pytest.fixture
def renderer() -> Renderer:
    return Renderer(TERMS)


def test_markdown_is_rendered_and_sanitised(renderer: Renderer):
    html = renderer.markdown(
        'Some *words* and "quotes" -- <b onclick="x()">bold</b>\n\n| A |\n|---|\n| 1 |'
    )

    assert html.startswith("<p>Some <em>words</em> and &ldquo;quotes&rdquo; &ndash; bold</p>")
    assert "<table>" in html
    assert "onclick" not in html


def test_inline_strips_the_paragraph(renderer: Renderer):
    assert renderer.inline("A *short* line") == "A <em>short</em> line"


def test_article_sections_are_marked_per_section(renderer: Renderer):
    rendered = renderer.article(article())

    key_points, risks = rendered.sections
    assert key_points.anchor == "key-points"
    assert key_points.heading == "Key points"
    # Each section marks its own first uses, with ids that cannot clash across sections.
    assert 'popovertarget="def-key-points-rhizotomy"' in key_points.html
    assert 'popovertarget="def-key-points-phenol"' in key_points.html
    assert 'popovertarget="def-risks-rhizotomy"' in risks.html
    assert risks.former_anchors == ("old-risks",)
    assert key_points.former_anchors == ()
    assert rendered.terms == ("rhizotomy", "phenol")


def test_answers_are_marked_with_ids_of_their_own(renderer: Renderer):
    rendered = renderer.article(article())

    html = rendered.answers["how"]
    assert html.startswith(
        '<p>With <em><button type="button" class="term" popovertarget="def-example-how-phenol">'
    )
    assert html.count('class="term"') == 1


def test_words_used_lists_definitions_alphabetically(renderer: Renderer):
    rendered = renderer.article(article())

    assert rendered.words_used_html == (
        "<dl><dt>phenol</dt><dd>A medicine that blocks nerves.</dd>"
        "<dt>rhizotomy</dt><dd>Cutting nerve roots.</dd></dl>"
    )
    assert renderer.words_used([]) == ""


def test_figures_come_from_the_text_a_reader_sees(renderer: Renderer):
    rendered = renderer.article(article())

    text = readability.plain_text(
        "".join(f"<h2>{s.heading}</h2>{s.html}" for s in rendered.sections)
    )
    # Headings count, toggletip definitions do not: they are not read in place.
    assert text == "Key points. A rhizotomy. Phenol. Risks. After a rhizotomy, phenol can sting."
    assert rendered.word_count == 12
    assert rendered.reading_grade == readability.grade(text)


def test_digest_is_stable_and_follows_every_change(renderer: Renderer):
    digest = renderer.article(article()).digest

    assert Renderer(TERMS).article(article()).digest == digest
    assert renderer.article(article(title="Other")).digest != digest
    assert renderer.article(article(answers={"how": "Differently."})).digest != digest
    changed_definition = [dataclasses.replace(TERMS[0], definition="Cutting roots."), *TERMS[1:]]
    assert Renderer(changed_definition).article(article()).digest != digest


def test_render_content_keeps_article_order(content_copy: Path):
    content = read_content(content_copy)

    rendered = render_content(content)

    assert [a.source.slug for a in rendered.articles] == [a.slug for a in content.articles]
    assert render_content(content).digest == rendered.digest
    assert render_content(
        Content(content.articles, content.terms[1:], content.questions)
    ).digest != (rendered.digest)


def test_each_body_is_converted_once_at_load(content_copy: Path, db, monkeypatch):
    calls = []
    convert = markdown.Markdown.convert

    def counting(self, source):
        calls.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)

    call_command("load_content", str(content_copy), stdout=io.StringIO())

    assert len(calls) == Section.objects.count() + ComparisonAnswer.objects.count()


def test_pages_are_served_without_rendering_markdown(loaded, client, monkeypatch):
    def refuse(self, source):
        raise AssertionError("Markdown rendered on the request path")

    monkeypatch.setattr(markdown.Markdown, "convert", refuse)

    for procedure in loaded:
        response = client.get(reverse("portal:procedure", args=[procedure.slug]))
        assert response.status_code == 200
        assert re.search(r'<button type="button" class="term" popovertarget="def-', response.text)
