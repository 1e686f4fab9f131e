from django.urls import path

from . import infobutton, search, sheets, staff, views

app_name = "portal"

urlpatterns = [
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
    # Short codes are letters, digits and hyphens; anything else (a NUL byte, which PostgreSQL
    # refuses in a query) is not looked up at all.
    path("go/<slug:code>/", views.short_link, name="short_link"),
    # Before the section links: "my_questions" is never a section id (those have no "_").
    path(f"go/<slug:code>/{sheets.SHEET}/", sheets.short_link, name="short_link_questions"),
    path("go/<slug:code>/<slug:section>/", views.short_link, name="short_link_section"),
    # Health records ask by procedure code (HL7 Infobutton); people follow /code/ links.
    path("infobutton/", infobutton.infobutton, name="infobutton"),
    path("code/<str:system>/<str:code>/", infobutton.by_code, name="by_code"),
    path("staff/links/", staff.links, name="staff_links"),
    path("staff/qr/<str:key>.svg", staff.qr_code, {"kind": "svg"}, name="staff_qr_svg"),
    path("staff/qr/<str:key>.png", staff.qr_code, {"kind": "png"}, name="staff_qr_png"),
]
