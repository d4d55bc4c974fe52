import sys

from django.core.management.base import BaseCommand, CommandError
from elasticsearch import ApiError, TransportError

from search import client, reindex
from search.indexing import KINDS, IndexingUnavailable


class ProgressBar:
    def __init__(self, stream, label, total, width=40):
        self.stream, self.label, self.total, self.width = stream, label, max(total, 1), width

    def __call__(self, done):
        filled = int(self.width * min(done, self.total) / self.total)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}")
        self.stream.flush()

    def finish(self, done):
        self.__call__(self.total if done >= self.total else done)
        self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Manage the Elasticsearch indices. rebuild: build new versioned indices and swap the aliases "
        "(search keeps answering); check: list what differs between the database and the index; "
        "update: index only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "check", "update"])
        parser.add_argument("--kind", choices=sorted(KINDS), help="Only this kind of content (default: all)")

    def handle(self, action, kind=None, **options):
        if not client.enabled():
            raise CommandError("ELASTICSEARCH_URL is not set: the database search fallback has no index to manage.")
        kinds = [kind] if kind else list(KINDS)
        try:
            for name in kinds:
                getattr(self, f"run_{action}")(name)
        except (ApiError, TransportError, IndexingUnavailable) as error:
            raise CommandError(f"Elasticsearch refused or is unreachable: {error}") from None

    def run_rebuild(self, kind):
        bar = ProgressBar(sys.stdout, kind, KINDS[kind].count())
        index, total = reindex.rebuild(kind, progress=bar)
        bar.finish(total)
        self.stdout.write(self.style.SUCCESS(f"{kind}: {total} documents in {index}; alias switched"))

    def run_check(self, kind):
        difference = reindex.check(kind)
        if difference.in_sync:
            self.stdout.write(self.style.SUCCESS(f"{kind}: index matches the database"))
            return
        for label, ids in (("missing from the index", difference.missing), ("in the index but not visible",
                           difference.extra), ("stale in the index", difference.stale)):
            if ids:
                self.stdout.write(f"{kind}: {len(ids)} {label}: {', '.join(map(str, ids[:50]))}")

    def run_update(self, kind):
        difference = reindex.update(kind)
        self.stdout.write(
            f"{kind}: indexed {len(difference.missing) + len(difference.stale)}, removed {len(difference.extra)}"
        )
