"""``content/<language>/``: the articles, glossary and comparison in another language.

A translation shares its English article's slug, section ids and question keys, so links stay
the same but for the language prefix. It is refused when it lacks a section, an answer, or a
definition for a glossary term its page uses; a translation made from an older version of its
English file loads, marked out of date, so staff know what to update.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from django.urls import reverse

from .articles import words
from .glossary import read_translated_glossary
from .schema import COMPARISON_TRANSLATION, TRANSLATION, check, read_toml_file
from .sections import split_sections
from .source import Report, TomlPositions, parse_toml, read_text, split_front_matter
from .types import Article, Content, ContentProblem, Language, Translation

# Languages besides English, each in content/<code>/ when the clinic has it.
LANGUAGES = ("es",)


def source_version(root: Path, article: Article) -> str:
    """What a translation's ``source_version`` must say to be up to date with ``article``."""
    return hashlib.sha256((root / article.path).read_bytes()).hexdigest()[:12]


def read_languages(root: Path, content: Content, problems: list[ContentProblem]) -> list[Language]:
    return [
        _read_language(root, code, content, problems)
        for code in LANGUAGES
        if (root / code).is_dir()
    ]


def _read_language(
    root: Path, code: str, content: Content, problems: list[ContentProblem]
) -> Language:
    # The marker finds the terms a page uses; imported here because it imports this package.
    from portal.glossary import GlossaryMarker, terms_in

    language = Language(code)
    language.terms = read_translated_glossary(root, code, content.terms, problems)
    language.questions, language.values = _read_comparison(root, code, content, problems)
    english = {a.slug: a for a in content.articles}
    marker = GlossaryMarker(content.terms, glossary_url="")
    defined = {t.slug for t in language.terms}
    names = {t.slug: t.term for t in content.terms}
    for path in sorted((root / code / "procedures").glob("*.md")):
        report = Report(root, path, problems)
        article = english.get(path.stem)
        if article is None:
            report.add(f"there is no English article procedures/{path.stem}.md to translate")
            continue
        translation = _read_translation(root, code, path, article, report)
        if translation is None:
            continue
        for source, section in zip(article.sections, translation.article.sections, strict=True):
            for slug in sorted(terms_in(marker, source.markdown) - defined):
                report.add(
                    f"the page uses the glossary term '{names[slug]}', which "
                    f"{code}/glossary.toml does not define",
                    section.line,
                )
        if not report.failed:
            language.translations.append(translation)
    return language


def _read_translation(
    root: Path, code: str, path: Path, article: Article, report: Report
) -> Translation | None:
    text = read_text(root, path, report)
    split = split_front_matter(text, report) if text is not None else None
    meta = parse_toml(split[0], report, line_offset=1) if split else None
    if meta is None:
        return None
    front, body, body_line = split
    where = TomlPositions(front, first_line=2)
    values = check(meta, TRANSLATION, report, where)
    sections = split_sections(body, body_line, report) if body.strip() else []
    wanted = [s.anchor for s in article.sections]
    found = [s.anchor for s in sections]
    missing = [a for a in wanted if a not in found]
    if missing:
        report.add(f"missing section(s) of the English page: {', '.join('{#' + a + '}' for a in missing)}")  # fmt: skip
    for section in sections:
        if section.anchor and section.anchor not in wanted:
            report.add(f"section id '{section.anchor}' is not in the English page", section.line)
    if not missing and [a for a in found if a in wanted] != wanted:
        report.add("sections must come in the English page's order", body_line)
    answers = values["answers"]
    for key in article.answers:
        if key not in answers:
            report.add(f"missing answer to comparison question '{key}'", where(None, "answers"))
    for key in sorted(set(answers) - set(article.answers)):
        report.add(f"unknown comparison question '{key}' in [answers]", where(key, "answers"))
    if len(values["conditions"]) != len(article.conditions):
        report.add(
            f"'conditions' must name the English page's {len(article.conditions)} in the same order",
            where("conditions"),
        )
    if report.failed:
        return None
    translated = dataclasses.replace(
        article,
        path=report.name,
        answers={key: answers[key] for key in article.answers},
        sections=tuple(sections),
        reviewer=values["reviewed_by"],
        **words(values),
    )
    version = values["source_version"]
    return Translation(
        language=code,
        path=report.name,
        article=translated,
        source_version=version,
        up_to_date=version == source_version(root, article),
        translated_by=values["translated_by"],
        reviewed_by=values["reviewed_by"],
    )


def _read_comparison(
    root: Path, code: str, content: Content, problems: list[ContentProblem]
) -> tuple[dict[str, str], dict[str, str]]:
    read = read_toml_file(root, root / code / "comparison.toml", problems, COMPARISON_TRANSLATION)
    if read is None:
        return {}, {}
    values, report, where = read
    found: list[dict[str, str]] = []
    for table, english in (
        ("question", [q.key for q in content.questions]),
        ("value", [v.key for v in content.values]),
    ):
        texts = {item["key"]: item["text"] for item in values[table]}
        for index, item in enumerate(values[table]):
            if item["key"] not in english:
                report.add(
                    f"{table} '{item['key']}' is not in comparison.toml", where("key", table, index)
                )
        for key in english:
            if key not in texts:
                report.add(f"missing {table} '{key}' of comparison.toml")
        found.append(texts)
    return found[0], found[1]


def glossary_path(code: str) -> str:
    return f"/{code}{reverse('portal:glossary')}"


def notes(root: Path, content: Content) -> list[str]:
    """For staff: each article not translated yet, and each translation older than its English
    file, with the ``source_version`` an updated translation must say."""
    lines = []
    for language in content.languages:
        translated = {t.article.slug: t for t in language.translations}
        for article in content.articles:
            version = source_version(root, article)
            found = translated.get(article.slug)
            if found is None:
                lines.append(f"{language.code}: {article.path} is not translated yet")
            elif not found.up_to_date:
                lines.append(
                    f"{found.path}: out of date: it translates version {found.source_version} of "
                    f'{article.path}, which is now {version}: bring it up to date, then change source_version to "{version}"'
                )
    return lines
