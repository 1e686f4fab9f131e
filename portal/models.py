"""What `load_content` writes and the views read.

The Markdown files in ``content/`` are the source of truth: every row here is derived from them,
with its HTML already rendered, glossary-marked and sanitised, so a request only reads.
"""

from django.db import models
from django.urls import reverse


class Procedure(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(
        max_length=500, help_text="One plain sentence: what the page is about."
    )
    also_called = models.JSONField(default=list, blank=True)
    # Null only for a moment inside a load, so two articles can swap codes.
    short_code = models.CharField(  # noqa: DJ001
        max_length=20, unique=True, null=True, help_text="For /go/<code>/."
    )
    position = models.PositiveIntegerField(default=0)
    source_file = models.CharField(max_length=300)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    reviewer = models.CharField(max_length=200, blank=True)
    # What the reader has, in their words ("Tight, stiff muscles"): the home page groups by it,
    # and an article for more than one problem is listed under each.
    conditions = models.JSONField(default=list, blank=True)
    # The name of the project's own diagram shown where the article explains the procedure.
    diagram = models.CharField(max_length=50, blank=True)
    # The care card: problems that need a call to the care team soon, and the emergency number now.
    help_urgent = models.JSONField(default=list, blank=True)
    help_emergency = models.JSONField(default=list, blank=True)
    # Teach-back: [{"question": ..., "answer": ...}], plain text.
    checks = models.JSONField(default=list, blank=True)
    # The items of the "questions" section as plain text, for the printable question sheet.
    question_list = models.JSONField(default=list, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    reading_grade = models.FloatField(default=0)
    # "Words used on this page", rendered at load time for the printed page.
    words_used_html = models.TextField(blank=True)
    terms = models.ManyToManyField("GlossaryTerm", related_name="procedures", blank=True)
    # Digest of the source file: an unchanged file is not written again.
    source_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["position", "title"]
        # Pages list procedures in this order and often want only the first few: with the index
        # that costs a few rows, not a sort of the whole library.
        indexes = [models.Index(fields=["position", "title"], name="procedure_display_order")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:procedure", args=[self.slug])


class Section(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="sections")
    anchor = models.SlugField(max_length=100, help_text="Stable id used in links: #anchor.")
    heading = models.CharField(max_length=300)
    position = models.PositiveIntegerField()
    html = models.TextField()
    former_anchors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "anchor"], name="unique_section_anchor")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.title}: {self.heading}"

    def get_absolute_url(self) -> str:
        return f"{self.procedure.get_absolute_url()}#{self.anchor}"


class FormerSlug(models.Model):
    """An address an article used to have; it answers with a permanent redirect."""

    slug = models.SlugField(max_length=100, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="former_slugs")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"{self.slug} -> {self.procedure.slug}"


class GlossaryTerm(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    term = models.CharField(max_length=200)
    definition = models.TextField()
    other_forms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return f"{reverse('portal:glossary')}#{self.slug}"


class ComparisonEntry(models.Model):
    """An entry of the comparison file: its key, the same in every language, and its words."""

    key = models.SlugField(max_length=100, unique=True)
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField()
    translations = models.JSONField(default=dict, blank=True)  # language -> text

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class ComparisonQuestion(ComparisonEntry):
    """A question every article answers."""


class ComparisonAnswer(models.Model):
    question = models.ForeignKey(
        ComparisonQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="answers")
    html = models.TextField()

    class Meta:
        ordering = ["question", "procedure"]
        constraints = [
            models.UniqueConstraint(fields=["question", "procedure"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.slug} / {self.question.key}"


class ProcedureCode(models.Model):
    """A code a scheduling system or health record books the procedure under."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="codes")
    system = models.CharField(max_length=30, help_text="CPT, HCPCS, ICD-10-PCS or SNOMED CT.")
    code = models.CharField(max_length=40)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["system", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "system", "code"], name="unique_procedure_code"
            )
        ]
        indexes = [models.Index(fields=["system", "code"])]

    def __str__(self) -> str:
        return f"{self.system} {self.code} -> {self.procedure.slug}"


class ValueStatement(ComparisonEntry):
    """Something that may matter to a patient choosing ("a short recovery"), and the comparison
    questions that speak to it."""

    question_keys = models.JSONField(default=list)


class ContentVersion(models.Model):
    """One row: a digest of all loaded content. It is the ETag of every public page."""

    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.digest[:12]} ({self.loaded_at:%Y-%m-%d %H:%M})"


class ProcedureTranslation(models.Model):
    """An article in another language, in its own words. The slug, short link, codes and diagram
    are the English article's: one address per article, with the language prefix in front."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    also_called = models.JSONField(default=list, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    help_urgent = models.JSONField(default=list, blank=True)
    help_emergency = models.JSONField(default=list, blank=True)
    checks = models.JSONField(default=list, blank=True)
    question_list = models.JSONField(default=list, blank=True)
    # [{"anchor", "heading", "html"}] in page order; anchors are the English article's.
    sections = models.JSONField(default=list)
    answers = models.JSONField(default=dict)  # comparison question key -> HTML
    words_used_html = models.TextField(blank=True)
    word_count = models.PositiveIntegerField(default=0)
    # Szigriszt-Pazos (INFLESZ scale) for Spanish: 65 or more reads "bastante fácil".
    reading_ease = models.FloatField(default=0)
    source_file = models.CharField(max_length=300)
    # The English file it was translated from, and whether that file has changed since.
    source_version = models.CharField(max_length=12)
    up_to_date = models.BooleanField(default=True)
    translated_by = models.CharField(max_length=200)
    reviewed_by = models.CharField(max_length=200, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    source_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["language", "procedure__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "language"], name="unique_procedure_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class TermTranslation(models.Model):
    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    text = models.CharField(max_length=200)
    definition = models.TextField()
    other_forms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["language", "text"]
        constraints = [
            models.UniqueConstraint(fields=["term", "language"], name="unique_term_translation")
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"
