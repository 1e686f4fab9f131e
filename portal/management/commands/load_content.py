"""``python manage.py load_content [FOLDER]``: validate, render and store the Markdown content."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import sync
from portal.content import ContentError, read_content, translations
from portal.rendering import render_content


class Command(BaseCommand):
    help = "Load the articles, glossary and comparison questions from a content folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder",
            nargs="?",
            type=Path,
            default=None,
            help="Content folder (default: CONTENT_DIR).",
        )

    def handle(self, *args, folder: Path | None, **options) -> None:
        folder = folder or settings.CONTENT_DIR
        try:
            content = read_content(folder)
        except ContentError as exc:
            noun = "problem" if len(exc.problems) == 1 else "problems"
            lines = "\n".join(f"  {p}" for p in exc.problems)
            raise CommandError(
                f"{folder}: {len(exc.problems)} {noun}; nothing was loaded.\n{lines}"
            ) from exc
        rendered = render_content(
            content,
            stored=sync.stored_digests(),
            stored_translations=sync.stored_translation_digests(),
        )
        try:
            report = sync.apply(rendered)
        except sync.ConcurrentLoad as exc:
            raise CommandError(f"{exc}; nothing was loaded.") from exc

        for label, changes in (
            ("articles", report.procedures),
            ("glossary terms", report.terms),
            ("comparison questions", report.questions),
            ("values", report.values),
            ("translations", report.translations),
        ):
            for verb in ("created", "updated", "removed"):
                names = getattr(changes, verb)
                if names:
                    self.stdout.write(f"{label} {verb} ({len(names)}): {', '.join(names)}")
        if not report.changed:
            self.stdout.write("Nothing changed: the database already matches the content.")
        # Figures of the articles rendered in this load; unchanged ones were not rendered again.
        for article in rendered.articles:
            source = article.source
            due = source.next_review_due.isoformat() if source.next_review_due else "not set"
            self.stdout.write(
                f"  {source.slug}: {article.word_count} words, reading grade "
                f"{article.reading_grade:.1f}, {len(article.terms)} glossary terms, review due {due}"
            )
        for item in rendered.translations:
            self.stdout.write(
                f"  {item.source.path}: {item.article.word_count} words, reading ease "
                f"{item.reading_ease:.1f} (Szigriszt-Pazos)"
            )
        for note in translations.notes(folder, content):
            self.stdout.write(self.style.WARNING(f"  {note}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(content.articles)} articles ({len(rendered.articles)} rendered), "
                f"{len(content.terms)} glossary terms, {len(content.questions)} comparison "
                f"questions from {folder}."
            )
        )
