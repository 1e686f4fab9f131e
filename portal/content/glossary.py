"""``glossary.toml``: one ``[[term]]`` table per term, with its definition and other forms.

A glossary in another language (``<language>/glossary.toml``) names each entry by the English
term's ``slug``, so a page's toggletips and glossary links lead to the same entry in both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.text import slugify

from .schema import GLOSSARY, GLOSSARY_TRANSLATION, read_toml_file
from .source import Report, TomlPositions
from .types import ContentProblem, Term


def _key(form: str) -> str:
    return " ".join(form.casefold().split())


def read_glossary(root: Path, problems: list[ContentProblem]) -> list[Term]:
    read = read_toml_file(root, root / "glossary.toml", problems, GLOSSARY)
    if read is None:
        return []
    values, report, where = read
    return _terms(values["term"], report, where, slug_of=lambda item: slugify(item["term"]))


def read_translated_glossary(
    root: Path, language: str, english: list[Term], problems: list[ContentProblem]
) -> list[Term]:
    read = read_toml_file(root, root / language / "glossary.toml", problems, GLOSSARY_TRANSLATION)
    if read is None:
        return []
    values, report, where = read
    known = {t.slug for t in english}
    for index, item in enumerate(values["term"]):
        if item["slug"] and item["slug"] not in known:
            report.add(
                f"slug '{item['slug']}' is not a term in the English glossary",
                where("slug", "term", index),
            )
    return _terms(values["term"], report, where, slug_of=lambda item: item["slug"])


def _terms(
    items: tuple[dict[str, Any], ...], report: Report, where: TomlPositions, slug_of
) -> list[Term]:
    terms: list[Term] = []
    owner_of_form: dict[str, str] = {}
    slugs: set[str] = set()
    for index, item in enumerate(items):
        name, line = item["term"], where("term", "term", index)
        slug = slug_of(item) if name else ""
        if not name:
            continue
        if not slug:
            report.add(f"term '{name}' needs at least one letter or digit", line)
            continue
        if _key(name) in owner_of_form.values() or slug in slugs:
            report.add(f"term '{name}' is defined twice", line)
            continue
        slugs.add(slug)
        for form in (name, *item["other_forms"]):
            owner = owner_of_form.setdefault(_key(form), _key(name))
            if owner != _key(name):
                report.add(
                    f"'{form}' belongs to both '{owner}' and '{name}'; "
                    "a word can lead to one definition only",
                    line,
                )
        terms.append(Term(slug, name, item["definition"], item["other_forms"]))
    return terms
