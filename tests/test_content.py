"""portal.content: reading and validating a content folder, every problem with file and line."""

import datetime
import re
from pathlib import Path

import pytest

from portal.content import (
    REQUIRED_SECTIONS,
    ContentError,
    ContentProblem,
    read_content,
)

SURGICAL = "procedures/surgical-rhizotomy.md"


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(folder: Path) -> list[ContentProblem]:
    with pytest.raises(ContentError) as raised:
        read_content(folder)
    return raised.value.problems


def line_of(folder: Path, name: str, needle: str, occurrence: int = 1) -> int:
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    return [n for n, line in enumerate(lines, start=1) if needle in line][occurrence - 1]


def test_real_content_reads_in_display_order(content_copy: Path):
    content = read_content(content_copy)

    assert [a.slug for a in content.articles] == [
        "surgical-rhizotomy",
        "rhizotomy-injection",
        "dorsal-rhizotomy-back-pain",
    ]
    comparison = (content_copy / "comparison.toml").read_text()
    assert [q.key for q in content.questions] == re.findall(r'^key = "(.*)"', comparison, re.M)[
        : len(content.questions)
    ]
    glossary = (content_copy / "glossary.toml").read_text()
    assert len(content.terms) == glossary.count("[[term]]")
    surgical = content.articles[0]
    assert surgical.path == SURGICAL
    assert surgical.short_code == "SR"
    assert [s.anchor for s in surgical.sections] == list(REQUIRED_SECTIONS)
    assert surgical.sections[0].heading == "Key points"
    assert surgical.sections[0].line == line_of(content_copy, SURGICAL, "{#key-points}")
    assert surgical.sections[0].markdown.startswith("- A rhizotomy is surgery")
    assert surgical.last_reviewed is None
    assert surgical.answers["duration"] == "Usually a few hours."


def test_problem_names_file_and_line():
    assert str(ContentProblem("glossary.toml", "is odd", 7)) == "glossary.toml:7: is odd"
    assert str(ContentProblem("glossary.toml", "is odd")) == "glossary.toml: is odd"


def test_windows_line_endings_and_byte_order_mark_read_the_same(content_copy: Path):
    expected = read_content(content_copy)
    path = content_copy / SURGICAL
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))

    assert read_content(content_copy) == expected


def test_short_code_is_stored_upper_case_and_order_defaults_to_last(content_copy: Path):
    (content_copy / "published-links.toml").unlink()
    edit(content_copy, SURGICAL, 'short_code = "SR"', 'short_code = "sr-1"')
    edit(content_copy, SURGICAL, "order = 1\n", "")

    content = read_content(content_copy)

    assert content.articles[-1].slug == "surgical-rhizotomy"
    assert content.articles[-1].short_code == "SR-1"
    assert content.articles[-1].position == 1000


def test_review_metadata_is_read_as_dates(content_copy: Path):
    edit(content_copy, SURGICAL, "# last_reviewed = 2027-01-15", "last_reviewed = 2027-01-15")
    edit(content_copy, SURGICAL, "# next_review_due = 2028-01-15", "next_review_due = 2028-01-15")
    edit(content_copy, SURGICAL, '# reviewer = "Name, role"', 'reviewer = "A. Nurse, RN"')

    surgical = read_content(content_copy).articles[0]

    assert surgical.last_reviewed == datetime.date(2027, 1, 15)
    assert surgical.next_review_due == datetime.date(2028, 1, 15)
    assert surgical.reviewer == "A. Nurse, RN"


def test_reviewer_without_review_date_is_a_problem(content_copy: Path):
    edit(content_copy, SURGICAL, '# reviewer = "Name, role"', 'reviewer = "A. Nurse, RN"')

    [problem] = problems(content_copy)

    assert problem.message == "'reviewer' is set but 'last_reviewed' is not"
    assert problem.line == line_of(content_copy, SURGICAL, "reviewer = ")


