"""The admin shows loaded content read-only: the Markdown files in content/ are the source of truth.

Edit the files and run ``load_content``; changes made here would be lost at the next load.
"""

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    ComparisonAnswer,
    ComparisonQuestion,
    ContentVersion,
    FormerSlug,
    GlossaryTerm,
    Procedure,
    Section,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["position", "anchor", "heading", "former_anchors"]


class FormerSlugInline(ReadOnlyInline):
    model = FormerSlug


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "slug",
        "short_code",
        "reading_grade",
        "last_reviewed",
        "next_review_due",
    ]
    search_fields = ["title", "slug", "summary"]
    exclude = ["terms"]
    inlines = [SectionInline, FormerSlugInline]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReadOnlyAdmin):
    list_display = ["term", "slug", "definition"]
    search_fields = ["term", "definition"]


@admin.register(ComparisonQuestion)
class ComparisonQuestionAdmin(ReadOnlyAdmin):
    list_display = ["position", "key", "text"]


@admin.register(ComparisonAnswer)
class ComparisonAnswerAdmin(ReadOnlyAdmin):
    list_display = ["question", "procedure"]
    list_filter = ["procedure", "question"]


@admin.register(ContentVersion)
class ContentVersionAdmin(ReadOnlyAdmin):
    list_display = ["digest", "loaded_at"]
