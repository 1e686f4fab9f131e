"""Mark glossary terms in sanitised HTML as toggletips.

The first use of each term in a piece of HTML (one article section, one comparison cell) becomes a
``<button popovertarget>`` followed by its ``<span popover>`` definition: the browser's Popover API
opens it by tap, click, Enter or Space and closes it with Escape or a tap elsewhere, with no script.

All terms' forms are compiled into one trie-shaped regular expression, so the text is scanned once
and each position costs about the length of the longest form, not the number of terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.translation import get_language, gettext

from .content import Term

# Text inside these elements is never marked: headings name sections, links and buttons are
# already interactive, code is literal.
SKIP_ELEMENTS = frozenset(
    {"a", "button", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6"}
)
# Closing punctuation, including typographic quotes (U+2019, U+201D).
TRAILING_PUNCTUATION = re.compile("[.,;:!?)\\]}\u2019\u201d\"']+")
WORD_JOINER = "\u2060"
_END = ""  # marks the end of a form in the trie


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def trie_pattern(forms: Iterable[str]) -> str:
    """A regular expression matching any of ``forms`` (case-folded), longest first."""
    trie: dict = {}
    for form in forms:
        node = trie
        for char in _normalise(form):
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    branches = []
    for char in sorted(k for k in node if k != _END):
        piece = r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _node_pattern(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        # Greedy optional: the longer form is tried first, the shorter one is the fallback.
        return "(?:" + body + ")?"
    return body


@dataclass(frozen=True)
class Marked:
    html: str
    terms: tuple[str, ...]  # slugs of the terms marked, in order of first use


class GlossaryMarker:
    def __init__(self, terms: Iterable[Term], glossary_url: str):
        self.glossary_url = glossary_url
        self._terms: dict[str, Term] = {}
        self._tips: dict[tuple[str | None, str], tuple[str, str]] = {}
        for term in terms:
            for form in term.forms:
                self._terms[_normalise(form)] = term
        self._pattern = (
            re.compile(r"(?<!\w)" + trie_pattern(self._terms) + r"(?!\w)", re.IGNORECASE)
            if self._terms
            else None
        )

    def mark(self, html: str, id_prefix: str) -> Marked:
        """Mark the first use of each term in ``html``; ids start with ``id_prefix``."""
        if self._pattern is None:
            return Marked(html, ())
        parser = _MarkingParser(self, id_prefix)
        parser.feed(html)
        parser.close()
        return Marked("".join(parser.out), tuple(parser.used))

    def toggletip(self, term: Term, text: str, popover_id: str) -> str:
        definition, close = self._tip_parts(term)
        return (
            f'<button type="button" class="term" popovertarget="{popover_id}">{escape(text)}</button>'
            f'<span class="toggletip" id="{popover_id}" popover>{definition}'
            # On a touch screen an open definition may cover the next word: a visible way out.
            f'<button type="button" class="toggletip-close" popovertarget="{popover_id}" '
            f'popovertargetaction="hide">{close}'
        )

    def _tip_parts(self, term: Term) -> tuple[str, str]:
        """What a term's toggletips share, in the active language: made once per load, not per
        use."""
        key = (get_language(), term.slug)
        if key not in self._tips:
            self._tips[key] = (
                f'<strong class="toggletip-term">{escape(term.term)}</strong> '
                f"{escape(term.definition)} "
                f'<a href="{escape(self.glossary_url)}#{term.slug}">'
                + gettext("More about “%(term)s” in the glossary") % {"term": escape(term.term)}
                + "</a> ",
                gettext("Close")
                + '<span class="visually-hidden"> '
                + gettext("the meaning of “%(term)s”") % {"term": escape(term.term)}
                + "</span></button></span>",
            )
        return self._tips[key]

    def mark_text(self, text: str, id_prefix: str, used: list[str]) -> str:
        out = []
        position = 0
        for match in self._pattern.finditer(text):
            term = self._terms[_normalise(match.group())]
            if term.slug in used:
                continue
            used.append(term.slug)
            out.append(escape(text[position : match.start()], quote=False))
            tip = self.toggletip(term, match.group(), f"{id_prefix}_{term.slug}")
            position = match.end()
            # A button is an atomic inline box, so a line may break right after it and leave
            # the full stop alone at the start of the next line. A word joiner (U+2060) keeps
            # them together where they fit, yet lets them part rather than overflow a narrow
            # line, which white-space: nowrap would not.
            trailing = TRAILING_PUNCTUATION.match(text, position)
            if trailing:
                tip = (
                    f'<span class="term-group">{tip}{WORD_JOINER}'
                    f"{escape(trailing.group(), quote=False)}</span>"
                )
                position = trailing.end()
            out.append(tip)
        out.append(escape(text[position:], quote=False))
        return "".join(out)


class _MarkingParser(HTMLParser):
    """Copies sanitised HTML through, marking terms in text that is not in a skipped element."""

    def __init__(self, marker: GlossaryMarker, id_prefix: str):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.id_prefix = id_prefix
        self.out: list[str] = []
        self.used: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in SKIP_ELEMENTS:
            self.skip_depth += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in SKIP_ELEMENTS and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self.marker.mark_text(data, self.id_prefix, self.used))


def terms_in(marker: GlossaryMarker, text: str) -> set[str]:
    """The slugs of every term ``marker`` knows that occurs in plain ``text``."""
    if marker._pattern is None:
        return set()
    return {marker._terms[_normalise(m.group())].slug for m in marker._pattern.finditer(text)}