def test_hashes_inside_a_code_fence_are_not_headings(content_copy: Path):
    edit(
        content_copy,
        SURGICAL,
        "## What can go wrong {#risks}\n",
        "## What can go wrong {#risks}\n\n```\n# not a title\n## not a section\n```\n",
    )

    surgical = read_content(content_copy).articles[0]

    risks = next(s for s in surgical.sections if s.anchor == "risks")
    assert "## not a section" in risks.markdown
    assert len(surgical.sections) == len(REQUIRED_SECTIONS)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "## Key points {#key-points}\n",
            "# Surgical rhizotomy\n\n## Key points {#key-points}\n",
            "# Surgical rhizotomy",
            "a '# ' heading in the body: the title comes from front matter; use '## '",
        ),
        (
            "## Key points {#key-points}\n",
            "Some words first.\n\n## Key points {#key-points}\n",
            "Some words first.",
            "text before the first '## ' section heading",
        ),
        (
            "{#recovery}",
            "{#Recovery_Time}",
            "{#Recovery_Time}",
            "section id 'Recovery_Time' must be lower-case letters, digits and -",
        ),
        (
            'duration = "Usually a few hours."',
            "duration = 3",
            "duration = 3",
            "'answers.duration' must be text in quotes, not int",
        ),
        (
            'slug = "surgical-rhizotomy"',
            'slug = "Surgical_Rhizotomy"',
            "slug = ",
            "slug 'Surgical_Rhizotomy' must be lower-case letters, digits and single hyphens",
        ),
        ("order = 1\n", "order = -1\n", "order = ", "'order' must be a whole number, 0 or more"),
        (
            'also_called = ["Rhizotomy", "Selective dorsal rhizotomy (SDR)"]',
            'also_called = "Rhizotomy"',
            "also_called = ",
            '\'also_called\' must be a list of non-empty texts, like ["one", "two"]',
        ),
    ],
)
def test_body_and_field_problems_point_at_their_line(
    content_copy: Path, old: str, new: str, needle: str, message: str
):
    edit(content_copy, SURGICAL, old, new)

    found = problems(content_copy)

    expected = ContentProblem(SURGICAL, message, line_of(content_copy, SURGICAL, needle))
    assert expected in found


def test_front_matter_that_is_not_closed(content_copy: Path):
    path = content_copy / SURGICAL
    path.write_text(path.read_text().replace("+++\n\n## Key", "\n## Key"), encoding="utf-8")

    assert problems(content_copy) == [
        ContentProblem(SURGICAL, "front matter is not closed: add a line '+++' after it", 1)
    ]


def test_every_problem_in_one_file_is_reported(content_copy: Path):
    edit(content_copy, SURGICAL, 'summary = "', 'colour = "blue"\nsummary = "')
    edit(content_copy, SURGICAL, "{#recovery}", "{#risks}")
    edit(content_copy, SURGICAL, 'duration = "Usually a few hours."\n', "")

    messages = [p.message for p in problems(content_copy)]

    assert "unknown field 'colour'" in messages
    assert any(m.startswith("section id 'risks' is used twice") for m in messages)
    assert "missing required section(s): {#recovery}" in messages
    assert any(m.startswith("missing answer to comparison question 'duration'") for m in messages)


def test_former_section_ids_map_old_links_to_current_sections(content_copy: Path):
    edit(
        content_copy,
        SURGICAL,
        "former_slugs = []\n",
        'former_slugs = ["rhizotomy"]\n[former_section_ids]\n"after-surgery" = "recovery"\n',
    )

    surgical = read_content(content_copy).articles[0]

    assert surgical.former_slugs == ("rhizotomy",)
    assert surgical.former_section_ids == {"after-surgery": "recovery"}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '"after-surgery" = "aftercare"',
            "former section id 'after-surgery' points to 'aftercare'",
        ),
        ('"risks" = "recovery"', "former section id 'risks' is still a section id"),
    ],
)
def test_former_section_ids_must_be_consistent(content_copy: Path, table: str, message: str):
    edit(content_copy, SURGICAL, "[answers]\n", f"[former_section_ids]\n{table}\n\n[answers]\n")

    assert any(p.message.startswith(message) for p in problems(content_copy))


def test_duplicate_question_points_at_the_second(content_copy: Path):
    with (content_copy / "comparison.toml").open("a", encoding="utf-8") as questions:
        questions.write('\n[[question]]\nkey = "treats"\ntext = "What is it for?"\n')

    found = problems(content_copy)

    line = line_of(content_copy, "comparison.toml", 'key = "treats"', occurrence=2)
    assert ContentProblem("comparison.toml", "question 'treats' is defined twice", line) in found


def test_glossary_term_without_definition_points_at_it(content_copy: Path):
    with (content_copy / "glossary.toml").open("a", encoding="utf-8") as glossary:
        glossary.write('\n[[term]]\nterm = "laminectomy"\n')

    [problem] = problems(content_copy)

    assert problem == ContentProblem(
        "glossary.toml",
        "missing required field 'laminectomy.definition'",
        line_of(content_copy, "glossary.toml", 'term = "laminectomy"'),
    )


