"""Make the database match rendered content, in one transaction, and say what changed.

Rows whose content is unchanged are not written, so loading the same files twice reports nothing
the second time; content that is no longer in the files is removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import (
    ComparisonAnswer,
    ComparisonQuestion,
    ContentVersion,
    FormerSlug,
    GlossaryTerm,
    Procedure,
    Section,
)
from .rendering import RenderedArticle, RenderedContent


@dataclass
class Changes:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass
class Report:
    procedures: Changes = field(default_factory=Changes)
    terms: Changes = field(default_factory=Changes)
    questions: Changes = field(default_factory=Changes)

    @property
    def changed(self) -> bool:
        return bool(self.procedures or self.terms or self.questions)


@transaction.atomic
def apply(rendered: RenderedContent) -> Report:
    report = Report()
    terms = _sync_terms(rendered, report.terms)
    questions = _sync_questions(rendered, report.questions)
    wanted = {a.source.slug for a in rendered.articles}
    for procedure in Procedure.objects.exclude(slug__in=wanted).order_by("slug"):
        report.procedures.removed.append(procedure.slug)
        procedure.delete()
    existing = {p.slug: p for p in Procedure.objects.all()}
    # Short codes and former slugs are unique: clear those of changed rows first, so two
    # articles may swap them in one load.
    changed = [a for a in rendered.articles if a.source.slug not in existing
               or existing[a.source.slug].source_digest != a.digest]  # fmt: skip
    Procedure.objects.filter(slug__in=[a.source.slug for a in changed]).update(short_code=None)
    FormerSlug.objects.filter(procedure__slug__in=[a.source.slug for a in changed]).delete()
    for article in changed:
        procedure = existing.get(article.source.slug)
        changes = report.procedures.updated if procedure else report.procedures.created
        changes.append(article.source.slug)
        _write_procedure(
            procedure or Procedure(slug=article.source.slug), article, terms, questions
        )
    if report.changed or not ContentVersion.objects.exists():
        ContentVersion.objects.all().delete()
        ContentVersion.objects.create(digest=rendered.digest, loaded_at=timezone.now())
    return report


def _sync_terms(rendered: RenderedContent, changes: Changes) -> dict[str, GlossaryTerm]:
    existing = {t.slug: t for t in GlossaryTerm.objects.all()}
    result = {}
    for term in rendered.content.terms:
        fields = {
            "term": term.term,
            "definition": term.definition,
            "other_forms": list(term.other_forms),
        }
        row = existing.pop(term.slug, None)
        if row is None:
            row = GlossaryTerm.objects.create(slug=term.slug, **fields)
            changes.created.append(term.slug)
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
            changes.updated.append(term.slug)
        result[term.slug] = row
    for slug, row in sorted(existing.items()):
        changes.removed.append(slug)
        row.delete()
    return result


def _sync_questions(rendered: RenderedContent, changes: Changes) -> dict[str, ComparisonQuestion]:
    existing = {q.key: q for q in ComparisonQuestion.objects.all()}
    result = {}
    for position, question in enumerate(rendered.content.questions):
        row = existing.pop(question.key, None)
        if row is None:
            row = ComparisonQuestion.objects.create(
                key=question.key, text=question.text, position=position
            )
            changes.created.append(question.key)
        elif (row.text, row.position) != (question.text, position):
            row.text, row.position = question.text, position
            row.save()
            changes.updated.append(question.key)
        result[question.key] = row
    for key, row in sorted(existing.items()):
        changes.removed.append(key)
        row.delete()
    return result


def _write_procedure(
    procedure: Procedure,
    article: RenderedArticle,
    terms: dict[str, GlossaryTerm],
    questions: dict[str, ComparisonQuestion],
) -> None:
    source = article.source
    procedure.title = source.title
    procedure.summary = source.summary
    procedure.also_called = list(source.also_called)
    procedure.short_code = source.short_code
    procedure.position = source.position
    procedure.source_file = source.path
    procedure.last_reviewed = source.last_reviewed
    procedure.next_review_due = source.next_review_due
    procedure.reviewer = source.reviewer
    procedure.word_count = article.word_count
    procedure.reading_grade = article.reading_grade
    procedure.words_used_html = article.words_used_html
    procedure.source_digest = article.digest
    procedure.save()
    procedure.sections.all().delete()
    Section.objects.bulk_create(
        Section(
            procedure=procedure,
            anchor=s.anchor,
            heading=s.heading,
            position=position,
            html=s.html,
            former_anchors=list(s.former_anchors),
        )
        for position, s in enumerate(article.sections)
    )
    procedure.answers.all().delete()
    ComparisonAnswer.objects.bulk_create(
        ComparisonAnswer(procedure=procedure, question=questions[key], html=html)
        for key, html in article.answers.items()
    )
    FormerSlug.objects.bulk_create(
        FormerSlug(procedure=procedure, slug=s) for s in source.former_slugs
    )
    procedure.terms.set([terms[slug] for slug in article.terms])
