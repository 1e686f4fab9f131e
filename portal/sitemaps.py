"""``/sitemap.xml``: every public page, on the configured site address.

Django's sitemaps take the scheme and host from the request (or the Sites framework, which this
site does not use); these take them from ``settings.SITE_URL``, like every other absolute link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Procedure


class SiteUrlSitemap(Sitemap):
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
        return Procedure.objects.only("slug")


SITEMAPS = {"pages": PageSitemap, "procedures": ProcedureSitemap}
