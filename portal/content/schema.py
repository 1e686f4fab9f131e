"""The shape of every content file, declared once, and one checker for all of them.

Each field says its kind, whether it is required and its limits. Text limits come from the model
field that stores the value, so the loader and the database cannot disagree; limits on source
text that is stored rendered (answers, definitions) are set here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal.models import (
    ComparisonQuestion,
    GlossaryTerm,
    Procedure,
    ProcedureCode,
    Section,
    ValueStatement,
)

from .source import Report, TomlPositions, parse_toml, read_text
from .types import ContentProblem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SHORT_CODE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
# The project's own drawings, in templates/portal/diagrams/.
DIAGRAMS = ("dorsal-roots", "needle")

TEXT, TEXTS, DATE, COUNT, MAP, TABLE, TABLES = (
    "text",
    "list of texts",
    "date",
    "count",
    "map",
    "table",
    "list of tables",
)


def _max(model: type, name: str) -> int:
    return model._meta.get_field(name).max_length


@dataclass(frozen=True)
class Field:
    kind: str
    required: bool = False
    limit: int | None = None  # characters, of a text or of each item of a list
    pattern: re.Pattern | None = None
    hint: str = ""  # what the pattern allows, in words
    choices: tuple[str, ...] = ()
    items: tuple[int, int | None] = (0, None)  # fewest and most items of a list
    schema: dict[str, Field] = field(default_factory=dict)  # of a table or list of tables
    # For a list of tables: the field that names an item in messages ("term 'x'", not "term 3").
    name_by: str = ""


WHOLE_SLUG = "lower-case letters, digits and single hyphens"

HELP = {
    "urgent": Field(TEXTS, required=True, limit=300, items=(1, 12)),
    "emergency": Field(TEXTS, required=True, limit=300, items=(1, 12)),
}
CHECK = {
    "question": Field(TEXT, required=True, limit=300),
    "answer": Field(TEXT, required=True, limit=600),
}
CODE = {
    "system": Field(TEXT, required=True, limit=60),
    "code": Field(TEXT, required=True, limit=_max(ProcedureCode, "code")),
    "description": Field(TEXT, required=True, limit=_max(ProcedureCode, "description")),
}
ARTICLE = {
    "title": Field(TEXT, required=True, limit=_max(Procedure, "title")),
    "slug": Field(
        TEXT, required=True, limit=_max(Procedure, "slug"), pattern=SLUG, hint=WHOLE_SLUG
    ),
    "summary": Field(TEXT, required=True, limit=_max(Procedure, "summary")),
    "short_code": Field(
        TEXT,
        required=True,
        limit=_max(Procedure, "short_code"),
        pattern=SHORT_CODE,
        hint="letters, digits and hyphens",
    ),
    "conditions": Field(TEXTS, required=True, limit=200, items=(1, 4)),
    "diagram": Field(TEXT, choices=DIAGRAMS),
    "order": Field(COUNT),
    "also_called": Field(TEXTS, limit=_max(Procedure, "title")),
    "former_slugs": Field(TEXTS, limit=_max(Procedure, "slug"), pattern=SLUG, hint=WHOLE_SLUG),
    "former_section_ids": Field(MAP, limit=_max(Section, "anchor"), pattern=SLUG, hint=WHOLE_SLUG),
    "last_reviewed": Field(DATE),
    "next_review_due": Field(DATE),
    "reviewer": Field(TEXT, limit=_max(Procedure, "reviewer")),
    "help": Field(TABLE, required=True, schema=HELP),
    "check": Field(TABLES, required=True, items=(3, 5), schema=CHECK, name_by="question"),
    "code": Field(TABLES, schema=CODE, name_by="code"),
    "answers": Field(MAP, required=True, limit=2000),
}
TERM = {
    "term": Field(TEXT, required=True, limit=_max(GlossaryTerm, "term")),
    "definition": Field(TEXT, required=True, limit=600),
    "other_forms": Field(TEXTS, limit=_max(GlossaryTerm, "term")),
}
GLOSSARY = {"term": Field(TABLES, required=True, items=(1, None), schema=TERM, name_by="term")}
KEY_HINT = "lower-case letters, digits, - or _"


def _keyed(model: type, pattern: re.Pattern, hint: str) -> dict[str, Field]:
    """A table with a key and a text, stored in ``model``."""
    return {
        "key": Field(TEXT, required=True, limit=_max(model, "key"), pattern=pattern, hint=hint),
        "text": Field(TEXT, required=True, limit=_max(model, "text")),
    }


QUESTION = _keyed(ComparisonQuestion, KEY, KEY_HINT)
VALUE = {
    **_keyed(ValueStatement, SLUG, WHOLE_SLUG),
    "questions": Field(TEXTS, required=True, items=(1, None), pattern=KEY),
}
COMPARISON = {
    "question": Field(TABLES, required=True, items=(1, None), schema=QUESTION, name_by="key"),
    "value": Field(TABLES, schema=VALUE, name_by="key"),
}

# A file in content/<language>/ holds the words of its English counterpart; what is not words
# (slug, short code, codes, diagram, order, former addresses) stays in the English file.
VERSION = re.compile(r"^[0-9a-f]{12}$")
TRANSLATION = {
    "title": Field(TEXT, required=True, limit=_max(Procedure, "title")),
    "summary": Field(TEXT, required=True, limit=_max(Procedure, "summary")),
    "also_called": Field(TEXTS, limit=_max(Procedure, "title")),
    "conditions": Field(TEXTS, required=True, limit=200, items=(1, 4)),
    "source_version": Field(
        TEXT, required=True, pattern=VERSION, hint="the 12 characters load_content prints"
    ),
    "translated_by": Field(TEXT, required=True, limit=200),
    "reviewed_by": Field(TEXT, limit=200),
    "last_reviewed": Field(DATE),
    "next_review_due": Field(DATE),
    "help": Field(TABLE, required=True, schema=HELP),
    "check": Field(TABLES, required=True, items=(3, 5), schema=CHECK, name_by="question"),
    "answers": Field(MAP, required=True, limit=2000),
}
TERM_TRANSLATION = {
    "slug": Field(TEXT, required=True, pattern=SLUG, hint="the English term's slug"),
    **TERM,
}
GLOSSARY_TRANSLATION = {
    "term": Field(TABLES, required=True, items=(1, None), schema=TERM_TRANSLATION, name_by="slug")
}
COMPARISON_TRANSLATION = {
    "question": Field(TABLES, required=True, schema=QUESTION, name_by="key"),
    "value": Field(TABLES, schema=_keyed(ValueStatement, SLUG, WHOLE_SLUG), name_by="key"),
}

# Where a key is in the file: (key, table, index) -> line, as source.TomlPositions answers.
Where = Callable[..., int | None]


def check(
    data: dict[str, Any],
    schema: dict[str, Field],
    report: Report,
    where: Where,
    table: str | None = None,
    index: int = 0,
    name_by: str = "",
) -> dict[str, Any]:
    """The values of ``data`` cleaned by ``schema``; every problem goes to ``report``."""
    label = data.get(name_by) if name_by else None
    label = " ".join(label.split()) if isinstance(label, str) and label.strip() else table
    prefix = f"{label}." if label else ""
    for key in sorted(set(data) - set(schema)):
        report.add(f"unknown field '{prefix}{key}'", where(key, table, index))
    out = {}
    for name, spec in schema.items():
        line = where(name, table, index)
        value = data.get(name)
        if value is None:
            if spec.required:
                # The line that names the item, rather than its [[header]].
                report.add(
                    f"missing required field '{prefix}{name}'", where(name_by or name, table, index)
                )
            out[name] = _empty(spec)
            continue
        out[name] = _clean(spec, value, f"{prefix}{name}", name, report, where, line)
    return out


def _empty(spec: Field) -> Any:
    return {TEXT: "", TEXTS: (), MAP: {}, TABLE: {}, TABLES: ()}.get(spec.kind)


def _clean(
    spec: Field, value: Any, label: str, name: str, report: Report, where: Where, line: int | None
) -> Any:
    def wrong(example: str) -> Any:
        report.add(f"'{label}' must be {example}", line)
        return _empty(spec)

    if spec.kind == TEXT:
        if not isinstance(value, str):
            return wrong(f"text in quotes, not {type(value).__name__}")
        return _text(spec, value, label, report, line)
    if spec.kind == TEXTS:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return wrong('a list of non-empty texts, like ["one", "two"]')
        _count(spec, len(value), label, report, line)
        return tuple(_text(spec, v, label, report, line) for v in value)
    if spec.kind == DATE:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        return wrong("a date written as YYYY-MM-DD without quotes")
    if spec.kind == COUNT:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        return wrong("a whole number, 0 or more")
    if spec.kind == MAP:
        if not isinstance(value, dict):
            return wrong('a table of "key" = "text"')
        out = {}
        for key, item in value.items():
            item_line = where(key, name)
            if spec.pattern and not spec.pattern.match(key):
                report.add(f"{label} key '{key}' must be {spec.hint}", item_line)
            if not isinstance(item, str):
                report.add(
                    f"'{label}.{key}' must be text in quotes, not {type(item).__name__}", item_line
                )
                continue
            out[key] = _text(spec, item, f"{label}.{key}", report, item_line)
        return out
    if spec.kind == TABLE:
        if not isinstance(value, dict):
            return wrong(f"a table: [{name}]")
        return check(value, spec.schema, report, where, name)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return wrong(f"[[{name}]] tables")
    _count(spec, len(value), label, report, line)
    return tuple(
        check(item, spec.schema, report, where, name, i, spec.name_by)
        for i, item in enumerate(value)
    )


def _text(spec: Field, value: str, label: str, report: Report, line: int | None) -> str:
    value = " ".join(value.split())
    if spec.required and not value:
        report.add(f"'{label}' is empty", line)
    if spec.limit and len(value) > spec.limit:
        report.add(f"'{label}' is {len(value)} characters long; the limit is {spec.limit}", line)
    if value and spec.pattern and not spec.pattern.match(value):
        report.add(f"{label} '{value}' must be {spec.hint or 'a valid key'}", line)
    if value and spec.choices and value not in spec.choices:
        report.add(f"'{label}' must be one of: {', '.join(spec.choices)}", line)
    return value


def _count(spec: Field, count: int, label: str, report: Report, line: int | None) -> None:
    low, high = spec.items
    if count < low or (high is not None and count > high):
        most = f" and at most {high}" if high is not None else ""
        report.add(f"'{label}' has {count} item(s); it needs at least {low}{most}", line)


def read_toml_file(
    root: Path, path: Path, problems: list[ContentProblem], schema: dict[str, Field]
) -> tuple[dict[str, Any], Report, TomlPositions] | None:
    """A whole TOML file checked against ``schema``: (values, its report, its positions)."""
    report = Report(root, path, problems)
    text = read_text(root, path, report)
    data = parse_toml(text, report) if text is not None else None
    if data is None:
        return None
    positions = TomlPositions(text)
    return check(data, schema, report, positions), report, positions


REGISTRY_ENTRY = {
    "slug": Field(TEXT, required=True, pattern=SLUG, hint=WHOLE_SLUG),
    "short_code": Field(TEXT, pattern=SHORT_CODE, hint="letters, digits and hyphens"),
    "sections": Field(TEXTS, pattern=SLUG, hint=WHOLE_SLUG),
    "retired_sections": Field(MAP, required=False),
}
REGISTRY = {"article": Field(TABLES, items=(0, None), schema=REGISTRY_ENTRY, name_by="slug")}
