"""The admin shows loaded content read-only: the Markdown files in content/ are the source of truth.

Edit the files and run ``load_content``; changes made here would be lost at the next load.
"""

from django.contrib import admin
from django.http import HttpRequest

from . import models


class ReadOnly:
    """Shows rows and never changes them."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


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


# The other models: the columns of each list, and filters where a list grows long.
for model, columns, filters in (
    (models.ComparisonQuestion, ["position", "key", "text"], []),
    (models.ComparisonAnswer, ["question", "procedure"], ["procedure", "question"]),
    (models.ContentVersion, ["digest", "loaded_at"], []),
    (models.ValueStatement, ["position", "key", "text"], []),
    (
        models.ProcedureTranslation,
        ["title", "language", "procedure", "reading_ease", "up_to_date", "reviewed_by"],
        ["language", "up_to_date"],
    ),
    (models.TermTranslation, ["text", "language", "term", "definition"], ["language"]),
):
    admin.site.register(model, ReadOnlyAdmin, list_display=columns, list_filter=filters)
