"""The admin shows loaded content read-only: the Markdown files in content/ are the source of truth.

Edit the files and run ``load_content``; changes made here would be lost at the next load.
"""

from django.contrib import admin
from django.http import HttpRequest

from . import models


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
    model = models.Section
    fields = ["position", "anchor", "heading", "former_anchors"]


class FormerSlugInline(ReadOnlyInline):
    model = models.FormerSlug


class CodeInline(ReadOnlyInline):
    model = models.ProcedureCode


@admin.register(models.Procedure)
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
    inlines = [SectionInline, FormerSlugInline, CodeInline]


@admin.register(models.GlossaryTerm)
class GlossaryTermAdmin(ReadOnlyAdmin):
    list_display = ["term", "slug", "definition"]
    search_fields = ["term", "definition"]


@admin.register(models.ComparisonQuestion)
class ComparisonQuestionAdmin(ReadOnlyAdmin):
    list_display = ["position", "key", "text"]


@admin.register(models.ComparisonAnswer)
class ComparisonAnswerAdmin(ReadOnlyAdmin):
    list_display = ["question", "procedure"]
    list_filter = ["procedure", "question"]


@admin.register(models.ContentVersion)
class ContentVersionAdmin(ReadOnlyAdmin):
    list_display = ["digest", "loaded_at"]


@admin.register(models.ValueStatement)
class ValueStatementAdmin(ReadOnlyAdmin):
    list_display = ["position", "key", "text"]


@admin.register(models.ProcedureTranslation)
class ProcedureTranslationAdmin(ReadOnlyAdmin):
    list_display = ["title", "language", "procedure", "reading_ease", "up_to_date", "reviewed_by"]
    list_filter = ["language", "up_to_date"]


@admin.register(models.TermTranslation)
class TermTranslationAdmin(ReadOnlyAdmin):
    list_display = ["text", "language", "term", "definition"]
    list_filter = ["language"]
