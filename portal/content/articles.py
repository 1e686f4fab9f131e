"""``procedures/<slug>.md``: TOML front matter between ``+++`` lines, then Markdown sections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal import codes as code_systems

from .schema import ARTICLE, check
from .sections import split_sections
from .source import Report, TomlPositions, parse_toml, read_text, split_front_matter
from .types import Article, Check, Code, ContentProblem, Question

# Every article has these sections, in this order of importance to a reader, with these ids, so a
# link to one works on every article.
REQUIRED_SECTIONS = (
    "key-points",
    "what-it-is",
    "who-it-is-for",
    "getting-ready",
    "how-it-is-done",
    "risks",
    "recovery",
    "when-to-get-help",
    "what-we-know",
    "questions",
)
DEFAULT_ORDER = 1000


def read_article(
    root: Path, path: Path, questions: list[Question], problems: list[ContentProblem]
) -> tuple[Article | None, TomlPositions | None]:
    """The article, or None when it has problems; and where its front matter keys are."""
    report = Report(root, path, problems)
    text = read_text(root, path, report)
    split = split_front_matter(text, report) if text is not None else None
    if split is None:
        return None, None
    front, body, body_line = split
    # The front matter starts on line 2, after the opening fence.
    meta = parse_toml(front, report, line_offset=1)
    if meta is None:
        return None, None
    where = TomlPositions(front, first_line=2)
    values = check(meta, ARTICLE, report, where)
    _check_dates(values, report, where)
    answers = _check_answers(values["answers"], questions, report, where)
    codes = _check_codes(values["code"], report, where)
    if not body.strip():
        report.add(
            "the body is empty: add the article's sections after the front matter", body_line
        )
        return None, where
    sections = split_sections(body, body_line, report)
    anchors = [s.anchor for s in sections]
    missing = [a for a in REQUIRED_SECTIONS if a not in anchors]
    if missing:
        report.add(f"missing required section(s): {', '.join('{#' + a + '}' for a in missing)}")
    for old, new in values["former_section_ids"].items():
        if new not in anchors:
            report.add(
                f"former section id '{old}' points to '{new}', which is not a section here",
                where(old, "former_section_ids"),
            )
        if old in anchors:
            report.add(
                f"former section id '{old}' is still a section id", where(old, "former_section_ids")
            )
    if report.failed:
        return None, where
    return Article(
        path=report.name,
        slug=values["slug"],
        short_code=values["short_code"].upper(),
        position=DEFAULT_ORDER if values["order"] is None else values["order"],
        diagram=values["diagram"],
        former_slugs=values["former_slugs"],
        former_section_ids=values["former_section_ids"],
        reviewer=values["reviewer"],
        **words(values),
        codes=codes,
        answers=answers,
        sections=tuple(sections),
    ), where


def words(values: dict[str, Any]) -> dict[str, Any]:
    """The fields of an article that are words a reader reads, in any language."""
    return {
        "title": values["title"],
        "summary": values["summary"],
        "also_called": values["also_called"],
        "conditions": values["conditions"],
        "help_urgent": values["help"].get("urgent", ()),
        "help_emergency": values["help"].get("emergency", ()),
        "checks": tuple(Check(c["question"], c["answer"]) for c in values["check"]),
        "last_reviewed": values["last_reviewed"],
        "next_review_due": values["next_review_due"],
    }


def _check_dates(values: dict[str, Any], report: Report, where: TomlPositions) -> None:
    reviewed, due = values["last_reviewed"], values["next_review_due"]
    if reviewed and due and due <= reviewed:
        report.add("'next_review_due' must come after 'last_reviewed'", where("next_review_due"))
    if values["reviewer"] and not reviewed:
        report.add("'reviewer' is set but 'last_reviewed' is not", where("reviewer"))


def _check_answers(
    answers: dict[str, str], questions: list[Question], report: Report, where: TomlPositions
) -> dict[str, str]:
    known = [q.key for q in questions]
    for key in sorted(set(answers) - set(known)):
        report.add(
            f"unknown comparison question '{key}' in [answers]; known: {', '.join(known)}",
            where(key, "answers"),
        )
    for key in known:
        if key not in answers:
            report.add(
                f"missing answer to comparison question '{key}'; if the source does not cover it, "
                "say so in plain words",
                where(None, "answers"),
            )
    return {key: answers[key] for key in known if key in answers}


def _check_codes(
    items: tuple[dict[str, str], ...], report: Report, where: TomlPositions
) -> tuple[Code, ...]:
    found: list[Code] = []
    for index, item in enumerate(items):
        if not item["system"]:
            continue
        system = code_systems.normalise_system(item["system"])
        if system is None:
            names = ", ".join(f"{s.name} ({s.oid})" for s in code_systems.SYSTEMS)
            report.add(
                f"code system '{item['system']}' is not known; use one of: {names}",
                where("system", "code", index),
            )
            continue
        code = item["code"].upper() if system != "SNOMED CT" else item["code"]
        if not code_systems.valid_code(system, code):
            example = code_systems.system_for(system).example
            report.add(
                f"'{item['code']}' is not a {system} code (for example {example})",
                where("code", "code", index),
            )
            continue
        if any((c.system, c.code) == (system, code) for c in found):
            report.add(f"{system} code {code} is listed twice", where("code", "code", index))
            continue
        found.append(Code(system, code, item["description"]))
    return tuple(found)
