"""Checks on the real articles in content/: what patients will actually read."""

from html import escape

import pytest

from portal import readability
from portal.loading import REQUIRED_SECTIONS
from portal.models import ComparisonAnswer, ComparisonQuestion, GlossaryTerm, Procedure

MAX_GRADE = 8
REQUIRED_TERMS = [
    "rhizotomy",
    "spasticity",
    "nerve root",
    "dorsal",
    "ventral",
    "sensory nerve",
    "motor nerve",
    "spinal cord",
    "cerebral palsy",
    "general anesthesia",
    "fluoroscopy",
    "neurolytic agent",
    "phenol",
    "corticosteroid",
    "botulinum toxin",
    "radicular pain",
    "intraoperative monitoring",
]
SLUGS = ["surgical-rhizotomy", "rhizotomy-injection", "dorsal-rhizotomy-back-pain"]


def test_the_three_articles_load(loaded):
    assert sorted(p.slug for p in loaded) == sorted(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_body_reads_at_grade_eight_or_below(loaded, slug: str):
    procedure = Procedure.objects.get(slug=slug)
    # The text a reader sees in the stored HTML: headings and sections, not toggletip definitions.
    html = "".join(f"<h2>{escape(s.heading)}</h2>{s.html}" for s in procedure.sections.all())
    text = readability.plain_text(html)

    grade = readability.grade(text)

    assert grade <= MAX_GRADE, f"{slug} reads at grade {grade}"
    assert grade == procedure.reading_grade
    assert readability.word_count(text) == procedure.word_count > 300


@pytest.mark.parametrize("slug", SLUGS)
def test_every_required_section_is_there(loaded, slug: str):
    anchors = Procedure.objects.get(slug=slug).sections.values_list("anchor", flat=True)

    assert set(REQUIRED_SECTIONS) <= set(anchors)


def test_every_comparison_question_is_answered_by_every_article(loaded):
    questions = set(ComparisonQuestion.objects.values_list("key", flat=True))

    assert len(questions) >= 9
    for procedure in loaded:
        answered = {
            a.question.key: a.html
            for a in ComparisonAnswer.objects.filter(procedure=procedure).select_related("question")
        }
        assert set(answered) == questions, procedure.slug
        assert all(readability.plain_text(html) for html in answered.values())


def test_every_glossary_term_is_used_somewhere(loaded):
    in_articles = set(
        GlossaryTerm.objects.filter(procedures__isnull=False).values_list("slug", flat=True)
    )
    answers = " ".join(ComparisonAnswer.objects.values_list("html", flat=True))

    unused = [
        term.term
        for term in GlossaryTerm.objects.all()
        if term.slug not in in_articles and f'href="/glossary/#{term.slug}"' not in answers
    ]

    assert unused == []


def test_review_metadata_is_unset_until_a_clinician_reviews(loaded):
    for procedure in loaded:
        assert procedure.last_reviewed is None, procedure.slug
        assert procedure.next_review_due is None, procedure.slug
        assert procedure.reviewer == "", procedure.slug


def test_the_required_glossary_terms_exist(loaded):
    defined = {t.casefold() for t in GlossaryTerm.objects.values_list("term", flat=True)}

    assert [t for t in REQUIRED_TERMS if t not in defined] == []


def test_every_definition_is_plain(loaded):
    for term in GlossaryTerm.objects.all():
        grade = readability.grade(term.definition)
        assert grade <= MAX_GRADE, f"{term.term}: grade {grade}"
