"""Read one content file safely, and find where things are in it.

A content file is refused, with the reason, when it could stall or mislead the load: anything but
a regular file, a link leading outside the content folder, more than ``MAX_FILE_BYTES``, a line
longer than ``MAX_LINE_CHARS`` (Markdown's inline patterns slow down sharply on very long lines),
NUL bytes or text that is not UTF-8. Old Mac (CR) and Windows (CRLF) line endings are accepted.

tomllib reports no positions, so :class:`TomlPositions` finds the line of a key by reading the
text: the n-th parsed ``[[table]]`` is the n-th header of that name.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from .types import ContentProblem

MAX_FILE_BYTES = 256 * 1024
MAX_LINE_CHARS = 4000
FRONT_MATTER_FENCE = "+++"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.-]+)\s*\]")


class Report:
    """Collects the problems of one file, named relative to the content folder."""

    def __init__(self, root: Path, path: Path, sink: list[ContentProblem]):
        self.name = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        self.sink = sink
        self.start = len(sink)

    def add(self, message: str, line: int | None = None) -> None:
        self.sink.append(ContentProblem(self.name, message, line))

    @property
    def failed(self) -> bool:
        return len(self.sink) > self.start


def read_text(root: Path, path: Path, report: Report) -> str | None:
    """The file's text with ``\\n`` line endings, or None after reporting why it cannot be used."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        report.add("is missing")
        return None
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(Path(os.path.realpath(root))):
            report.add("is a link to a file outside the content folder; copy the file in instead")
            return None
        info = target.stat()
    # A FIFO or device would block the load or never end: only regular files are read.
    if not stat.S_ISREG(info.st_mode):
        report.add("is not a regular file")
        return None
    if info.st_size > MAX_FILE_BYTES:
        report.add(f"is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it up")
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        report.add(f"cannot be read: {exc.strerror}")
        return None
    if len(data) > MAX_FILE_BYTES:
        report.add(f"is more than {MAX_FILE_BYTES:,} bytes: split it up")
        return None
    if b"\0" in data:
        report.add("contains a NUL byte: it is not a text file", _line_at(data, data.index(b"\0")))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        report.add(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "save it as UTF-8",
            _line_at(data, exc.start),
        )
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            report.add(
                f"line is {len(line):,} characters long; the limit is {MAX_LINE_CHARS:,}: "
                "break it into shorter lines or paragraphs",
                number,
            )
            return None
    return text


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def parse_toml(text: str, report: Report, line_offset: int = 0) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = int(match.group(1)) + line_offset if match else None
        report.add(f"malformed TOML: {_TOML_POSITION.sub('', message).strip()}", line)
        return None


def split_front_matter(text: str, report: Report) -> tuple[str, str, int] | None:
    """(front matter, body, line number where the body starts), or None after a report."""
    lines = text.split("\n")
    if lines[0].strip() != FRONT_MATTER_FENCE:
        report.add(
            f"has no front matter: the file must start with a line '{FRONT_MATTER_FENCE}'", 1
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    report.add(f"front matter is not closed: add a line '{FRONT_MATTER_FENCE}' after it", 1)
    return None


class TomlPositions:
    """Line numbers (1-based, in the file) of keys and tables in a TOML text."""

    def __init__(self, text: str, first_line: int = 1):
        self.lines = text.split("\n")
        self.offset = first_line
        # (name, start index, end index) of each table, in order; None names the top level.
        self.tables: list[tuple[str | None, int, int]] = []
        starts = [(i, m[2]) for i, line in enumerate(self.lines) if (m := _HEADER.match(line))]
        bounds = [*(i for i, _ in starts), len(self.lines)]
        self.tables.append((None, 0, bounds[0]))
        for (index, name), end in zip(starts, bounds[1:], strict=True):
            self.tables.append((name, index, end))
        # Each name's spans in order: a glossary of a thousand [[term]] tables is looked up
        # thousands of times.
        self._spans: dict[str | None, list[tuple[int, int]]] = {}
        for name, start, end in self.tables:
            self._spans.setdefault(name, []).append((start, end))

    def _span(self, table: str | None, index: int) -> tuple[int, int] | None:
        found = self._spans.get(table, [])
        return found[index] if index < len(found) else None

    def __call__(self, key: str | None, table: str | None = None, index: int = 0) -> int | None:
        """The line assigning ``key`` in the ``index``-th ``table``, else the table's header."""
        span = self._span(table, index)
        if span is None:
            return None if table is None else self(table)
        start, end = span
        if key is not None:
            pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for number in range(start + (table is not None), end):
                if pattern.match(self.lines[number]):
                    return number + self.offset
        if table is not None:
            return start + self.offset
        # A top-level key may be written as a [table] or [[table]] of its own.
        header = self._span(key, 0) if key is not None else None
        return header[0] + self.offset if header else None
