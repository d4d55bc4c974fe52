from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kb.announcements import without_announcements
from kb.importing import import_articles, read_lines


class Command(BaseCommand):
    help = "Create or update published articles from a JSON-lines export (one article per line)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .jsonl file to import")
        parser.add_argument("--user", help="Username recorded as the author of the imported revisions")
        parser.add_argument(
            "--no-announce", action="store_false", dest="announce",
            help="Do not notify operators of the imported offers, defects and crises (loading an existing knowledge base)",
        )

    def handle(self, path, user=None, announce=True, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user named {user!r}")
        try:
            with open(path, "rb") as handle, (nullcontext() if announce else without_announcements()):
                report = import_articles(read_lines(handle), user=author)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        for number, message in report.errors:
            self.stderr.write(f"line {number}: {message}")
        for number, message in report.warnings:
            self.stdout.write(self.style.WARNING(f"line {number}: warning: {message}"))
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} line(s) could not be imported; the others were.")
