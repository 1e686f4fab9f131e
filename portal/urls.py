from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("procedures/<slug:slug>/", views.procedure, name="procedure"),
    path("compare/", views.compare, name="compare"),
    path("glossary/", views.glossary, name="glossary"),
    path("go/<str:code>/", views.short_link, name="short_link"),
    path("go/<str:code>/<slug:section>/", views.short_link, name="short_link_section"),
]