def test_glossary_that_is_not_a_list_of_tables_is_a_problem_not_a_crash(content_copy: Path):
    (content_copy / "glossary.toml").write_text('term = ["rhizotomy", "phenol"]\n')

    found = problems(content_copy)

    assert any(p.path == "glossary.toml" and "[[term]] table" in p.message for p in found)


@pytest.mark.parametrize("name", ["glossary.toml", "comparison.toml"])
def test_missing_toml_file(content_copy: Path, name: str):
    (content_copy / name).unlink()

    assert ContentProblem(name, "is missing") in problems(content_copy)


def test_folder_without_articles(content_copy: Path):
    for path in (content_copy / "procedures").glob("*.md"):
        path.unlink()

    assert problems(content_copy) == [ContentProblem("procedures/", "has no articles (*.md files)")]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            'conditions = ["Tight, stiff muscles (spasticity)", "Long-lasting back pain"]\n',
            "",
            None,
            "missing required field 'conditions'",
        ),
        ('diagram = "needle"', 'diagram = "photo"', "diagram =", "'diagram' must be one of"),
        ("[help]\n", "[extra]\nnote = 1\n\n[help]\n", "[extra]", "unknown field 'extra'"),
        (
            'emergency = ["You suddenly cannot move your legs"]',
            "emergency = []",
            "emergency =",
            "'help.emergency' has 0 item(s); it needs at least 1",
        ),
        ('code = "64635"', 'code = "6463"', 'code = "6463"', "'6463' is not a CPT code"),
        (
            'system = "CPT"\ncode = "64635"',
            'system = "ICD-9"\ncode = "64635"',
            'system = "ICD-9"',
            "code system 'ICD-9' is not",
        ),
        (
            'system = "CPT"\ncode = "64635"',
            'system = "2.16.840.1.113883.6.12"\ncode = "64635"',
            None,
            None,
        ),
        (
            'answer = "Your care team."\n',
            "",
            'question = "Who do you ask',
            "missing required field 'Who do you ask about your own care?.answer'",
        ),
        (
            "former_slugs = []",
            'former_slugs = []\nformer_section_ids = { "Old Id" = "risks" }',
            "former_section_ids",
            "former_section_ids key 'Old Id' must be lower-case letters",
        ),
    ],
    ids=[
        "no-conditions",
        "unknown-diagram",
        "unknown-table",
        "empty-care-card",
        "malformed-code",
        "unknown-code-system",
        "code-system-by-oid",
        "check-without-answer",
        "bad-former-section-id",
    ],
)
def test_decision_aid_and_code_fields_are_checked(content_copy, old, new, needle, message):
    name = "procedures/rhizotomy-injection.md"
    edit(content_copy, name, old, new)
    if message is None:
        [injection] = [a for a in read_content(content_copy).articles if a.path == name]
        assert {c.system for c in injection.codes} == {"CPT"}
        return

    [problem] = problems(content_copy)

    assert problem.path == name
    assert message in problem.message
    assert problem.line == (line_of(content_copy, name, needle) if needle else None)


def test_teach_back_needs_three_to_five_checks(content_copy: Path):
    name = "procedures/rhizotomy-injection.md"
    path = content_copy / name
    text = path.read_text()
    extra = '\n[[check]]\nquestion = "Again?"\nanswer = "Yes."\n' * 3
    path.write_text(text.replace("\n[[code]]", extra + "\n[[code]]", 1))

    [problem] = problems(content_copy)

    assert problem.message == "'check' has 6 item(s); it needs at least 3 and at most 5"


def test_a_value_must_name_known_questions(content_copy: Path):
    with (content_copy / "comparison.toml").open("a") as comparison:
        comparison.write('\n[[value]]\nkey = "cost"\ntext = "Cost"\nquestions = ["price"]\n')

    [problem] = problems(content_copy)

    assert problem.path == "comparison.toml"
    assert problem.message.startswith("value 'cost' names unknown question(s) price")
    assert problem.line == line_of(content_copy, "comparison.toml", 'questions = ["price"]')


def test_the_new_fields_are_read(fixture_content: Path):
    content = read_content(fixture_content)
    article = content.articles[0]

    assert article.conditions
    assert article.diagram
    assert article.help_urgent
    assert article.help_emergency
    assert 3 <= len(article.checks) <= 5
    assert all(c.question and c.answer for c in article.checks)
    assert article.codes
    assert all(c.system == "CPT" for c in article.codes)
    assert content.values
    assert all(v.questions for v in content.values)
