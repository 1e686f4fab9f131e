"""How hard a page is to read: words and Flesch-Kincaid grade of its visible text."""

from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

import textstat

# Flesch-Kincaid grade of patient pages and of the glossary: the content guide's target, 6.
MAX_GRADE = 6
ENGLISH = "en_US"  # textstat's own default
# Szigriszt-Pazos of Spanish pages: the content guide's floor, "bastante fácil" on INFLESZ.
MIN_EASE_ES = 65

# Block elements end a sentence for the grade even when the author left off the full stop,
# as a list item or a heading does for a reader.
_BLOCKS = frozenset({"p", "li", "h2", "h3", "h4", "td", "th", "blockquote", "dd", "dt"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        # The last character that is not a space, so far: whether a block ends a sentence.
        self.last = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        # A toggletip's definition is not part of the text a reader reads in place.
        if (tag == "span" and any(name == "popover" for name, _ in attrs)) or (
            self.hidden and tag == "span"
        ):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and tag == "span":
            self.hidden -= 1
        elif tag in _BLOCKS:
            if self.last and self.last not in ".!?:":
                self.parts.append(".")
                self.last = "."
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # Not text: the word joiner the glossary puts between a term and its punctuation.
            data = data.replace("\u2060", "")
            self.parts.append(data)
            self.last = data.rstrip()[-1:] or self.last


def plain_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def article_text(sections: Iterable[tuple[str, str]]) -> str:
    """The text a reader reads on an article: each (heading, section HTML) in turn."""
    return plain_text("".join(f"<h2>{escape(heading)}</h2>{html}" for heading, html in sections))


def reading_ease(text: str, language: str) -> float:
    """Szigriszt-Pazos (INFLESZ scale) for Spanish: 65 or more is "bastante fácil"."""
    if language != "es" or not text.strip():
        return 0.0
    # textstat keeps its language in a global; the load runs in one thread.
    textstat.set_lang("es")
    try:
        return round(textstat.szigriszt_pazos(text), 1)
    finally:
        textstat.set_lang(ENGLISH)


def word_count(text: str) -> int:
    return textstat.lexicon_count(text)


def grade(text: str) -> float:
    return round(textstat.flesch_kincaid_grade(text), 1) if text.strip() else 0.0


class _ListParser(HTMLParser):
    """The text of each item of a top-level bulleted list (steps in a numbered list are not
    questions)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.lists: list[str] = []  # the open ul / ol elements, outermost first
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self.depth += 1
            if self.depth == 1 and self.lists[:1] == ["ul"]:
                self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "li":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.lists[:1] == ["ul"]:
            self.items[-1] += data


def list_items(html: str) -> tuple[str, ...]:
    """The plain text of each bulleted item in ``html`` (nested lists join their parent's item)."""
    parser = _ListParser()
    parser.feed(html)
    parser.close()
    return tuple(" ".join(item.split()) for item in parser.items if item.strip())
