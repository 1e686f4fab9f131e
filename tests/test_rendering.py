"""portal.rendering: Markdown to sanitised, glossary-marked HTML, once, when content loads."""

import dataclasses
import io
import re
from pathlib import Path

import markdown
import pytest
from django.core.management import call_command
from django.urls import reverse

from portal import parallel, readability
from portal.content import Article, Content, SourceSection, Term, read_content
from portal.models import ComparisonAnswer, Section
from portal.rendering import Renderer, article_digests, render_content

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
        "conditions": ("Tight muscles",),
        "diagram": "",
        "help_urgent": ("A fever",),
        "help_emergency": ("You cannot breathe",),
        "checks": (),
        "codes": (),
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
            SourceSection(
                "questions", "Questions", "- Will it *hurt*?\n- How long?\n\n1. Write it down.", 18
            ),
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


def test_article_sections_are_marked_per_section(renderer: Renderer):
    rendered = renderer.article(article(), digest="d")

    key_points, risks, _ = rendered.sections
    assert key_points.anchor == "key-points"
    assert key_points.heading == "Key points"
    # Each section marks its own first uses, with ids that cannot clash across sections.
    assert 'popovertarget="def_key-points_rhizotomy"' in key_points.html
    assert 'popovertarget="def_key-points_phenol"' in key_points.html
    assert 'popovertarget="def_risks_rhizotomy"' in risks.html
    assert risks.former_anchors == ("old-risks",)
    assert key_points.former_anchors == ()
    assert rendered.terms == ("rhizotomy", "phenol")


def test_answers_are_marked_with_ids_of_their_own(renderer: Renderer):
    rendered = renderer.article(article(), digest="d")

    html = rendered.answers["how"]
    assert html.startswith(
        '<p>With <em><button type="button" class="term" popovertarget="def_example_how_phenol">'
    )
    assert html.count('class="term"') == 1


def test_words_used_lists_definitions_alphabetically(renderer: Renderer):
    rendered = renderer.article(article(), digest="d")

    assert rendered.words_used_html == (
        "<dl><dt>phenol</dt><dd>A medicine that blocks nerves.</dd>"
        "<dt>rhizotomy</dt><dd>Cutting nerve roots.</dd></dl>"
    )
    assert renderer.words_used([]) == ""


def test_figures_come_from_the_text_a_reader_sees(renderer: Renderer):
    rendered = renderer.article(article(), digest="d")

    text = readability.plain_text(
        "".join(f"<h2>{s.heading}</h2>{s.html}" for s in rendered.sections)
    )
    # Headings count, toggletip definitions do not: they are not read in place.
    assert text == (
        "Key points. A rhizotomy. Phenol. Risks. After a rhizotomy, phenol can sting. "
        "Questions. Will it hurt? How long? Write it down."
    )
    assert rendered.word_count == 21
    assert rendered.reading_grade == readability.grade(text)


def test_the_questions_section_gives_the_question_sheet_its_lines(renderer: Renderer):
    rendered = renderer.article(article(), digest="d")

    assert rendered.question_list == ("Will it hurt?", "How long?")


def digest_of(source: Article, terms: list[Term] = TERMS) -> str:
    return article_digests(Content([source], terms, []))[source.slug]


def test_digest_is_stable_and_follows_every_change():
    digest = digest_of(article())

    assert digest_of(article()) == digest
    assert digest_of(article(title="Other")) != digest
    assert digest_of(article(answers={"how": "Differently."})) != digest
    assert digest_of(article(help_urgent=("Bleeding",))) != digest
    changed_definition = [dataclasses.replace(TERMS[0], definition="Cutting roots."), *TERMS[1:]]
    assert digest_of(article(), changed_definition) != digest
    # Where a section starts in the file is not content.
    moved = tuple(dataclasses.replace(s, line=s.line + 5) for s in article().sections)
    assert digest_of(article(sections=moved)) == digest


def test_only_changed_articles_are_rendered_again(content_copy: Path):
    content = read_content(content_copy)
    first = render_content(content)
    stored = dict(first.digests)
    stored[content.articles[0].slug] = "an older digest"

    again = render_content(content, stored=stored)

    assert [a.source.slug for a in again.articles] == [content.articles[0].slug]
    assert again.digest == first.digest


def test_render_content_keeps_article_order(content_copy: Path):
    content = read_content(content_copy)

    rendered = render_content(content)

    assert [a.source.slug for a in rendered.articles] == [a.slug for a in content.articles]
    assert render_content(content).digest == rendered.digest
    assert render_content(
        Content(content.articles, content.terms[1:], content.questions)
    ).digest != (rendered.digest)


def test_a_large_load_renders_on_several_cores_what_one_core_renders(
    content_copy: Path, monkeypatch
):
    content = read_content(content_copy)
    alone = render_content(content)
    pools = []

    class Pool(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)

    shared = render_content(content)

    assert pools == [(2,)]
    assert shared == alone
    assert all(s.source is a for s, a in zip(shared.articles, content.articles, strict=True)), (
        "the parent's own articles, not copies"
    )


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
        assert re.search(r'<button type="button" class="term" popovertarget="def_', response.text)
