from django.urls import URLResolver, path
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from . import infobutton, search, sheets, staff, views

app_name = "portal"


def in_each_language(*patterns) -> URLResolver:
    """The patient pages: English at the root, as ever, and each other language under /<code>/.

    This is the resolver Django's ``i18n_patterns(..., prefix_default_language=False)`` makes. That
    function only works in the root URLconf, and these pages share the ``portal`` namespace with
    the staff pages and the health-record service, which have no language prefix; the empty
    route around it keeps Django's check for ``i18n_patterns`` in an included URLconf satisfied.
    """
    locale = URLResolver(LocalePrefixPattern(prefix_default_language=False), list(patterns))
    return URLResolver(RoutePattern(""), [locale])


urlpatterns = [
    in_each_language(
        path("", views.home, name="home"),
        path("procedures/<slug:slug>/", views.procedure, name="procedure"),
        path(
            "procedures/<slug:slug>/questions/",
            sheets.procedure_questions,
            name="procedure_questions",
        ),
        path("compare/", views.compare, name="compare"),
        path("compare/questions/", sheets.compare_questions, name="compare_questions"),
        path("glossary/", views.glossary, name="glossary"),
        path("glossary/<slug:letter>/", views.glossary_letter, name="glossary_letter"),
        path("search/", search.search, name="search"),
        # Short codes are letters, digits and hyphens; anything else (a NUL byte, which
        # PostgreSQL refuses in a query) is not looked up at all.
        path("go/<slug:code>/", views.short_link, name="short_link"),
        # Before the section links: "my_questions" is never a section id (those have no "_").
        path(f"go/<slug:code>/{sheets.SHEET}/", sheets.short_link, name="short_link_questions"),
        path("go/<slug:code>/<slug:section>/", views.short_link, name="short_link_section"),
        # People follow /code/ links; health records ask the service below.
        path("code/<str:system>/<str:code>/", infobutton.by_code, name="by_code"),
    ),
    # Health records ask by procedure code (HL7 Infobutton), naming the language they want.
    path("infobutton/", infobutton.infobutton, name="infobutton"),
    path("staff/links/", staff.links, name="staff_links"),
    path("staff/qr/<str:key>.svg", staff.qr_code, {"kind": "svg"}, name="staff_qr_svg"),
    path("staff/qr/<str:key>.png", staff.qr_code, {"kind": "png"}, name="staff_qr_png"),
]
