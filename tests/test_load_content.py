"""``manage.py load_content``: validate everything, then write in one transaction, or nothing."""

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.content import REQUIRED_SECTIONS
from portal.models import (
    ComparisonAnswer,
    ComparisonQuestion,
    ContentVersion,
    FormerSlug,
    GlossaryTerm,
    Procedure,
    Section,
)

SURGICAL = "procedures/surgical-rhizotomy.md"
INJECTION = "procedures/rhizotomy-injection.md"
BACK_PAIN = "procedures/dorsal-rhizotomy-back-pain.md"
GLOSSARY = "glossary.toml"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def load(folder: Path) -> str:
    out = io.StringIO()
    call_command("load_content", str(folder), stdout=out)
    return out.getvalue()


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line of ``name`` that contains ``needle``."""
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    hits = [number for number, line in enumerate(lines, start=1) if needle in line]
    return hits[occurrence - 1]


def unpublish(folder: Path) -> None:
    """Without a registry of published links, an article may be removed."""
    (folder / "published-links.toml").unlink()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every portal table, including the many-to-many link table."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("portal").get_models(include_auto_created=True)
    }


# Each defect breaks a copy of the real content and returns (file, line or None, message regex).
Defect = Callable[[Path], tuple[str, int | None, str]]


def no_front_matter(folder: Path):
    path = folder / SURGICAL
    path.write_text(path.read_text().split("+++", 2)[2].lstrip(), encoding="utf-8")
    return SURGICAL, 1, r"has no front matter"


def malformed_front_matter(folder: Path):
    edit(folder, SURGICAL, "order = 1\n", "order = = 1\n")
    return SURGICAL, line_of(folder, SURGICAL, "order = = 1"), r"malformed TOML"


def missing_required_field(folder: Path):
    summary = line_of(folder, SURGICAL, "summary = ")
    lines = (folder / SURGICAL).read_text().split("\n")
    del lines[summary - 1]
    (folder / SURGICAL).write_text("\n".join(lines), encoding="utf-8")
    return SURGICAL, None, r"missing required field 'summary'"


def duplicate_slug(folder: Path):
    edit(folder, INJECTION, 'slug = "rhizotomy-injection"', 'slug = "surgical-rhizotomy"')
    # Files are read in name order, so the second user of the slug is surgical-rhizotomy.md.
    return (
        SURGICAL,
        line_of(folder, SURGICAL, "slug = "),
        rf"slug 'surgical-rhizotomy' is already used by {re.escape(INJECTION)}",
    )


def unknown_question(folder: Path):
    edit(folder, SURGICAL, "[answers]\n", '[answers]\ncost = "It depends."\n')
    return SURGICAL, line_of(folder, SURGICAL, "cost = "), r"unknown comparison question 'cost'"


def missing_answer(folder: Path):
    edit(folder, SURGICAL, 'duration = "Usually a few hours."\n', "")
    return (
        SURGICAL,
        line_of(folder, SURGICAL, "[answers]"),
        r"missing answer to comparison question 'duration'",
    )


def term_defined_twice(folder: Path):
    with (folder / GLOSSARY).open("a", encoding="utf-8") as glossary:
        glossary.write('\n[[term]]\nterm = "spasticity"\ndefinition = "Stiff muscles."\n')
    # The problem is the second definition, not the first one an editor meant to keep.
    second = line_of(folder, GLOSSARY, 'term = "spasticity"', occurrence=2)
    return GLOSSARY, second, r"term 'spasticity' is defined twice"


def not_utf8(folder: Path):
    path = folder / SURGICAL
    lines = path.read_bytes().split(b"\n")
    number = line_of(folder, SURGICAL, "## Who this surgery may help") + 2
    lines[number - 1] = "Café au lait.".encode("latin-1")
    path.write_bytes(b"\n".join(lines))
    return SURGICAL, number, r"is not UTF-8"


def empty_body(folder: Path):
    path = folder / SURGICAL
    path.write_text(path.read_text().rsplit("+++", 1)[0] + "+++\n\n\n", encoding="utf-8")
    return SURGICAL, line_of(folder, SURGICAL, "+++", occurrence=2) + 1, r"the body is empty"


def missing_section(folder: Path):
    edit(folder, SURGICAL, "{#recovery}", "{#getting-better}")
    return SURGICAL, None, r"missing required section\(s\): \{#recovery\}"


def heading_without_id(folder: Path):
    edit(folder, SURGICAL, "## How the surgery is done {#how-it-is-done}", "## How it is done")
    return (
        SURGICAL,
        line_of(folder, SURGICAL, "## How it is done"),
        r"section heading 'How it is done' has no stable id",
    )


def duplicate_section_id(folder: Path):
    edit(folder, SURGICAL, "{#recovery}", "{#risks}")
    return (
        SURGICAL,
        line_of(folder, SURGICAL, "{#risks}", occurrence=2),
        r"section id 'risks' is used twice",
    )


def unknown_field(folder: Path):
    edit(folder, SURGICAL, "order = 1\n", 'order = 1\ncolour = "blue"\n')
    return SURGICAL, line_of(folder, SURGICAL, "colour = "), r"unknown field 'colour'"


def quoted_date(folder: Path):
    edit(folder, SURGICAL, "# last_reviewed = 2027-01-15", 'last_reviewed = "2027-01-15"')
    return (
        SURGICAL,
        line_of(folder, SURGICAL, "last_reviewed = "),
        r"'last_reviewed' must be a date written as YYYY-MM-DD",
    )


def impossible_date(folder: Path):
    edit(folder, SURGICAL, "# last_reviewed = 2027-01-15", "last_reviewed = 2027-13-45")
    return SURGICAL, line_of(folder, SURGICAL, "last_reviewed = "), r"malformed TOML"


def review_due_before_review(folder: Path):
    edit(folder, SURGICAL, "# last_reviewed = 2027-01-15", "last_reviewed = 2027-01-15")
    edit(folder, SURGICAL, "# next_review_due = 2028-01-15", "next_review_due = 2026-01-15")
    return (
        SURGICAL,
        line_of(folder, SURGICAL, "next_review_due = "),
        r"'next_review_due' must come after 'last_reviewed'",
    )


def former_slug_is_live(folder: Path):
    edit(folder, BACK_PAIN, "former_slugs = []", 'former_slugs = ["surgical-rhizotomy"]')
    return (
        BACK_PAIN,
        line_of(folder, BACK_PAIN, "former_slugs = "),
        rf"former slug 'surgical-rhizotomy' is already used by {re.escape(SURGICAL)}",
    )


def form_of_two_terms(folder: Path):
    edit(folder, GLOSSARY, 'other_forms = ["spinal nerves"]', 'other_forms = ["nerve roots"]')
    return (
        GLOSSARY,
        line_of(folder, GLOSSARY, 'term = "spinal nerve"'),
        r"'nerve roots' belongs to both 'nerve root' and 'spinal nerve'",
    )


DEFECTS = [
    no_front_matter,
    malformed_front_matter,
    missing_required_field,
    duplicate_slug,
    unknown_question,
    missing_answer,
    term_defined_twice,
    not_utf8,
    empty_body,
    missing_section,
    heading_without_id,
    duplicate_section_id,
    unknown_field,
    quoted_date,
    impossible_date,
    review_due_before_review,
    former_slug_is_live,
    form_of_two_terms,
]


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.__name__ for d in DEFECTS])
def test_a_defect_names_file_and_line_and_changes_nothing(
    defect: Defect, content_copy: Path, loaded
):
    before = snapshot()
    name, line, message = defect(content_copy)
    where = f"{name}:{line}: " if line else f"{name}: "

    with pytest.raises(CommandError, match=re.escape(where) + message) as raised:
        load(content_copy)

    assert "nothing was loaded" in str(raised.value)
    assert snapshot() == before


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.__name__ for d in DEFECTS])
def test_a_defect_leaves_an_empty_database_empty(defect: Defect, content_copy: Path, db):
    defect(content_copy)

    with pytest.raises(CommandError):
        load(content_copy)

    assert all(rows == [] for rows in snapshot().values())


def test_problems_in_several_files_are_reported_together(content_copy: Path, loaded):
    before = snapshot()
    edit(content_copy, SURGICAL, "{#recovery}", "{#risks}")
    edit(content_copy, INJECTION, 'short_code = "RI"', 'short_code = "R I"')
    edit(content_copy, BACK_PAIN, "order = 3\n", 'order = 3\ncolour = "blue"\n')
    with (content_copy / GLOSSARY).open("a", encoding="utf-8") as glossary:
        glossary.write('\n[[term]]\nterm = "rhizotomy"\ndefinition = "Again."\n')

    with pytest.raises(CommandError) as raised:
        load(content_copy)

    message = str(raised.value)
    # The renamed section also leaves {#recovery} missing: five problems in four files.
    assert re.search(r": 5 problems; nothing was loaded", message)
    for name, text in [
        (SURGICAL, "section id 'risks' is used twice"),
        (INJECTION, "short_code 'R I' must be letters, digits and hyphens"),
        (BACK_PAIN, "unknown field 'colour'"),
        (GLOSSARY, "term 'rhizotomy' is defined twice"),
    ]:
        assert re.search(rf"^  {re.escape(name)}:\d+: {re.escape(text)}", message, re.MULTILINE)
    assert snapshot() == before


def test_a_folder_that_does_not_exist_is_an_error(tmp_path: Path, db):
    with pytest.raises(CommandError, match=r"is not a folder"):
        load(tmp_path / "nowhere")


def test_first_load_creates_everything_and_says_so(content_copy: Path, db):
    output = load(content_copy)

    slugs = sorted(Procedure.objects.values_list("slug", flat=True))
    assert slugs == ["dorsal-rhizotomy-back-pain", "rhizotomy-injection", "surgical-rhizotomy"]
    assert f"articles created (3): {', '.join(sorted(slugs, key=_by_order))}" in output
    assert f"glossary terms created ({GlossaryTerm.objects.count()}):" in output
    keys = ", ".join(ComparisonQuestion.objects.values_list("key", flat=True))
    assert f"comparison questions created ({ComparisonQuestion.objects.count()}): {keys}" in output
    assert Section.objects.count() == 3 * len(REQUIRED_SECTIONS)
    assert ComparisonAnswer.objects.count() == 3 * ComparisonQuestion.objects.count()
    assert ContentVersion.objects.count() == 1
    assert "Nothing changed" not in output


def _by_order(slug: str) -> int:
    return Procedure.objects.get(slug=slug).position


def test_output_lists_words_grade_terms_and_review_date_per_article(content_copy: Path, db):
    edit(content_copy, SURGICAL, "# last_reviewed = 2027-01-15", "last_reviewed = 2027-01-15")
    edit(content_copy, SURGICAL, "# next_review_due = 2028-01-15", "next_review_due = 2028-01-15")

    output = load(content_copy)

    for procedure in Procedure.objects.all():
        due = "2028-01-15" if procedure.slug == "surgical-rhizotomy" else "not set"
        expected = (
            f"  {procedure.slug}: {procedure.word_count} words, reading grade "
            f"{procedure.reading_grade:.1f}, {procedure.terms.count()} glossary terms, "
            f"review due {due}\n"
        )
        assert expected in output
        assert procedure.word_count > 300
        assert procedure.terms.count() > 0
    assert "Loaded 3 articles (3 rendered), " in output


def test_second_load_changes_nothing_and_writes_no_rows(content_copy: Path, db):
    load(content_copy)
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        output = load(content_copy)

    writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert writes == []
    assert "Nothing changed: the database already matches the content." in output
    assert not re.search(r"\b(created|updated|removed)\b", output)
    assert snapshot() == before


def test_removed_file_removes_its_procedure_sections_and_answers(content_copy: Path, db):
    unpublish(content_copy)
    load(content_copy)
    gone = Procedure.objects.get(slug="rhizotomy-injection")
    (content_copy / INJECTION).unlink()

    output = load(content_copy)

    assert "articles removed (1): rhizotomy-injection" in output
    assert "created" not in output
    assert "updated" not in output
    assert not Procedure.objects.filter(slug="rhizotomy-injection").exists()
    assert not Section.objects.filter(procedure_id=gone.pk).exists()
    assert not ComparisonAnswer.objects.filter(procedure_id=gone.pk).exists()
    assert not Procedure.terms.through.objects.filter(procedure_id=gone.pk).exists()
    assert Procedure.objects.count() == 2


def test_removed_article_takes_its_former_slugs_with_it(content_copy: Path, db):
    unpublish(content_copy)
    edit(content_copy, INJECTION, "former_slugs = []", 'former_slugs = ["rhizotomy-shot"]')
    load(content_copy)
    assert FormerSlug.objects.filter(slug="rhizotomy-shot").exists()
    (content_copy / INJECTION).unlink()

    load(content_copy)

    assert not FormerSlug.objects.exists()


def test_edited_file_updates_exactly_that_procedure(content_copy: Path, db):
    load(content_copy)
    others = Procedure.objects.exclude(slug="surgical-rhizotomy")

    def rows_of_others():
        return (
            list(others.order_by("pk").values()),
            list(Section.objects.filter(procedure__in=others).order_by("pk").values()),
            list(ComparisonAnswer.objects.filter(procedure__in=others).order_by("pk").values()),
        )

    untouched = rows_of_others()
    edit(content_copy, SURGICAL, "Usually a few hours.", "Usually three to four hours.")
    edit(
        content_copy,
        SURGICAL,
        "- Most people stay in the hospital for a few days.",
        "- Most people stay in the hospital for about five days.",
    )

    output = load(content_copy)

    assert "articles updated (1): surgical-rhizotomy" in output
    assert not re.search(r"\b(created|removed)\b", output)
    assert "glossary terms" not in output.split("\n  ")[0]
    surgical = Procedure.objects.get(slug="surgical-rhizotomy")
    assert "about five days" in surgical.sections.get(anchor="key-points").html
    assert surgical.answers.get(question__key="duration").html == (
        "<p>Usually three to four hours.</p>"
    )
    assert rows_of_others() == untouched


def test_changed_glossary_definition_updates_the_term_and_the_articles_using_it(
    content_copy: Path, db
):
    load(content_copy)
    users = set(
        GlossaryTerm.objects.get(slug="fluoroscopy").procedures.values_list("slug", flat=True)
    )
    version = ContentVersion.objects.get().digest
    edit(
        content_copy,
        GLOSSARY,
        'term = "fluoroscopy"\ndefinition = "',
        'term = "fluoroscopy"\ndefinition = "A moving X-ray picture. ',
    )

    output = load(content_copy)

    assert "glossary terms updated (1): fluoroscopy" in output
    assert GlossaryTerm.objects.get(slug="fluoroscopy").definition.startswith("A moving X-ray")
    # Any glossary change may mark new words anywhere, so every article is rendered again.
    updated = re.search(r"articles updated \(\d+\): (.*)", output)
    assert updated is not None
    assert set(updated.group(1).split(", ")) == set(
        Procedure.objects.values_list("slug", flat=True)
    )
    for slug in users:
        html = "".join(Procedure.objects.get(slug=slug).sections.values_list("html", flat=True))
        assert "A moving X-ray picture." in html
    assert ContentVersion.objects.get().digest != version


def test_the_default_folder_is_content_dir(db, settings, content_copy: Path):
    settings.CONTENT_DIR = content_copy
    out = io.StringIO()

    call_command("load_content", stdout=out)

    assert f"from {content_copy}." in out.getvalue()
    assert Procedure.objects.count() == 3


def test_command_exits_non_zero_with_the_problem_on_stderr(content_copy: Path, tmp_path: Path):
    name, line, message = duplicate_section_id(content_copy)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}

    result = subprocess.run(
        [sys.executable, "manage.py", "load_content", str(content_copy)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert re.search(re.escape(f"{name}:{line}: ") + message, result.stderr)
    assert result.stdout == ""


def renamed_article(folder: Path) -> str:
    edit(folder, SURGICAL, 'slug = "surgical-rhizotomy"', 'slug = "selective-dorsal-rhizotomy"')
    return f'add former_slugs = ["surgical-rhizotomy"] to {SURGICAL}'


def renamed_section(folder: Path) -> str:
    edit(folder, SURGICAL, "{#risks}", "{#risks}\n\nSee below.\n\n## Costs {#costs}")
    with (folder / "published-links.toml").open("a") as registry:
        registry.write('\n[[article]]\nslug = "surgical-rhizotomy"\nsections = ["costs"]\n')
    load(folder)
    edit(folder, SURGICAL, "{#costs}", "{#paying}")
    return f'{SURGICAL} has no such section: add former_section_ids = {{ "costs" = "<new-id>" }}'


def changed_short_code(folder: Path) -> str:
    edit(folder, SURGICAL, 'short_code = "SR"', 'short_code = "SDR"')
    return f"{SURGICAL} now has short_code 'SDR': set it back to 'SR'"


BREAKS = [renamed_article, renamed_section, changed_short_code]


@pytest.mark.parametrize("breaks", BREAKS, ids=[b.__name__ for b in BREAKS])
def test_content_that_would_break_a_published_link_is_refused(content_copy: Path, loaded, breaks):
    says = breaks(content_copy)
    before = snapshot()

    with pytest.raises(CommandError) as raised:
        load(content_copy)

    assert "  published-links.toml: " in str(raised.value)
    assert says in str(raised.value)
    assert snapshot() == before
