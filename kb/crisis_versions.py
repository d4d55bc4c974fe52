"""Versions of a crisis briefing: what each publication changed, and which version operators must have read.

Every publication is in Wagtail's own log (`wagtail.publish`, with its revision); the revision carries the
publisher's `change_note` and `change_kind` (kb.crisis_forms). A *minor correction* keeps the version
operators acknowledged; any other publication (the first one, *new information*, an import or a script)
starts a new version that everyone must acknowledge again. A version is named by the revision that started
it: acknowledgements store it (kb.acknowledgements), read receipts count it (kb.read_receipts).
"""

from dataclasses import dataclass, field

from wagtail.models import PageLogEntry

MINOR = "minor"  # kb.models.CrisisChangeKind.MINOR (kept here: the models import this module)


@dataclass(frozen=True)
class Publication:
    revision_id: int
    published_at: object  # aware datetime
    kind: str
    note: str

    @property
    def is_minor(self):
        return self.kind == MINOR


@dataclass
class History:
    """The publications of one crisis, oldest first."""

    publications: list = field(default_factory=list)

    @property
    def version_revision_id(self):
        """The revision whose version operators must have acknowledged (None: never published)."""
        current = None
        for publication in self.publications:
            if current is None or not publication.is_minor:
                current = publication.revision_id
        return current

    @property
    def version(self):
        return next((p for p in reversed(self.publications) if p.revision_id == self.version_revision_id), None)

    @property
    def changes(self):
        """Republications with a note, newest first: what the page lists under "Changes"."""
        return [publication for publication in reversed(self.publications[1:]) if publication.note]

    @property
    def latest_change(self):
        """The newest republication with a note, or None."""
        return next(iter(self.changes), None)

    def acknowledged_before(self, revision_id):
        """True when an acknowledgement of `revision_id` is of an older version than the current one."""
        return revision_id != self.version_revision_id


def histories(crises):
    """{crisis id: History} of CrisisPage objects, in one query.

    The live revision counts even when its log entry is not written yet (Wagtail sends `page_published`
    before it logs, and without a transaction the banners are recomputed in between) or never will be
    (log_action=False): the page's own fields are that revision's note and kind."""
    crises = list(crises)
    found = {crisis.pk: History() for crisis in crises}
    if not found:
        return found
    entries = (
        PageLogEntry.objects.filter(page_id__in=list(found), action="wagtail.publish", revision__isnull=False)
        .order_by("timestamp", "pk")
        .values_list("page_id", "revision_id", "timestamp", "revision__content__change_kind", "revision__content__change_note")
    )
    for page_id, revision_id, published_at, kind, note in entries:
        found[page_id].publications.append(Publication(revision_id, published_at, kind or "", (note or "").strip()))
    for crisis in crises:
        publications = found[crisis.pk].publications
        if crisis.live_revision_id and crisis.live_revision_id not in {p.revision_id for p in publications}:
            publications.append(Publication(
                crisis.live_revision_id, crisis.last_published_at, crisis.change_kind or "", (crisis.change_note or "").strip(),
            ))
    return found


def history(crisis):
    return histories([crisis])[crisis.pk]
