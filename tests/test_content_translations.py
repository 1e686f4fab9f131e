"""portal.content.translations: articles in another language share their English page's slug,
section ids and question keys; a translation with a gap is refused with file and line, and one
older than its English file loads, marked out of date."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.content import ContentError, read_content
from portal.models import ComparisonQuestion, ProcedureTranslation, TermTranslation

ARTICLE = "es/procedures/rhizotomy-injection.md"


def edit(folder: Path, name: str, pattern: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, f"{pattern!r} is not in {name}"
    path.write_text(changed)


def problems(folder: Path) -> list:
    with pytest.raises(ContentError) as raised:
        read_content(folder)
    return raised.value.problems


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / name).read_text().split("\n")
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_a_translation_is_loaded_beside_its_english_page(translated_copy: Path, db):
    output = io.StringIO()
    call_command("load_content", str(translated_copy), stdout=output)

    translation = ProcedureTranslation.objects.get(
        language="es", procedure__slug="rhizotomy-injection"
    )
    english = translation.procedure
    assert translation.title == f"[es] {english.title}"
    assert [s["anchor"] for s in translation.sections] == list(
        english.sections.values_list("anchor", flat=True)
    )
    assert set(translation.answers) == set(ComparisonQuestion.objects.values_list("key", flat=True))
    # Toggletips in the translation hold the translated definition and lead to its glossary.
    assert "[es] " in translation.sections[0]["html"]
    assert 'href="/es/glossary/#' in "".join(s["html"] for s in translation.sections)
    assert translation.up_to_date
    assert translation.reading_ease != 0
    assert TermTranslation.objects.filter(language="es").count() > 0
    assert all(q.translations["es"].startswith("[es] ") for q in ComparisonQuestion.objects.all())
    assert "es/procedures/rhizotomy-injection.md: " in output.getvalue()


def test_loading_the_same_translation_again_writes_nothing(translated_copy: Path, db):
    call_command("load_content", str(translated_copy), stdout=io.StringIO())
    output = io.StringIO()

    with CaptureQueriesContext(connection) as queries:
        call_command("load_content", str(translated_copy), stdout=output)

    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]  # fmt: skip
    assert writes == []
    assert "Nothing changed" in output.getvalue()


def missing_section(folder: Path) -> tuple[str, int | None]:
    text = (folder / ARTICLE).read_text()
    start = text.index("## [es] ", text.index("{#risks}") - 200)
    end = text.index("## ", start + 3)
    (folder / ARTICLE).write_text(text[:start] + text[end:])
    return "missing section(s) of the English page: {#risks}", None


def extra_section(folder: Path) -> tuple[str, int | None]:
    edit(folder, ARTICLE, r"\{#risks\}", "{#risks}\n\nTexto.\n\n## Precio {#price}")
    return "section id 'price' is not in the English page", line_of(folder, ARTICLE, "{#price}")


def missing_answer(folder: Path) -> tuple[str, int | None]:
    edit(folder, ARTICLE, "^treats = .*\n", "")
    return "missing answer to comparison question 'treats'", line_of(folder, ARTICLE, "[answers]")


def missing_definition(folder: Path) -> tuple[str, int | None]:
    glossary = folder / "es" / "glossary.toml"
    text = glossary.read_text()
    start = text.index('[[term]]\nslug = "fluoroscopy"')
    glossary.write_text(text[:start] + text[text.index("[[term]]", start + 1) :])
    return (
        "the page uses the glossary term 'fluoroscopy', which es/glossary.toml does not define",
        line_of(folder, ARTICLE, "{#how-it-is-done}"),
    )


def unknown_term(folder: Path) -> tuple[str, int | None]:
    with (folder / "es" / "glossary.toml").open("a") as glossary:
        glossary.write(
            '\n[[term]]\nslug = "nothing-like-it"\nterm = "nada"\ndefinition = "Nada."\n'
        )
    return "slug 'nothing-like-it' is not a term in the English glossary", None


GAPS = [missing_section, extra_section, missing_answer, missing_definition, unknown_term]


@pytest.mark.parametrize("gap", GAPS, ids=[g.__name__ for g in GAPS])
def test_a_translation_with_a_gap_is_refused_with_file_and_line(translated_copy: Path, gap):
    message, line = gap(translated_copy)

    found = problems(translated_copy)

    assert [p.message for p in found] == [message]
    if line is not None:
        assert found[0].line == line
    assert found[0].path.startswith("es/")


def test_a_translation_of_an_older_english_file_loads_marked_out_of_date(translated_copy: Path, db):
    english = translated_copy / "procedures" / "rhizotomy-injection.md"
    english.write_text(english.read_text() + "\nOne more plain sentence.\n")
    output = io.StringIO()

    call_command("load_content", str(translated_copy), stdout=output)

    stale = ProcedureTranslation.objects.get(language="es", procedure__slug="rhizotomy-injection")
    assert not stale.up_to_date
    assert ProcedureTranslation.objects.filter(language="es", up_to_date=True).count() == 2
    assert f"{ARTICLE}: out of date" in output.getvalue()
    assert 'change source_version to "' in output.getvalue()


def test_an_untranslated_article_is_named(translated_copy: Path, db):
    (translated_copy / ARTICLE).unlink()
    output = io.StringIO()

    call_command("load_content", str(translated_copy), stdout=output)

    assert "es: procedures/rhizotomy-injection.md is not translated yet" in output.getvalue()
    assert not ProcedureTranslation.objects.filter(procedure__slug="rhizotomy-injection").exists()
