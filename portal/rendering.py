"""Turn validated content into the HTML that is stored: Markdown, sanitising, glossary marks.

This runs when content loads, never on the request path. Order matters: Markdown first, then the
allowlist in :mod:`portal.sanitise` cleans what the author wrote, then the glossary marker adds its
own, trusted toggletip markup.

An article whose source, glossary and questions are unchanged since it was stored (its digest is
the same) is not rendered again: a reload with nothing changed renders nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

import markdown
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from . import parallel, readability, sanitise
from .content import Article, Content, Term
from .content.translations import glossary_path
from .content.types import Language, Translation
from .glossary import GlossaryMarker

MARKDOWN_EXTENSIONS = ["sane_lists", "smarty", "tables"]
QUESTIONS_SECTION = "questions"


def _code_digest() -> str:
    """Changes when the code that renders content changes, so a deploy renders again."""
    digest = hashlib.sha256(markdown.__version__.encode())
    for module in ("rendering", "glossary", "sanitise", "readability"):
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    return digest.hexdigest()


RENDERER_DIGEST = _code_digest()


@dataclass(frozen=True)
class RenderedSection:
    anchor: str
    heading: str
    html: str
    former_anchors: tuple[str, ...]


@dataclass(frozen=True)
class RenderedArticle:
    source: Article
    digest: str
    sections: tuple[RenderedSection, ...]
    answers: dict[str, str]  # question key -> HTML
    terms: tuple[str, ...]  # glossary slugs used anywhere on the article page
    question_list: tuple[str, ...]  # the questions section's items, as plain text
    words_used_html: str
    word_count: int
    reading_grade: float
    # The text a reader reads, headings included, without the definitions the marks hold.
    body_text: str = ""


@dataclass(frozen=True)
class RenderedTranslation:
    source: Translation
    article: RenderedArticle
    reading_ease: float  # Szigriszt-Pazos, for Spanish


@dataclass(frozen=True)
class RenderedContent:
    content: Content
    digests: dict[str, str]  # slug -> digest, for every article
    articles: tuple[RenderedArticle, ...]  # the articles rendered: new or changed ones
    # (language, slug) -> digest of every translation, and those rendered (new or changed)
    translation_digests: dict[tuple[str, str], str] = field(default_factory=dict)
    translations: tuple[RenderedTranslation, ...] = ()

    @property
    def digest(self) -> str:
        """The version of the whole content: the ETag of every public page derives from it."""
        return _digest(
            {
                "articles": sorted(self.digests.items()),
                "translations": sorted(self.translation_digests.items()),
                "values": [asdict(v) for v in self.content.values],
                "languages": [(x.code, x.questions, x.values) for x in self.content.languages],
            }
        )


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _article_digest(shared: str, article: Article, *extra: object) -> str:
    source = asdict(article)
    # Where a section starts in the file is not content: a blank line added above it must not
    # count as a change.
    for section in source["sections"]:
        del section["line"]
    return _digest({"shared": shared, "source": source, "extra": extra})


def article_digests(content: Content) -> dict[str, str]:
    """Each article's digest: what its stored rows are made from, and how they are made."""
    shared = _digest(
        {
            "code": RENDERER_DIGEST,
            "terms": [asdict(t) for t in content.terms],
            "questions": [asdict(q) for q in content.questions],
        }
    )
    return {a.slug: _article_digest(shared, a) for a in content.articles}


def translation_digests(language: Language) -> dict[tuple[str, str], str]:
    shared = _digest({"code": RENDERER_DIGEST, "terms": [asdict(t) for t in language.terms]})
    return {
        (t.language, t.article.slug): _article_digest(shared, t.article, asdict(t))
        for t in language.translations
    }


class Renderer:
    def __init__(self, terms: list[Term], glossary_url: str = ""):
        self._markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
        self.terms = {t.slug: t for t in terms}
        # The English glossary, whatever language was active when the load began.
        with override(settings.LANGUAGE_CODE):
            english_glossary = reverse("portal:glossary")
        self.marker = GlossaryMarker(terms, glossary_url=glossary_url or english_glossary)

    def markdown(self, text: str) -> str:
        """Markdown to sanitised HTML, with no glossary marks."""
        return sanitise.clean(self._markdown.reset().convert(text))

    def article(self, article: Article, digest: str) -> RenderedArticle:
        sections = []
        unmarked = []
        used: list[str] = []
        question_list: tuple[str, ...] = ()
        for source in article.sections:
            html = self.markdown(source.markdown)
            unmarked.append((source.heading, html))
            if source.anchor == QUESTIONS_SECTION:
                question_list = readability.list_items(html)
            marked = self.marker.mark(html, id_prefix=f"def_{source.anchor}")
            used.extend(slug for slug in marked.terms if slug not in used)
            former = tuple(
                old for old, new in article.former_section_ids.items() if new == source.anchor
            )
            sections.append(RenderedSection(source.anchor, source.heading, marked.html, former))
        # The marks add no text a reader reads in place: the HTML before them reads the same
        # and is far quicker to take apart.
        body_text = readability.article_text(unmarked)
        answers = {}
        for key, text in article.answers.items():
            marked = self.marker.mark(self.markdown(text), id_prefix=f"def_{article.slug}_{key}")
            answers[key] = marked.html
        return RenderedArticle(
            source=article,
            digest=digest,
            sections=tuple(sections),
            answers=answers,
            terms=tuple(used),
            question_list=question_list,
            words_used_html=self.words_used(used),
            word_count=readability.word_count(body_text),
            reading_grade=readability.grade(body_text),
            body_text=body_text,
        )

    def words_used(self, slugs: list[str]) -> str:
        """The printed page's list of definitions, in alphabetical order."""
        if not slugs:
            return ""
        terms = sorted((self.terms[s] for s in slugs), key=lambda t: t.term.casefold())
        items = "".join(f"<dt>{escape(t.term)}</dt><dd>{escape(t.definition)}</dd>" for t in terms)
        return f"<dl>{items}</dl>"


def render_articles(
    terms: list[Term], todo: list[tuple[Article, str]]
) -> tuple[RenderedArticle, ...]:
    """Each (article, digest) rendered, in order; a large load on several cores at once."""
    return parallel.render(Renderer(terms), todo) if todo else ()


def render_content(
    content: Content,
    stored: dict[str, str] | None = None,
    stored_translations: dict[tuple[str, str], str] | None = None,
) -> RenderedContent:
    """Render every article and translation whose digest differs from the stored one."""
    stored, stored_translations = stored or {}, stored_translations or {}
    digests = article_digests(content)
    changed = [a for a in content.articles if stored.get(a.slug) != digests[a.slug]]
    articles = render_articles(content.terms, [(a, digests[a.slug]) for a in changed])
    all_translations: dict[tuple[str, str], str] = {}
    translations = []
    for language in content.languages:
        language_digests = translation_digests(language)
        all_translations.update(language_digests)
        todo = [
            t
            for t in language.translations
            if stored_translations.get((t.language, t.article.slug))
            != language_digests[(t.language, t.article.slug)]
        ]
        if todo:
            renderer = Renderer(language.terms, glossary_path(language.code))
        for translation in todo:
            digest = language_digests[(translation.language, translation.article.slug)]
            # The words the marker adds around a definition, in the page's language.
            with override(translation.language):
                article = renderer.article(translation.article, digest)
            ease = readability.reading_ease(article.body_text, translation.language)
            translations.append(RenderedTranslation(translation, article, ease))
    return RenderedContent(content, digests, articles, all_translations, tuple(translations))
