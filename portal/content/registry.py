"""``published-links.toml``: every address ever sent out, which must keep landing.

Clinic emails, letters, QR codes and text messages carry an article's slug, its section ids and its
short code for years. A load that would break one is refused, naming what to add; a slug, section
or code not listed yet is reported by :func:`unlisted` (the content checks in the test suite use it).
"""

from __future__ import annotations

from pathlib import Path

from .schema import REGISTRY, read_toml_file
from .types import Article, ContentProblem

FILE_NAME = "published-links.toml"


def _entries(root: Path, problems: list[ContentProblem]) -> list[dict] | None:
    if not (root / FILE_NAME).exists():
        return None
    read = read_toml_file(root, root / FILE_NAME, problems, REGISTRY)
    return list(read[0]["article"]) if read else []


def check_published(root: Path, articles: list[Article], problems: list[ContentProblem]) -> None:
    """Report every published link the articles would no longer answer."""
    entries = _entries(root, problems) or []
    owner: dict[str, Article] = {}
    for article in articles:
        owner.update(dict.fromkeys(article.former_slugs, article))
    for article in articles:
        owner[article.slug] = article

    def problem(message: str) -> None:
        problems.append(ContentProblem(FILE_NAME, message))

    for entry in entries:
        slug = entry["slug"]
        article = owner.get(slug)
        if article is None:
            # The short code usually stays when an article is renamed: it names the file.
            code = entry["short_code"].upper()
            renamed = next((a.path for a in articles if code and a.short_code == code), None)
            problem(
                f"/procedures/{slug}/ was published, but no article has that slug: add "
                f'former_slugs = ["{slug}"] to {renamed or "the renamed article"}'
            )
            continue
        anchors = {s.anchor for s in article.sections}
        for anchor in entry["sections"]:
            if anchor not in anchors and anchor not in article.former_section_ids:
                problem(
                    f"/procedures/{slug}/#{anchor} was published, but {article.path} has no such "
                    f'section: add former_section_ids = {{ "{anchor}" = "<new-id>" }} to it, '
                    f"or move '{anchor}' to retired_sections here with a note"
                )
        for anchor, note in entry["retired_sections"].items():
            if not note:
                problem(f"retired section '{anchor}' of {slug} needs a note saying why it went")
        code = entry["short_code"]
        if code and code.upper() != article.short_code:
            problem(
                f"/go/{code}/ is printed on letters for {slug}, but {article.path} now has "
                f"short_code '{article.short_code}': set it back to '{code.upper()}'"
            )


def unlisted(root: Path, articles: list[Article]) -> list[str]:
    """Slugs, section ids and short codes the articles use that are not in the registry yet."""
    entries = _entries(root, []) or []
    listed = {
        (entry["slug"], anchor)
        for entry in entries
        for anchor in (*entry["sections"], *entry["retired_sections"])
    }
    codes = {entry["short_code"].upper() for entry in entries}
    missing = []
    for article in articles:
        for section in article.sections:
            if (article.slug, section.anchor) not in listed:
                missing.append(f"{article.slug}#{section.anchor}")
        if article.short_code not in codes:
            missing.append(f"/go/{article.short_code}/")
    return missing
