"""Read the files in ``content/`` and validate them, without touching the database.

Layout of a content folder::

    procedures/<slug>.md   TOML front matter between ``+++`` lines, then the Markdown body
    glossary.toml          [[term]] tables: term, definition, other_forms
    comparison.toml        [[question]] tables: key, text

Every problem found is collected as a :class:`ContentProblem` naming the file and, where it can,
the line, so an editor sees all of them at once. :func:`read_content` raises
:class:`ContentError` if there is any, before anything is written anywhere.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.text import slugify

# Every article has these sections, with these ids, so a link to one works on every article.
REQUIRED_SECTIONS = (
    "key-points",
    "what-it-is",
    "who-it-is-for",
    "how-it-is-done",
    "risks",
    "recovery",
    "questions",
)
# Ids the article page uses for its own parts; a section with one of them would break its links.
RESERVED_IDS = frozenset({"main", "compare", "share", "care-team", "words-used", "toc"})
RESERVED_ID_PREFIXES = ("def-", "letter-")
FRONT_MATTER_FENCE = "+++"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SHORT_CODE_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
SECTION_HEADING_RE = re.compile(
    r"^##(?!#)\s*(?P<heading>.*?)\s*(?:\{\s*#(?P<anchor>[^}\s]*)\s*\})?\s*$"
)
TITLE_HEADING_RE = re.compile(r"^#(?!#)\s")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
TABLE_HEADER_RE = re.compile(r"^\s*\[")

ARTICLE_KEYS = {
    "title",
    "slug",
    "summary",
    "also_called",
    "short_code",
    "order",
    "former_slugs",
    "former_section_ids",
    "last_reviewed",
    "next_review_due",
    "reviewer",
    "answers",
}
REQUIRED_ARTICLE_KEYS = ("title", "slug", "summary", "short_code", "answers")


@dataclass(frozen=True)
class ContentProblem:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class SourceSection:
    anchor: str
    heading: str
    markdown: str
    line: int


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    slug: str
    summary: str
    short_code: str
    position: int
    also_called: tuple[str, ...]
    former_slugs: tuple[str, ...]
    former_section_ids: dict[str, str]
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewer: str
    answers: dict[str, str]
    sections: tuple[SourceSection, ...]


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str
    other_forms: tuple[str, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.other_forms)


@dataclass(frozen=True)
class Question:
    key: str
    text: str


@dataclass
class Content:
    articles: list[Article] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)


class _Problems:
    """Collects problems for one file."""

    def __init__(self, root: Path, path: Path, sink: list[ContentProblem]):
        self.name = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        self.sink = sink

    def add(self, message: str, line: int | None = None) -> None:
        self.sink.append(ContentProblem(self.name, message, line))


def read_content(folder: Path) -> Content:
    """Read and validate a whole content folder; raise ContentError listing every problem."""
    folder = Path(folder)
    problems: list[ContentProblem] = []
    if not folder.is_dir():
        raise ContentError([ContentProblem(str(folder), "is not a folder")])

    questions = _read_questions(folder, folder / "comparison.toml", problems)
    terms = _read_glossary(folder, folder / "glossary.toml", problems)
    articles = []
    key_lines: dict[str, dict[str, int | None]] = {}
    article_dir = folder / "procedures"
    paths = sorted(article_dir.glob("*.md")) if article_dir.is_dir() else []
    if not paths:
        problems.append(ContentProblem("procedures/", "has no articles (*.md files)"))
    for path in paths:
        article = _read_article(folder, path, questions, problems, key_lines)
        if article is not None:
            articles.append(article)
    _check_across_articles(articles, key_lines, problems)
    if problems:
        raise ContentError(problems)
    articles.sort(key=lambda a: (a.position, a.title.casefold()))
    return Content(articles=articles, terms=terms, questions=questions)


def _read_text(path: Path, report: _Problems) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        report.add("is missing")
        return None
    except OSError as exc:
        report.add(f"cannot be read: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "save it as UTF-8",
            line,
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def _parse_toml(text: str, report: _Problems, line_offset: int = 0) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = TOML_LINE_RE.search(message)
        line = int(match.group(1)) + line_offset if match else None
        message = TOML_LINE_RE.sub("", message).strip()
        report.add(f"malformed TOML: {message}", line)
        return None


def _key_line(lines: list[str], key: str, start: int = 0, stop: int | None = None) -> int | None:
    """The 1-based number of the line in ``lines[start:stop]`` that assigns ``key``."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for index in range(start, len(lines) if stop is None else stop):
        if pattern.match(lines[index]):
            return index + 1
    return None


