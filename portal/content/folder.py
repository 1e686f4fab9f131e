"""Read and validate a whole content folder, without touching the database.

Layout::

    procedures/<slug>.md    articles (see :mod:`.articles`)
    glossary.toml           [[term]] tables
    comparison.toml         [[question]] and [[value]] tables
    published-links.toml    every address ever sent out (see :mod:`.registry`)
    <language>/             the same in another language (see :mod:`.translations`)

Every problem is collected with its file and, where it can be, its line, so an editor sees all of
them at once; :func:`read_content` raises :class:`ContentError` if there is any.
"""

from __future__ import annotations

from pathlib import Path

from .articles import read_article
from .comparison import read_comparison
from .glossary import read_glossary
from .registry import check_published
from .source import TomlPositions
from .translations import read_languages
from .types import Article, Content, ContentError, ContentProblem

# Bounds a load whatever the folder holds: this many articles of at most source.MAX_FILE_BYTES.
MAX_ARTICLES = 5000


def read_content(folder: Path) -> Content:
    """Read and validate a whole content folder; raise ContentError listing every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError([ContentProblem(str(folder), "is not a folder")])
    problems: list[ContentProblem] = []
    questions, values = read_comparison(folder, problems)
    terms = read_glossary(folder, problems)
    article_dir = folder / "procedures"
    paths = sorted(article_dir.glob("*.md")) if article_dir.is_dir() else []
    if not paths:
        problems.append(ContentProblem("procedures/", "has no articles (*.md files)"))
    if len(paths) > MAX_ARTICLES:
        raise ContentError(
            [
                ContentProblem(
                    "procedures/", f"has {len(paths)} articles; the limit is {MAX_ARTICLES}"
                )
            ]
        )
    articles: list[tuple[Article, TomlPositions]] = []
    for path in paths:
        article, where = read_article(folder, path, questions, problems)
        if article is not None:
            articles.append((article, where))
    _check_across_articles(articles, problems)
    if not problems:
        check_published(folder, [a for a, _ in articles], problems)
    ordered = sorted((a for a, _ in articles), key=lambda a: (a.position, a.title.casefold()))
    content = Content(articles=ordered, terms=terms, questions=questions, values=values)
    if not problems:
        content.languages = read_languages(folder, content, problems)
    if problems:
        raise ContentError(problems)
    return content


def _check_across_articles(
    articles: list[tuple[Article, TomlPositions]], problems: list[ContentProblem]
) -> None:
    """Slugs, former slugs and short codes each lead to one article."""
    owners: dict[tuple[str, str], Article] = {}
    for field, kind in (("slug", "slug"), ("short_code", "short_code"), ("former_slugs", "slug")):
        for article, where in articles:
            value = getattr(article, field)
            for item in value if isinstance(value, tuple) else (value,):
                first = owners.setdefault((kind, item), article)
                if first is not article:
                    label = "former slug" if field == "former_slugs" else field
                    problems.append(
                        ContentProblem(
                            article.path,
                            f"{label} '{item}' is already used by {first.path}",
                            where(field),
                        )
                    )
