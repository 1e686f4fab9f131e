"""How hard a page is to read: words and Flesch-Kincaid grade of its visible text."""

from html.parser import HTMLParser

import textstat

# Flesch-Kincaid grade of patient pages: the content guide aims at 6 and allows 8 at most.
TARGET_GRADE = 6
MAX_GRADE = 8

# Block elements end a sentence for the grade even when the author left off the full stop,
# as a list item or a heading does for a reader.
_BLOCKS = frozenset({"p", "li", "h2", "h3", "h4", "td", "th", "blockquote", "dd", "dt"})


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

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
            text = "".join(self.parts).rstrip()
            if text and text[-1] not in ".!?:":
                self.parts.append(".")
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def word_count(text: str) -> int:
    return textstat.lexicon_count(text)


def grade(text: str) -> float:
    return round(textstat.flesch_kincaid_grade(text), 1) if text.strip() else 0.0