def _table_lines(text: str, table: str, key: str, count: int) -> list[int | None]:
    """For each ``[[table]]`` in ``text``, the line that assigns ``key`` (or else its header).

    tomllib gives no positions, but the n-th parsed item is the n-th ``[[table]]`` header, so a
    problem with the second of two entries points at the second, not at the first match of a name.
    """
    lines = text.split("\n")
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    starts = [i for i, line in enumerate(lines) if header.match(line)]
    if len(starts) != count:
        return [None] * count
    ends = [*starts[1:], len(lines)]
    return [
        _key_line(lines, key, start + 1, end) or start + 1
        for start, end in zip(starts, ends, strict=True)
    ]


def _string(
    value: Any,
    name: str,
    report: _Problems,
    *,
    required: bool,
    limit: int,
    line: int | None = None,
) -> str:
    if value is None:
        if required:
            report.add(f"missing required field '{name}'", line)
        return ""
    if not isinstance(value, str):
        report.add(f"'{name}' must be text in quotes, not {type(value).__name__}", line)
        return ""
    value = " ".join(value.split())
    if required and not value:
        report.add(f"'{name}' is empty", line)
    if len(value) > limit:
        report.add(f"'{name}' is {len(value)} characters long; the limit is {limit}", line)
    return value


def _string_list(
    value: Any, name: str, report: _Problems, line: int | None = None
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report.add(f'\'{name}\' must be a list of non-empty texts, like ["one", "two"]', line)
        return ()
    return tuple(" ".join(v.split()) for v in value)


def _read_questions(root: Path, path: Path, problems: list[ContentProblem]) -> list[Question]:
    report = _Problems(root, path, problems)
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if data is None:
        return []
    unknown = set(data) - {"question"}
    if unknown:
        report.add(f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    items = data.get("question")
    if not isinstance(items, list) or not items:
        report.add("has no [[question]] entries")
        return []
    questions: list[Question] = []
    seen: set[str] = set()
    for item, line in zip(items, _table_lines(text, "question", "key", len(items)), strict=True):
        if not isinstance(item, dict):
            report.add("each question must be a [[question]] table with key and text", line)
            continue
        key = item.get("key")
        if not isinstance(key, str) or not SLUG_RE.match(key.replace("_", "-")):
            report.add(f"question key {key!r} must be lower-case letters, digits, - or _", line)
            continue
        if key in seen:
            report.add(f"question '{key}' is defined twice", line)
            continue
        seen.add(key)
        unknown = set(item) - {"key", "text"}
        if unknown:
            report.add(f"question '{key}' has unknown field(s): {', '.join(sorted(unknown))}", line)
        question_text = _string(
            item.get("text"), f"{key}.text", report, required=True, limit=300, line=line
        )
        questions.append(Question(key=key, text=question_text))
    return questions


def _read_glossary(root: Path, path: Path, problems: list[ContentProblem]) -> list[Term]:
    report = _Problems(root, path, problems)
    text = _read_text(path, report)
    data = _parse_toml(text, report) if text is not None else None
    if data is None:
        return []
    unknown = set(data) - {"term"}
    if unknown:
        report.add(f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    items = data.get("term")
    if not isinstance(items, list) or not items:
        report.add("has no [[term]] entries")
        return []
    terms: list[Term] = []
    owner_of_form: dict[str, str] = {}
    names: set[str] = set()
    slugs: set[str] = set()
    for item, line in zip(items, _table_lines(text, "term", "term", len(items)), strict=True):
        if not isinstance(item, dict):
            report.add("each term must be a [[term]] table with term and definition", line)
            continue
        name = _string(item.get("term"), "term", report, required=True, limit=200, line=line)
        if not name:
            continue
        unknown = set(item) - {"term", "definition", "other_forms"}
        if unknown:
            report.add(f"term '{name}' has unknown field(s): {', '.join(sorted(unknown))}", line)
        definition = _string(
            item.get("definition"),
            f"{name}.definition",
            report,
            required=True,
            limit=600,
            line=line,
        )
        forms = _string_list(item.get("other_forms"), f"{name}.other_forms", report, line)
        slug = slugify(name)
        if not slug:
            report.add(f"term '{name}' needs at least one letter or digit", line)
            continue
        if name.casefold() in names or slug in slugs:
            report.add(f"term '{name}' is defined twice", line)
            continue
        names.add(name.casefold())
        slugs.add(slug)
        for form in (name, *forms):
            key = " ".join(form.casefold().split())
            if key in owner_of_form and owner_of_form[key] != name.casefold():
                report.add(
                    f"'{form}' belongs to both '{owner_of_form[key]}' and '{name}'; "
                    "a word can lead to one definition only",
                    line,
                )
            owner_of_form.setdefault(key, name.casefold())
        terms.append(Term(slug=slug, term=name, definition=definition, other_forms=forms))
    return terms


def _split_front_matter(text: str, report: _Problems) -> tuple[str, str, int] | None:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        report.add(
            f"has no front matter: the file must start with a line '{FRONT_MATTER_FENCE}'", 1
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    report.add(f"front matter is not closed: add a line '{FRONT_MATTER_FENCE}' after it", 1)
    return None


def _split_sections(body: str, first_line: int, report: _Problems) -> list[SourceSection]:
    sections: list[SourceSection] = []
    current: dict[str, Any] | None = None
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if FENCE_RE.match(line):
            in_fence = not in_fence
        if not in_fence and TITLE_HEADING_RE.match(line):
            report.add(
                "a '# ' heading in the body: the title comes from front matter; use '## '", number
            )
            continue
        match = None if in_fence else SECTION_HEADING_RE.match(line)
        if match:
            if current is not None:
                sections.append(_section(current))
            heading, anchor = match["heading"], match["anchor"]
            if not heading:
                report.add("a section heading has no text", number)
            if anchor is None:
                report.add(
                    f"section heading '{heading}' has no stable id: end it with {{#some-id}}",
                    number,
                )
                anchor = ""
            elif not SLUG_RE.match(anchor):
                report.add(
                    f"section id '{anchor}' must be lower-case letters, digits and -", number
                )
            elif anchor in RESERVED_IDS or anchor.startswith(RESERVED_ID_PREFIXES):
                report.add(
                    f"section id '{anchor}' is used by the page itself; choose another", number
                )
            current = {"anchor": anchor, "heading": heading, "lines": [], "line": number}
        elif current is not None:
            current["lines"].append(line)
        elif line.strip():
            report.add("text before the first '## ' section heading", number)
            current = {"anchor": "", "heading": "", "lines": [line], "line": number}
    if current is not None:
        sections.append(_section(current))
    return sections


def _section(data: dict[str, Any]) -> SourceSection:
    return SourceSection(
        anchor=data["anchor"],
        heading=data["heading"],
        markdown="\n".join(data["lines"]).strip(),
        line=data["line"],
    )


def _date(value: Any, name: str, report: _Problems, line: int | None) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    report.add(f"'{name}' must be a date written as YYYY-MM-DD without quotes", line)
    return None


def _read_article(
    root: Path,
    path: Path,
    questions: list[Question],
    problems: list[ContentProblem],
    key_lines: dict[str, dict[str, int | None]],
) -> Article | None:
    report = _Problems(root, path, problems)
    before = len(problems)
    text = _read_text(path, report)
    if text is None:
        return None
    split = _split_front_matter(text, report)
    if split is None:
        return None
    front_text, body, body_line = split
    meta = _parse_toml(front_text, report, line_offset=1)
    if meta is None:
        return None

    # Line numbers in the file: the front matter starts on line 2, after the opening fence.
    front_lines = front_text.split("\n")
    tables = [i for i, line in enumerate(front_lines) if TABLE_HEADER_RE.match(line)]
    top_level_end = tables[0] if tables else len(front_lines)
    answers_start = next(
        (i for i in tables if re.match(r"^\s*\[\s*answers\s*\]", front_lines[i])), None
    )

    def line_of(key: str) -> int | None:
        found = _key_line(front_lines, key, 0, top_level_end)
        return found + 1 if found else None

    def answer_line_of(key: str | None) -> int | None:
        """The line of ``key`` in the [answers] table, or of its header when key is None."""
        if answers_start is None:
            return line_of("answers")
        if key is None:
            return answers_start + 2
        end = next((i for i in tables if i > answers_start), len(front_lines))
        found = _key_line(front_lines, key, answers_start + 1, end)
        return found + 1 if found else answers_start + 2

    key_lines[report.name] = {key: line_of(key) for key in ("slug", "short_code", "former_slugs")}

    for key in sorted(set(meta) - ARTICLE_KEYS):
        report.add(f"unknown front matter field '{key}'", line_of(key))
    for key in REQUIRED_ARTICLE_KEYS:
        if key not in meta:
            report.add(f"missing required field '{key}'")

    title = _string(meta.get("title"), "title", report, required="title" in meta, limit=200)
    slug = _string(meta.get("slug"), "slug", report, required="slug" in meta, limit=100)
    if slug and not SLUG_RE.match(slug):
        report.add(
            f"slug '{slug}' must be lower-case letters, digits and single hyphens", line_of("slug")
        )
    summary = _string(meta.get("summary"), "summary", report, required="summary" in meta, limit=500)
    short_code = _string(
        meta.get("short_code"), "short_code", report, required="short_code" in meta, limit=20
    )
    if short_code and not SHORT_CODE_RE.match(short_code):
        report.add(
            f"short_code '{short_code}' must be letters, digits and hyphens", line_of("short_code")
        )
    order = meta.get("order", 1000)
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        report.add("'order' must be a whole number, 0 or more", line_of("order"))
        order = 1000
    also_called = _string_list(
        meta.get("also_called"), "also_called", report, line_of("also_called")
    )
    former_slugs = _string_list(
        meta.get("former_slugs"), "former_slugs", report, line_of("former_slugs")
    )
    for former in former_slugs:
        if not SLUG_RE.match(former):
            report.add(f"former slug '{former}' is not a valid slug", line_of("former_slugs"))
    last_reviewed = _date(
        meta.get("last_reviewed"), "last_reviewed", report, line_of("last_reviewed")
    )
    next_review_due = _date(
        meta.get("next_review_due"), "next_review_due", report, line_of("next_review_due")
    )
    reviewer = _string(meta.get("reviewer"), "reviewer", report, required=False, limit=200)
    if last_reviewed and next_review_due and next_review_due <= last_reviewed:
        report.add("'next_review_due' must come after 'last_reviewed'", line_of("next_review_due"))
    if reviewer and not last_reviewed:
        report.add("'reviewer' is set but 'last_reviewed' is not", line_of("reviewer"))

    answers = _answers(meta.get("answers"), questions, report, answer_line_of)

    if not body.strip():
        report.add(
            "the body is empty: add the article's sections after the front matter", body_line
        )
        return None
    sections = _split_sections(body, body_line, report)
    anchors = [s.anchor for s in sections]
    first_line: dict[str, int] = {}
    for section in sections:
        if section.anchor in first_line:
            report.add(
                f"section id '{section.anchor}' is used twice "
                f"(first on line {first_line[section.anchor]})",
                section.line,
            )
        elif section.anchor:
            first_line[section.anchor] = section.line
    for section in sections:
        if section.anchor and not section.markdown:
            report.add(f"section '{section.anchor}' has no text", section.line)
    missing = [a for a in REQUIRED_SECTIONS if a not in anchors]
    if missing:
        report.add(f"missing required section(s): {', '.join('{#' + a + '}' for a in missing)}")

    former_ids = meta.get("former_section_ids", {})
    if not isinstance(former_ids, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in former_ids.items()
    ):
        report.add(
            '\'former_section_ids\' must be a table of "old-id" = "current-id"',
            line_of("former_section_ids"),
        )
        former_ids = {}
    for old, new in former_ids.items():
        if new not in anchors:
            report.add(f"former section id '{old}' points to '{new}', which is not a section here")
        if old in anchors:
            report.add(f"former section id '{old}' is still a section id")

    if len(problems) > before:
        return None
    return Article(
        path=report.name,
        title=title,
        slug=slug,
        summary=summary,
        short_code=short_code.upper(),
        position=order,
        also_called=also_called,
        former_slugs=former_slugs,
        former_section_ids=dict(former_ids),
        last_reviewed=last_reviewed,
        next_review_due=next_review_due,
        reviewer=reviewer,
        answers=answers,
        sections=tuple(sections),
    )


def _answers(
    value: Any,
    questions: list[Question],
    report: _Problems,
    line_of: Callable[[str | None], int | None],
) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        report.add("'answers' must be a table: [answers] with one line per question", line_of(None))
        return {}
    known = [q.key for q in questions]
    for key in sorted(set(value) - set(known)):
        report.add(
            f"unknown comparison question '{key}' in [answers]; known: {', '.join(known)}",
            line_of(key),
        )
    answers = {}
    for key in known:
        if key not in value:
            report.add(
                f"missing answer to comparison question '{key}'; if the source does not cover it, "
                "say so in plain words",
                line_of(None),
            )
            continue
        answers[key] = _string(
            value[key], f"answers.{key}", report, required=True, limit=2000, line=line_of(key)
        )
    return answers


def _check_across_articles(
    articles: list[Article],
    key_lines: dict[str, dict[str, int | None]],
    problems: list[ContentProblem],
) -> None:
    keys = {"slug": "slug", "short_code": "short_code", "former slug": "former_slugs"}

    def clash(kind: str, value: str, first: Article, second: Article) -> None:
        line = key_lines.get(second.path, {}).get(keys[kind])
        problems.append(
            ContentProblem(second.path, f"{kind} '{value}' is already used by {first.path}", line)
        )

    slugs: dict[str, Article] = {}
    codes: dict[str, Article] = {}
    for article in articles:
        if article.slug in slugs:
            clash("slug", article.slug, slugs[article.slug], article)
        slugs.setdefault(article.slug, article)
        if article.short_code in codes:
            clash("short_code", article.short_code, codes[article.short_code], article)
        codes.setdefault(article.short_code, article)
    for article in articles:
        for former in article.former_slugs:
            if former in slugs:
                clash("former slug", former, slugs[former], article)
            slugs.setdefault(former, article)
