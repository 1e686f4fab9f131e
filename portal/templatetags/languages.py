"""The page in each language: ``hreflang`` alternates in the head and the visible link to the
page in the other language, both from the page's own address (see ``portal.languages``)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import override

from .. import languages, sharing

register = template.Library()


@dataclass(frozen=True)
class PageLanguage:
    code: str
    path: str  # the page in this language, or this language's home page when it has none
    exists: bool

    @property
    def url(self) -> str:
        return sharing.absolute_url(self.path)


def page_languages(context: template.Context) -> list[PageLanguage]:
    """This page in every language. A view names the languages a page exists in
    (``page_languages``) when not all have it, and may name its canonical address
    (``canonical_path``) when it is not the one asked for."""
    request = context.get("request")
    if request is None:  # a page made without a request (the outage page): no alternates
        return []
    path = context.get("canonical_path") or request.path
    have = context.get("page_languages") or languages.LANGUAGES
    return [
        PageLanguage(
            lang, languages.path_in(path, lang) if lang in have else _home(lang), lang in have
        )
        for lang in languages.LANGUAGES
    ]


def _home(lang: str) -> str:
    from django.urls import reverse

    with override(lang):
        return reverse("portal:home")


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> SafeString:
    """``<link rel=alternate hreflang>`` for each language the page is in, English as the
    default, and the page's ``og:locale``; none for a page in one language only."""
    found = [p for p in page_languages(context) if p.exists]
    current = languages.current()
    head = [format_html('<meta property="og:locale" content="{}">', languages.OG_LOCALES[current])]
    if len(found) > 1:
        head += [
            format_html(
                '<meta property="og:locale:alternate" content="{}">', languages.OG_LOCALES[p.code]
            )
            for p in found
            if p.code != current
        ]
        head.append(
            format_html_join(
                "\n  ",
                '<link rel="alternate" hreflang="{}" href="{}">',
                ((p.code, p.url) for p in found),
            )
        )
        default = next(p for p in found if p.code == languages.DEFAULT)
        head.append(
            format_html('<link rel="alternate" hreflang="x-default" href="{}">', default.url)
        )
    return SafeString("\n  ".join(head))


@register.inclusion_tag("portal/_language_switch.html", takes_context=True)
def language_switch(context: template.Context, swap: bool = False) -> dict:
    """The link to this page in the other language; ``swap`` sends it to replace the one in the
    page, when htmx shows a new comparison at a new address."""
    current = languages.current()
    return {
        "swap": swap,
        "others": [
            {**vars(p), "name": languages.NAMES[p.code]}
            for p in page_languages(context)
            if p.code != current
        ],
    }
