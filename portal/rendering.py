"""Turn validated content into the HTML that is stored: Markdown, sanitising, glossary marks.

This runs when content loads, never on the request path. Order matters: Markdown first, then the
allowlist in :mod:`portal.sanitise` cleans what the author wrote, then the glossary marker adds its
own, trusted toggletip markup.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cached_property
from html import escape

import markdown
from django.urls import reverse

from . import readability, sanitise
from .glossary import GlossaryMarker
from .loading import Article, Content, Term

MARKDOWN_EXTENSIONS = ["sane_lists", "smarty", "tables"]


@dataclass(frozen=True)
class RenderedSection:
    anchor: str
    heading: str
    html: str
    former_anchors: tuple[str, ...]


@dataclass(frozen=True)
class RenderedArticle:
    source: Article
    sections: tuple[RenderedSection, ...]
    answers: dict[str, str]  # question key -> HTML
    terms: tuple[str, ...]  # glossary slugs used anywhere on the article page
    words_used_html: str
    word_count: int
    reading_grade: float

    @cached_property
    def digest(self) -> str:
        """Changes when anything stored for this article would change."""
        source = asdict(self.source)
        # Where a section starts in the file is not content: a blank line added above it
        # must not count as a change.
        for section in source["sections"]:
            del section["line"]
        data = {
            "source": source,
            "sections": [asdict(s) for s in self.sections],
            "answers": self.answers,
            "terms": self.terms,
            "words_used_html": self.words_used_html,
            "word_count": self.word_count,
            "reading_grade": self.reading_grade,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class RenderedContent:
    content: Content
    articles: tuple[RenderedArticle, ...]

    @property
    def digest(self) -> str:
        data = {
            "articles": [a.digest for a in self.articles],
            "terms": [asdict(t) for t in self.content.terms],
            "questions": [asdict(q) for q in self.content.questions],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class Renderer:
    def __init__(self, terms: list[Term]):
        self._markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
        self.terms = {t.slug: t for t in terms}
        self.marker = GlossaryMarker(terms, glossary_url=reverse("portal:glossary"))

    def markdown(self, text: str) -> str:
        """Markdown to sanitised HTML, with no glossary marks."""
        return sanitise.clean(self._markdown.reset().convert(text))

    def inline(self, text: str) -> str:
        """Sanitised HTML for a single line of inline Markdown, such as a heading."""
        html = self.markdown(text).strip()
        return html.removeprefix("<p>").removesuffix("</p>")

    def article(self, article: Article) -> RenderedArticle:
        sections = []
        used: list[str] = []
        for source in article.sections:
            marked = self.marker.mark(
                self.markdown(source.markdown), id_prefix=f"def-{source.anchor}"
            )
            used.extend(slug for slug in marked.terms if slug not in used)
            former = tuple(
                old for old, new in article.former_section_ids.items() if new == source.anchor
            )
            sections.append(RenderedSection(source.anchor, source.heading, marked.html, former))
        body_text = readability.plain_text(
            "".join(f"<h2>{escape(s.heading)}</h2>{s.html}" for s in sections)
        )
        answers = {}
        for key, text in article.answers.items():
            marked = self.marker.mark(self.markdown(text), id_prefix=f"def-{article.slug}-{key}")
            answers[key] = marked.html
        return RenderedArticle(
            source=article,
            sections=tuple(sections),
            answers=answers,
            terms=tuple(used),
            words_used_html=self.words_used(used),
            word_count=readability.word_count(body_text),
            reading_grade=readability.grade(body_text),
        )

    def words_used(self, slugs: list[str]) -> str:
        """The printed page's list of definitions, in alphabetical order."""
        if not slugs:
            return ""
        terms = sorted((self.terms[s] for s in slugs), key=lambda t: t.term.casefold())
        items = "".join(f"<dt>{escape(t.term)}</dt><dd>{escape(t.definition)}</dd>" for t in terms)
        return f"<dl>{items}</dl>"


def render_content(content: Content) -> RenderedContent:
    renderer = Renderer(content.terms)
    return RenderedContent(content, tuple(renderer.article(a) for a in content.articles))
