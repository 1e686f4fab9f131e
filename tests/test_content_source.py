"""portal.content.source: files that could stall, mislead or escape the load are refused quickly,
with the file and line, and nothing is written."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.content import ContentError, read_content
from portal.content.source import MAX_FILE_BYTES, MAX_LINE_CHARS, TomlPositions
from portal.models import Procedure

ARTICLE = "procedures/surgical-rhizotomy.md"


def fifo(folder: Path) -> str:
    os.mkfifo(folder / "procedures" / "pipe.md")
    return "procedures/pipe.md: is not a regular file"


def link_outside(folder: Path) -> str:
    outside = folder.parent / "secret.md"
    outside.write_text((folder / ARTICLE).read_text())
    (folder / "procedures" / "secret.md").symlink_to(outside)
    return "procedures/secret.md: is a link to a file outside the content folder"


def too_large(folder: Path) -> str:
    path = folder / ARTICLE
    path.write_text(path.read_text() + ("Plain words. " * 10 + "\n\n") * (MAX_FILE_BYTES // 100))
    return f"{ARTICLE}: is "


def long_line(folder: Path) -> str:
    path = folder / ARTICLE
    # A long run of unclosed links is slow for Markdown's inline patterns.
    path.write_text(path.read_text() + "\n" + "[a](" * (MAX_LINE_CHARS // 4 + 1) + "\n")
    return f"characters long; the limit is {MAX_LINE_CHARS:,}"


def nul_byte(folder: Path) -> str:
    path = folder / ARTICLE
    path.write_bytes(path.read_bytes().replace(b"Key points", b"Key\0points", 1))
    return f"{ARTICLE}:"


HOSTILE = [fifo, link_outside, too_large, long_line, nul_byte]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.__name__ for h in HOSTILE])
def test_a_hostile_file_is_refused_quickly_and_nothing_is_written(
    hostile, content_copy: Path, loaded
):
    before = sorted(Procedure.objects.values_list("slug", "source_digest"))
    expected = hostile(content_copy)
    start = time.monotonic()

    with pytest.raises(CommandError) as raised:
        call_command("load_content", str(content_copy), stdout=io.StringIO())

    assert time.monotonic() - start < 10
    assert expected in str(raised.value)
    assert sorted(Procedure.objects.values_list("slug", "source_digest")) == before


def test_a_nul_byte_is_reported_on_its_line(content_copy: Path):
    nul_byte(content_copy)
    line = next(
        n
        for n, text in enumerate((content_copy / ARTICLE).read_bytes().split(b"\n"), start=1)
        if b"\0" in text
    )

    with pytest.raises(ContentError) as raised:
        read_content(content_copy)

    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (ARTICLE, line)
    assert "NUL" in problem.message


def test_a_link_inside_the_folder_is_followed(content_copy: Path):
    procedures = content_copy / "procedures"
    (procedures / "surgical-rhizotomy.md").rename(content_copy / "kept-elsewhere.md")
    (procedures / "surgical-rhizotomy.md").symlink_to(content_copy / "kept-elsewhere.md")

    assert "surgical-rhizotomy" in [a.slug for a in read_content(content_copy).articles]


@pytest.mark.parametrize("ending", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_old_mac_and_windows_line_endings_load(content_copy: Path, ending: str):
    unix = read_content(content_copy)
    for path in content_copy.rglob("*.*"):
        path.write_bytes(path.read_bytes().replace(b"\n", ending.encode()))

    content = read_content(content_copy)

    assert content.articles == unix.articles
    assert content.terms == unix.terms


def test_positions_find_keys_in_tables_and_arrays_of_tables():
    text = (
        'title = "x"\n\n[[code]]\nsystem = "CPT"\n\n[[code]]\ncode = "1"\n\n[help]\nurgent = []\n'
    )
    where = TomlPositions(text, first_line=2)

    assert where("title") == 2
    assert where("system", "code", 0) == 5
    assert where("code", "code", 1) == 8
    assert where("missing", "code", 1) == 7  # the table's header
    assert where("urgent", "help") == 11
    assert where("anything", "nowhere") is None
