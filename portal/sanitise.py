"""The one allowlist for HTML that comes from content files.

Everything Markdown produces passes through :func:`clean` before it is stored. Only structural
tags survive; no attribute can carry script or style, and links may only use safe schemes.
"""

import bleach

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li", "ol", "p",
        "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "h3": ["id"],
    "h4": ["id"],
    "th": ["scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def clean(html: str) -> str:
    return _cleaner.clean(html)
