"""Rules that whatever `content/` holds must follow. They never name its sentences, titles or
counts, so a valid edit by the clinic (a new article, a rewritten paragraph, a renamed heading,
a real review date) passes, and the last test proves it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from portal import readability
from portal.content import read_content, registry
from portal.models import (
    ComparisonAnswer,
    ComparisonQuestion,
    GlossaryTerm,
    Procedure,
    ProcedureTranslation,
    TermTranslation,
)

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
# The comparison's benefits row: every option says how well it works, beside what can go wrong.
BENEFITS_QUESTION = "how_well"
# Answers to one question stay of similar depth (IPDAS): the longest at most this many times the
# shortest, in words.
DEPTH_RATIO = 2.5


def _text(html: str) -> str:
    return readability.plain_text(html)


def rule_every_file_loads(folder: Path) -> list[str]:
    read_content(folder)  # raises ContentError, listing every problem
    return []


def rule_every_published_address_is_listed(folder: Path) -> list[str]:
    return [f"not in published-links.toml yet: {m}" for m in registry.unlisted(folder, read_content(folder).articles)]  # fmt: skip


def rule_articles_read_at_grade_six_or_below(folder: Path) -> list[str]:
    problems = []
    for procedure in Procedure.objects.all():
        grade = readability.grade(
            readability.article_text(procedure.sections.values_list("heading", "html"))
        )
        if grade > readability.MAX_GRADE:
            problems.append(f"{procedure.source_file} reads at grade {grade}")
    return problems


def rule_glossary_reads_at_grade_six_or_below(folder: Path) -> list[str]:
    text = " ".join(GlossaryTerm.objects.values_list("definition", flat=True))
    grade = readability.grade(text)
    return [f"glossary definitions read at grade {grade}"] if grade > readability.MAX_GRADE else []


def rule_translations_read_easily(folder: Path) -> list[str]:
    problems = []
    for translation in ProcedureTranslation.objects.all():
        if translation.reading_ease < readability.MIN_EASE_ES:
            problems.append(f"{translation.source_file} reads at {translation.reading_ease}")
    for language in {t.language for t in TermTranslation.objects.all()}:
        text = " ".join(
            TermTranslation.objects.filter(language=language).values_list("definition", flat=True)
        )
        ease = readability.reading_ease(text, language)
        if ease < readability.MIN_EASE_ES:
            problems.append(f"{language}/glossary.toml definitions read at {ease}")
    return problems


def rule_every_question_is_answered_with_similar_depth(folder: Path) -> list[str]:
    problems = []
    if not ComparisonQuestion.objects.filter(key=BENEFITS_QUESTION).exists():
        problems.append(f"comparison.toml has no '{BENEFITS_QUESTION}' question (benefits)")
    for question in ComparisonQuestion.objects.all():
        answers = ComparisonAnswer.objects.filter(question=question).select_related("procedure")
        words = {a.procedure.slug: readability.word_count(_text(a.html)) for a in answers}
        if Procedure.objects.count() != len(words) or not all(words.values()):
            problems.append(f"'{question.key}' is not answered by every article: {words}")
        elif max(words.values()) > DEPTH_RATIO * min(words.values()):
            problems.append(f"answers to '{question.key}' differ in depth: {words} words")
    return problems


def rule_every_article_has_its_tools(folder: Path) -> list[str]:
    problems = []
    for p in Procedure.objects.all():
        if not (p.help_urgent and p.help_emergency and p.question_list and 3 <= len(p.checks) <= 5):
            problems.append(f"{p.source_file} lacks a care card, question list or 3 to 5 checks")
    return problems


def rule_every_link_in_the_text_lands(folder: Path) -> list[str]:
    client = Client()
    sections = Procedure.objects.values_list("sections__html", flat=True)
    html = " ".join([*sections, *ComparisonAnswer.objects.values_list("html", flat=True)])
    problems = []
    for href in sorted(set(re.findall(r'href="(/[^"]*)"', html))):
        path, _, anchor = href.partition("#")
        response = client.get(path, follow=True)
        if response.status_code != 200 or (anchor and f'id="{anchor}"' not in response.text):
            problems.append(f"link {href} does not land ({response.status_code})")
    return problems


RULES = [value for name, value in list(globals().items()) if name.startswith("rule_")]


def broken_rules(folder: Path) -> list[str]:
    call_command("load_content", str(folder), stdout=io.StringIO())
    return [problem for rule in RULES for problem in rule(folder)]


@pytest.mark.parametrize("rule", RULES, ids=[r.__name__.removeprefix("rule_") for r in RULES])
def test_the_real_content_follows_the_rule(rule, db):
    call_command("load_content", str(CONTENT_DIR), stdout=io.StringIO())

    assert rule(CONTENT_DIR) == []


def _clinic_edit(folder: Path) -> None:
    """What a clinic does: add an article, rewrite a paragraph, rename a heading, review."""
    articles = sorted((folder / "procedures").glob("*.md"))
    text = articles[0].read_text()
    new = text.replace(re.search(r'^slug = "(.*)"', text, re.M)[0], 'slug = "new-procedure"', 1)
    new = re.sub(r'^short_code = ".*"', 'short_code = "NEW"', new, count=1, flags=re.M)
    new = re.sub(r'^title = ".*"', 'title = "A new procedure"', new, count=1, flags=re.M)
    (folder / "procedures" / "new-procedure.md").write_text(new)
    sections = re.findall(r"\{#([a-z0-9-]+)\}", new)
    with (folder / registry.FILE_NAME).open("a") as registry_file:
        registry_file.write(
            f'\n[[article]]\nslug = "new-procedure"\nshort_code = "NEW"\nsections = {sections!r}\n'.replace("'", '"')
        )  # fmt: skip
    for index, path in enumerate(articles):
        text = path.read_text()
        if index == 0:
            # Rename a heading (its id stays) and rewrite a paragraph in plain words.
            text = re.sub(
                r"^## [^{\n]*\{#", "## What you will read here {#", text, count=1, flags=re.M
            )
            text = re.sub(r"\n\n[A-Z][^\n#-]{20,}\n", "\n\nThis part was written again. It is short and plain.\n", text, count=1)  # fmt: skip
        text = text.replace("+++\n", "+++\nlast_reviewed = 2027-01-15\nnext_review_due = 2028-01-15\nreviewer = \"A. Clinician, spine nurse\"\n", 1)  # fmt: skip
        path.write_text(text)


def test_a_valid_clinic_edit_still_follows_every_rule(tmp_path: Path, db):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    _clinic_edit(folder)

    assert broken_rules(folder) == []
    assert Procedure.objects.filter(slug="new-procedure", last_reviewed__isnull=True).exists()
    assert Procedure.objects.exclude(slug="new-procedure").filter(last_reviewed__year=2027).exists()
