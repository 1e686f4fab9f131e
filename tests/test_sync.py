"""portal.sync: make the database match rendered content in one transaction."""

from pathlib import Path

import pytest
from django.apps import apps

from portal import sync
from portal.content import read_content
from portal.models import (
    ComparisonAnswer,
    ComparisonQuestion,
    ContentVersion,
    FormerSlug,
    GlossaryTerm,
    Procedure,
    ProcedureCode,
    Section,
)
from portal.rendering import render_content

SURGICAL = "procedures/surgical-rhizotomy.md"
INJECTION = "procedures/rhizotomy-injection.md"


def apply(folder: Path) -> sync.Report:
    return sync.apply(render_content(read_content(folder), stored=sync.stored_digests()))


def unpublish(folder: Path) -> None:
    """Without a registry of published links, any rename or removal may load."""
    (folder / "published-links.toml").unlink()


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("portal").get_models(include_auto_created=True)
    }


def test_first_apply_reports_everything_created(content_copy: Path, db):
    report = apply(content_copy)

    assert report.procedures.created == [
        "surgical-rhizotomy",
        "rhizotomy-injection",
        "dorsal-rhizotomy-back-pain",
    ]
    assert report.procedures.updated == report.procedures.removed == []
    assert len(report.terms.created) == GlossaryTerm.objects.count()
    assert report.changed
    procedure = Procedure.objects.get(slug="surgical-rhizotomy")
    assert procedure.source_file == SURGICAL
    assert procedure.short_code == "SR"
    assert procedure.sections.first().anchor == "key-points"
    assert procedure.answers.count() == ComparisonQuestion.objects.count()
    assert procedure.terms.filter(slug="spasticity").exists()


def test_second_apply_reports_nothing(content_copy: Path, db):
    apply(content_copy)
    version = ContentVersion.objects.get()

    report = apply(content_copy)

    assert not report.changed
    assert ContentVersion.objects.get() == version


def test_articles_can_swap_short_codes(content_copy: Path, db):
    unpublish(content_copy)
    apply(content_copy)
    edit(content_copy, SURGICAL, 'short_code = "SR"', 'short_code = "RI"')
    edit(content_copy, INJECTION, 'short_code = "RI"', 'short_code = "SR"')

    report = apply(content_copy)

    assert sorted(report.procedures.updated) == ["rhizotomy-injection", "surgical-rhizotomy"]
    assert Procedure.objects.get(short_code="RI").slug == "surgical-rhizotomy"
    assert Procedure.objects.get(short_code="SR").slug == "rhizotomy-injection"


def test_a_former_slug_can_move_to_another_article(content_copy: Path, db):
    edit(content_copy, SURGICAL, "former_slugs = []", 'former_slugs = ["rhizotomy"]')
    apply(content_copy)
    edit(content_copy, SURGICAL, 'former_slugs = ["rhizotomy"]', "former_slugs = []")
    edit(content_copy, INJECTION, "former_slugs = []", 'former_slugs = ["rhizotomy"]')

    apply(content_copy)

    assert FormerSlug.objects.get(slug="rhizotomy").procedure.slug == "rhizotomy-injection"


def test_renamed_article_is_removed_and_created(content_copy: Path, db):
    apply(content_copy)
    edit(content_copy, SURGICAL, 'slug = "surgical-rhizotomy"', 'slug = "rhizotomy-surgery"')
    edit(content_copy, SURGICAL, "former_slugs = []", 'former_slugs = ["surgical-rhizotomy"]')

    report = apply(content_copy)

    assert report.procedures.created == ["rhizotomy-surgery"]
    assert report.procedures.removed == ["surgical-rhizotomy"]
    assert FormerSlug.objects.get(slug="surgical-rhizotomy").procedure.slug == "rhizotomy-surgery"


def test_removed_term_is_deleted(content_copy: Path, db):
    apply(content_copy)
    glossary = content_copy / "glossary.toml"
    text = glossary.read_text()
    start = text.index('[[term]]\nterm = "muscle spasm"')
    glossary.write_text(text[:start] + text[text.index("[[term]]", start + 1) :])

    report = apply(content_copy)

    assert report.terms.removed == ["muscle-spasm"]
    assert not GlossaryTerm.objects.filter(slug="muscle-spasm").exists()


def test_failure_part_way_leaves_the_database_as_it_was(content_copy: Path, db, monkeypatch):
    unpublish(content_copy)
    apply(content_copy)
    before = snapshot()
    edit(content_copy, SURGICAL, "Usually a few hours.", "Usually three hours.")
    edit(content_copy, INJECTION, "Usually less than an hour.", "About half an hour.")
    (content_copy / "procedures" / "dorsal-rhizotomy-back-pain.md").unlink()
    write = sync._fill
    written = []

    def fail_on_second(*args):
        written.append(args[1].source.slug)
        if len(written) == 2:
            raise RuntimeError("disk full")
        return write(*args)

    monkeypatch.setattr(sync, "_fill", fail_on_second)

    with pytest.raises(RuntimeError, match="disk full"):
        apply(content_copy)

    assert len(written) == 2
    assert snapshot() == before


def articles_as_stored() -> dict[str, list]:
    """Every article's rows, by slug and key rather than by row id."""
    return {
        "procedures": list(Procedure.objects.order_by("slug").values(*PROCEDURE_FIELDS)),
        "sections": sorted(
            Section.objects.values_list(
                "procedure__slug", "position", "anchor", "heading", "html", "former_anchors"
            )
        ),
        "answers": sorted(
            ComparisonAnswer.objects.values_list("procedure__slug", "question__key", "html")
        ),
        "codes": sorted(
            ProcedureCode.objects.values_list("procedure__slug", "system", "code", "description")
        ),
        "former slugs": sorted(FormerSlug.objects.values_list("procedure__slug", "slug")),
        "terms": sorted(Procedure.objects.values_list("slug", "terms__slug")),
    }


PROCEDURE_FIELDS = [f.name for f in Procedure._meta.concrete_fields if f.name != "id"]


def test_updating_every_article_stores_what_a_first_load_stores(content_copy: Path, db):
    apply(content_copy)
    fresh = articles_as_stored()
    assert all(fresh[k] for k in ("sections", "answers", "codes", "terms"))
    for model in apps.get_app_config("portal").get_models():
        model.objects.all().delete()
    # First without one glossary word: then every article is rendered again, with other marks.
    glossary = content_copy / "glossary.toml"
    original = glossary.read_text(encoding="utf-8")
    head, *terms = original.split("[[term]]")
    kept = [t for t in terms if 'term = "spasticity"' not in t]
    assert len(kept) == len(terms) - 1
    glossary.write_text(head + "".join(f"[[term]]{t}" for t in kept), encoding="utf-8")
    apply(content_copy)
    assert articles_as_stored() != fresh
    glossary.write_text(original, encoding="utf-8")

    report = apply(content_copy)

    assert sorted(report.procedures.updated) == [p["slug"] for p in fresh["procedures"]]
    assert articles_as_stored() == fresh
