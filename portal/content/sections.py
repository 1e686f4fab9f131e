"""Split an article's Markdown body into its ``## Heading {#id}`` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import SLUG
from .source import Report
from .types import SourceSection

SECTION_HEADING = re.compile(
    r"^##(?!#)\s*(?P<heading>.*?)\s*(?:\{\s*#(?P<anchor>[^}\s]*)\s*\})?\s*$"
)
TITLE_HEADING = re.compile(r"^#(?!#)\s")
CODE_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class _Open:
    anchor: str
    heading: str
    line: int
    lines: list[str] = field(default_factory=list)

    def close(self) -> SourceSection:
        return SourceSection(self.anchor, self.heading, "\n".join(self.lines).strip(), self.line)


def split_sections(body: str, first_line: int, report: Report) -> list[SourceSection]:
    sections: list[SourceSection] = []
    current: _Open | None = None
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if CODE_FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and TITLE_HEADING.match(line):
            report.add(
                "a '# ' heading in the body: the title comes from front matter; use '## '", number
            )
            continue
        match = None if in_fence else SECTION_HEADING.match(line)
        if match:
            if current is not None:
                sections.append(current.close())
            current = _Open(_anchor(match, number, report), match["heading"], number)
            if not current.heading:
                report.add("a section heading has no text", number)
        elif current is not None:
            current.lines.append(line)
        elif line.strip():
            report.add("text before the first '## ' section heading", number)
            current = _Open("", "", number, [line])
    if current is not None:
        sections.append(current.close())
    _check_ids(sections, report)
    return sections


def _anchor(match: re.Match, number: int, report: Report) -> str:
    heading, anchor = match["heading"], match["anchor"]
    if anchor is None:
        report.add(
            f"section heading '{heading}' has no stable id: end it with {{#some-id}}", number
        )
        return ""
    if not SLUG.match(anchor):
        report.add(f"section id '{anchor}' must be lower-case letters, digits and -", number)
    return anchor


def _check_ids(sections: list[SourceSection], report: Report) -> None:
    first: dict[str, int] = {}
    for section in sections:
        if section.anchor in first:
            report.add(
                f"section id '{section.anchor}' is used twice (first on line "
                f"{first[section.anchor]})",
                section.line,
            )
        elif section.anchor:
            first[section.anchor] = section.line
        if section.anchor and not section.markdown:
            report.add(f"section '{section.anchor}' has no text", section.line)
