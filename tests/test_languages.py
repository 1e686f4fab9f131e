"""Which language a request asks for, and which page it gets."""

from __future__ import annotations

import pytest

from portal.languages import is_language_tag, language_of, localized_url


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("es", "es"),
        ("es-MX", "es"),
        ("es-419", "es"),
        ("spa", "es"),
        ("eng", "en"),
        ("fr", "en"),  # no French pages: English
        ("zh-Hant-TW", "en"),
    ],
)
def test_a_language_tag_asks_for_a_portal_language(tag, language):
    assert is_language_tag(tag)
    assert language_of(tag) == language


@pytest.mark.parametrize("value", ["", "e", "en US", "en--US", "en-", "\u00e9s", "en-US!", "1234"])
def test_what_is_not_a_language_tag(value):
    assert not is_language_tag(value)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_only_english_pages_exist_so_far(coded, settings, lang):
    settings.SITE_URL = "https://patients.clinic.example"
    assert localized_url(coded["surgery"], lang) == (
        "https://patients.clinic.example/procedures/open-surgery/",
        "en",
    )
