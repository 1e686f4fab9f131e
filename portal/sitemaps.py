"""``/sitemap.xml``: every public page, on the configured site address.

Django's sitemaps take the scheme and host from the request (or the Sites framework, which this
site does not use); these take them from ``settings.SITE_URL``, like every other absolute link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.urls import reverse

from .languages import DEFAULT
from .models import Procedure, ProcedureTranslation


class SiteUrlSitemap(Sitemap):
    # Each page in each language it exists in, each naming the others (xhtml:link), English
    # as the default for readers of any other language.
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        # Host plus any path prefix, so a location is SITE_URL + path, as in <link rel=canonical>.
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path


class PageSitemap(SiteUrlSitemap):
    """The pages that are not articles."""

    def items(self) -> list[str]:
        return ["portal:home", "portal:compare", "portal:glossary"]

    def location(self, item: str) -> str:
        return reverse(item)


class ProcedureSitemap(SiteUrlSitemap):
    # No lastmod: an article stores no date of its last edit. last_reviewed is a clinical review
    # date, and the content version's load time changes for every page on any load.
    def items(self):
        languages = ProcedureTranslation.objects.only("procedure_id", "language")
        return Procedure.objects.only("slug").prefetch_related(
            Prefetch("translations", queryset=languages)
        )

    def get_languages_for_item(self, item: Procedure) -> list[str]:
        """English, and each language the article has been translated into."""
        translated = {t.language for t in item.translations.all()}
        return [code for code in self._languages() if code == DEFAULT or code in translated]


SITEMAPS = {"pages": PageSitemap, "procedures": ProcedureSitemap}
