"""``glossary.toml``: one ``[[term]]`` table per term, with its definition and other forms."""

from __future__ import annotations

from pathlib import Path

from django.utils.text import slugify

from .schema import GLOSSARY, read_toml_file
from .types import ContentProblem, Term


def _key(form: str) -> str:
    return " ".join(form.casefold().split())


def read_glossary(root: Path, problems: list[ContentProblem]) -> list[Term]:
    read = read_toml_file(root, root / "glossary.toml", problems, GLOSSARY)
    if read is None:
        return []
    values, report, where = read
    terms: list[Term] = []
    owner_of_form: dict[str, str] = {}
    slugs: set[str] = set()
    for index, item in enumerate(values["term"]):
        name, line = item["term"], where("term", "term", index)
        slug = slugify(name)
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
