"""Links to pages that clinic staff and patients pass on: in emails, letters and text messages.

Every absolute address is built from ``settings.SITE_URL``, never from the request's Host header,
so a link copied on any machine (or behind any proxy) is the one patients should use. A link
names a page and nothing else: nothing about a patient is ever put in it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import quote

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext

from . import comparison
from .models import Procedure, Section

# Medium error correction survives a smudged or creased printed letter; "H" would make the code
# denser than a small print needs.
QR_ERROR = "m"
QR_SCALE = 4


def absolute_url(path: str) -> str:
    """``path`` (starting with ``/``) on the configured site address."""
    if not path.startswith("/"):
        raise ValueError(f"expected a site path starting with '/', got {path!r}")
    return f"{settings.SITE_URL}{path}"


def mailto(subject: str, body: str) -> str:
    """A ``mailto:`` link with no recipient, per RFC 6068: spaces as %20, lines as %0D%0A."""
    body = "\r\n".join(body.splitlines())
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


@dataclass(frozen=True)
class Link:
    """A page (or a part of one) as staff pass it on."""

    key: str  # stable and unique: names the QR code's file
    title: str
    sentence: str  # one plain sentence on what the reader will find
    path: str
    short_path: str = ""

    @property
    def url(self) -> str:
        return absolute_url(self.path)

    @property
    def short_url(self) -> str:
        return absolute_url(self.short_path) if self.short_path else ""

    @property
    def email_text(self) -> str:
        return f"{self.title}\n{self.sentence}\n{self.url}"

    @property
    def email_html(self) -> str:
        return format_html(
            '<p><strong>{}</strong><br>{}<br><a href="{}">{}</a></p>',
            self.title,
            self.sentence,
            self.url,
            self.url,
        )

    @property
    def mailto(self) -> str:
        # The page's title and address only: an email client may keep a draft anywhere.
        return mailto(self.title, f"{self.title}\n{self.url}")


def procedure_link(procedure: Procedure) -> Link:
    return Link(
        key=procedure.slug,
        title=procedure.title,
        sentence=procedure.summary,
        path=procedure.get_absolute_url(),
        short_path=_short_path(procedure),
    )


def section_link(procedure: Procedure, section: Section) -> Link:
    return Link(
        key=f"{procedure.slug}.{section.anchor}",
        title=f"{procedure.title}: {section.heading}",
        sentence=f"This link opens the part called “{section.heading}” on our page about "
        f"{procedure.title}.",
        path=f"{procedure.get_absolute_url()}#{section.anchor}",
        short_path=_short_path(procedure, section.anchor),
    )


def comparison_link(procedures: Sequence[Procedure]) -> Link:
    return Link(
        key=".".join(["compare", *(p.slug for p in procedures)]),
        title=f"Compare {get_text_list([p.title for p in procedures], gettext('and'))}",
        sentence="This page answers the same questions about each procedure, side by side.",
        path=comparison.compare_path(list(procedures)),
    )


def comparison_choices(procedures: Sequence[Procedure]) -> list[tuple[Procedure, ...]]:
    """Every comparison worth sending: each pair, then each larger set, in display order."""
    return [
        chosen
        for size in range(comparison.MIN_CHOICE, comparison.MAX_CHOICE + 1)
        for chosen in combinations(procedures, size)
    ]


def comparison_links(procedures: Sequence[Procedure]) -> list[Link]:
    return [comparison_link(chosen) for chosen in comparison_choices(procedures)]


def _short_path(procedure: Procedure, anchor: str | None = None) -> str:
    if not procedure.short_code:
        return ""
    if anchor is None:
        return reverse("portal:short_link", args=[procedure.short_code])
    return reverse("portal:short_link_section", args=[procedure.short_code, anchor])


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error=QR_ERROR, micro=False)


def qr_svg(url: str) -> str:
    """A standalone SVG file: colours as attributes, no ``style``, a title for screen readers."""
    out = io.BytesIO()
    qr_code(url).save(
        out, kind="svg", scale=QR_SCALE, dark="#000", light="#fff", title=f"QR code: {url}"
    )
    return out.getvalue().decode()


def qr_png(url: str) -> bytes:
    """For letter templates in programs that cannot place an SVG."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=QR_SCALE * 2, dark="#000", light="#fff")
    return out.getvalue()
