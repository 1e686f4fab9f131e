"""What a content folder holds once it is read and validated: plain frozen values, no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


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
class Code:
    system: str  # the canonical name: CPT, HCPCS, ICD-10-PCS, SNOMED CT
    code: str
    description: str


@dataclass(frozen=True)
class Check:
    question: str
    answer: str


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    slug: str
    summary: str
    short_code: str
    position: int
    conditions: tuple[str, ...]
    diagram: str
    also_called: tuple[str, ...]
    former_slugs: tuple[str, ...]
    former_section_ids: dict[str, str]
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    reviewer: str
    help_urgent: tuple[str, ...]
    help_emergency: tuple[str, ...]
    checks: tuple[Check, ...]
    codes: tuple[Code, ...]
    answers: dict[str, str]
    sections: tuple[SourceSection, ...]


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    definition: str
    other_forms: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.other_forms)


@dataclass(frozen=True)
class Entry:
    """An entry of ``comparison.toml``: its key, the same in every language, and its words."""

    key: str
    text: str


@dataclass(frozen=True)
class Question(Entry):
    """A question every article answers."""


@dataclass(frozen=True)
class Value(Entry):
    """Something that may matter to a patient, and the questions it bears on."""

    questions: tuple[str, ...]


@dataclass(frozen=True)
class Translation:
    """One article in another language. ``article`` is the English article with this language's
    words in place (title, summary, sections, answers, care card, checks), so it renders the same
    way; slug, short code, codes and diagram stay the English ones."""

    language: str
    path: str
    article: Article
    source_version: str
    up_to_date: bool
    translated_by: str
    reviewed_by: str


@dataclass
class Language:
    """Everything in one other language, read from ``content/<language>/``."""

    code: str
    translations: list[Translation] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)  # slugs are the English terms' slugs
    questions: dict[str, str] = field(default_factory=dict)  # key -> text
    values: dict[str, str] = field(default_factory=dict)  # key -> text


@dataclass
class Content:
    articles: list[Article] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
