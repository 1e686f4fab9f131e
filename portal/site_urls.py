"""The root URLconf: the portal's pages, the admin and the machine-readable files."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
