"""Make the database match rendered content, in one transaction, and say what changed.

Rows whose content is unchanged are not written, so loading the same files twice reports nothing
the second time; content that is no longer in the files is removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import (
    ComparisonAnswer,
    ComparisonQuestion,
    ContentVersion,
    FormerSlug,
    GlossaryTerm,
    Procedure,
    ProcedureCode,
    ProcedureTranslation,
    Section,
    TermTranslation,
    ValueStatement,
)
from .rendering import RenderedArticle, RenderedContent


class ConcurrentLoad(Exception):
    """Another load changed the stored content while this one was rendering."""


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
    values: Changes = field(default_factory=Changes)
    translations: Changes = field(default_factory=Changes)

    @property
    def changed(self) -> bool:
        return bool(
            self.procedures or self.terms or self.questions or self.values or self.translations
        )


def stored_digests() -> dict[str, str]:
    """slug -> digest of every stored article: what :func:`render_content` may skip."""
    return dict(Procedure.objects.values_list("slug", "source_digest"))


def stored_translation_digests() -> dict[tuple[str, str], str]:
    """(language, slug) -> digest of every stored translation."""
    return {
        (language, slug): digest
        for language, slug, digest in ProcedureTranslation.objects.values_list(
            "language", "procedure__slug", "source_digest"
        )
    }


@transaction.atomic
def apply(rendered: RenderedContent) -> Report:
    report = Report()
    content = rendered.content
    terms = _upsert(
        GlossaryTerm,
        "slug",
        ((t.slug, {"term": t.term, "definition": t.definition, "other_forms": list(t.other_forms)})
         for t in content.terms),
        report.terms,
    )  # fmt: skip

    def translated(key: str, table: str) -> dict[str, str]:
        return {
            x.code: getattr(x, table)[key] for x in content.languages if key in getattr(x, table)
        }

    questions = _upsert(
        ComparisonQuestion,
        "key",
        (
            (q.key, {"text": q.text, "position": i, "translations": translated(q.key, "questions")})
            for i, q in enumerate(content.questions)
        ),
        report.questions,
    )
    _upsert(
        ValueStatement,
        "key",
        (
            (v.key, {"text": v.text, "position": i, "question_keys": list(v.questions),
                     "translations": translated(v.key, "values")})
            for i, v in enumerate(content.values)
        ),
        report.values,
    )  # fmt: skip
    for procedure in Procedure.objects.exclude(slug__in=rendered.digests).order_by("slug"):
        report.procedures.removed.append(procedure.slug)
        procedure.delete()
    existing = {p.slug: p for p in Procedure.objects.select_for_update()}
    written = {a.source.slug for a in rendered.articles}
    for slug, digest in rendered.digests.items():
        if slug not in written and (slug not in existing or existing[slug].source_digest != digest):
            raise ConcurrentLoad(f"'{slug}' changed during this load; load the content again")
    # Short codes and former slugs are unique: clear those of changed rows first, so two
    # articles may swap them in one load.
    Procedure.objects.filter(slug__in=written).update(short_code=None)
    FormerSlug.objects.filter(procedure__slug__in=written).delete()
    for article in rendered.articles:
        changes = (
            report.procedures.updated
            if article.source.slug in existing
            else report.procedures.created
        )
        changes.append(article.source.slug)
    _write_procedures(rendered.articles, existing, terms, questions)
    _write_translations(rendered, terms, report.translations)
    if report.changed or not ContentVersion.objects.exists():
        ContentVersion.objects.all().delete()
        ContentVersion.objects.create(digest=rendered.digest, loaded_at=timezone.now())
    return report


def _upsert(
    model: type[models.Model],
    key: str,
    wanted: Iterable[tuple[str, dict[str, Any]]],
    changes: Changes,
) -> dict[str, models.Model]:
    """Create, update or delete ``model`` rows so they match ``wanted`` (key -> fields)."""
    existing = {getattr(row, key): row for row in model.objects.all()}
    result = {}
    new = []
    for name, fields in wanted:
        row = existing.pop(name, None)
        if row is None:
            row = model(**{key: name}, **fields)
            new.append(row)
            changes.created.append(name)
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for attribute, value in fields.items():
                setattr(row, attribute, value)
            row.save()
            changes.updated.append(name)
        result[name] = row
    for name, row in sorted(existing.items()):
        changes.removed.append(name)
        row.delete()
    # The new rows in one statement, however many there are.
    model.objects.bulk_create(new)
    return result


def _write_procedures(
    articles: Iterable[RenderedArticle],
    existing: dict[str, Procedure],
    terms: dict[str, GlossaryTerm],
    questions: dict[str, ComparisonQuestion],
) -> None:
    """Write the rendered articles and everything that hangs off them: a few statements for the
    lot, not a few for each, so a first load of a large library stays quick."""
    articles = list(articles)
    new = []
    for article in articles:
        procedure = existing.get(article.source.slug)
        if procedure is None:
            new.append(_fill(Procedure(slug=article.source.slug), article))
        else:
            _fill(procedure, article).save()
    Procedure.objects.bulk_create(new)
    rows = {p.slug: p for p in new} | existing
    written = [rows[a.source.slug] for a in articles]
    through = Procedure.terms.through
    # What changed articles had before goes; unchanged ones keep theirs.
    updated = [p for p in written if p.slug in existing]
    if updated:
        for model in (Section, ComparisonAnswer, ProcedureCode, through):
            model.objects.filter(procedure__in=updated).delete()
    pairs = list(zip(written, articles, strict=True))
    Section.objects.bulk_create(
        Section(
            procedure=procedure,
            anchor=s.anchor,
            heading=s.heading,
            position=position,
            html=s.html,
            former_anchors=list(s.former_anchors),
        )
        for procedure, article in pairs
        for position, s in enumerate(article.sections)
    )
    ComparisonAnswer.objects.bulk_create(
        ComparisonAnswer(procedure=procedure, question=questions[key], html=html)
        for procedure, article in pairs
        for key, html in article.answers.items()
    )
    ProcedureCode.objects.bulk_create(
        ProcedureCode(procedure=procedure, system=c.system, code=c.code, description=c.description)
        for procedure, article in pairs
        for c in article.source.codes
    )
    FormerSlug.objects.bulk_create(
        FormerSlug(procedure=procedure, slug=s)
        for procedure, article in pairs
        for s in article.source.former_slugs
    )
    through.objects.bulk_create(
        through(procedure_id=procedure.pk, glossaryterm_id=terms[slug].pk)
        for procedure, article in pairs
        for slug in dict.fromkeys(article.terms)
    )


def _fill(procedure: Procedure, article: RenderedArticle) -> Procedure:
    source = article.source
    procedure.title = source.title
    procedure.summary = source.summary
    procedure.also_called = list(source.also_called)
    procedure.short_code = source.short_code
    procedure.position = source.position
    procedure.conditions = list(source.conditions)
    procedure.diagram = source.diagram
    procedure.help_urgent = list(source.help_urgent)
    procedure.help_emergency = list(source.help_emergency)
    procedure.checks = [{"question": c.question, "answer": c.answer} for c in source.checks]
    procedure.question_list = list(article.question_list)
    procedure.source_file = source.path
    procedure.last_reviewed = source.last_reviewed
    procedure.next_review_due = source.next_review_due
    procedure.reviewer = source.reviewer
    procedure.word_count = article.word_count
    procedure.reading_grade = article.reading_grade
    procedure.words_used_html = article.words_used_html
    procedure.source_digest = article.digest
    return procedure


def _write_translations(
    rendered: RenderedContent, terms: dict[str, GlossaryTerm], changes: Changes
) -> None:
    """Glossary terms and articles in other languages; unchanged articles are not written."""
    for language in rendered.content.languages:
        existing = {
            row.term.slug: row
            for row in TermTranslation.objects.filter(language=language.code).select_related("term")
        }
        for term in language.terms:
            fields = {
                "text": term.term,
                "definition": term.definition,
                "other_forms": list(term.other_forms),
            }
            row = existing.pop(term.slug, None)
            if row is None:
                TermTranslation.objects.create(
                    term=terms[term.slug], language=language.code, **fields
                )
            elif any(getattr(row, k) != v for k, v in fields.items()):
                TermTranslation.objects.filter(pk=row.pk).update(**fields)
        if existing:
            TermTranslation.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    stored = ProcedureTranslation.objects.values_list("pk", "language", "procedure__slug")
    gone = {pk: f"{lang}/{slug}" for pk, lang, slug in stored if (lang, slug) not in rendered.translation_digests}  # fmt: skip
    if gone:
        changes.removed.extend(sorted(gone.values()))
        ProcedureTranslation.objects.filter(pk__in=gone).delete()
    for item in rendered.translations:
        source, article = item.source, item.article
        _, created = ProcedureTranslation.objects.update_or_create(
            procedure=Procedure.objects.get(slug=source.article.slug),
            language=source.language,
            defaults={
                "title": source.article.title,
                "summary": source.article.summary,
                "also_called": list(source.article.also_called),
                "conditions": list(source.article.conditions),
                "help_urgent": list(source.article.help_urgent),
                "help_emergency": list(source.article.help_emergency),
                "checks": [
                    {"question": c.question, "answer": c.answer} for c in source.article.checks
                ],
                "question_list": list(article.question_list),
                "sections": [
                    {"anchor": s.anchor, "heading": s.heading, "html": s.html}
                    for s in article.sections
                ],
                "answers": article.answers,
                "words_used_html": article.words_used_html,
                "word_count": article.word_count,
                "reading_ease": item.reading_ease,
                "source_file": source.path,
                "source_version": source.source_version,
                "up_to_date": source.up_to_date,
                "translated_by": source.translated_by,
                "reviewed_by": source.reviewed_by,
                "last_reviewed": source.article.last_reviewed,
                "next_review_due": source.article.next_review_due,
                "source_digest": article.digest,
            },
        )
        (changes.created if created else changes.updated).append(
            f"{source.language}/{source.article.slug}"
        )
