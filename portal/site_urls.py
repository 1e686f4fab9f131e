"""The root URLconf: the portal's pages, the admin and the machine-readable files."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from portal.caching import public_page
from portal.health import healthz
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("portal.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", public_page()(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        public_page()(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots",
    ),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.outage.server_error"
