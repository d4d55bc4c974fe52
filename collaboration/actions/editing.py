"""Saving an edit of a post (question, answer, best practice, market need) with optimistic concurrency.

The edit form carries the version the editor started from. `save_edit` locks the post's row, and if
someone saved a newer version meanwhile it raises EditConflict instead of overwriting it: the view gives
the form back with the editor's text kept and the other change shown. Otherwise the text being replaced
goes into the history (PostRevision) and the version moves on, so every saved text stays readable.
"""

import difflib

from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import Answer, BestPractice, MarketNeed, PostRevision, Question

# For each kind of post: the PostRevision field pointing at it, and its title and text fields.
HISTORY = {
    Question: ("question", "title", "body"),
    Answer: ("answer", None, "body"),
    BestPractice: ("practice", "title", "body"),
    MarketNeed: ("need", "title", "customers_ask"),
}


class EditConflict(Exception):
    """Another edit was saved after `expected_version`; `current` is the post as saved now, `base` the
    revision the editor started from (None if unknown)."""

    def __init__(self, current, expected_version):
        super().__init__(_("Someone else saved a new version while you were editing."))
        self.current = current
        self.expected_version = expected_version
        target = HISTORY[type(current)][0]
        self.base = PostRevision.objects.filter(**{target: current}, version=expected_version).first()
        latest = PostRevision.objects.filter(**{target: current}).select_related("editor").first()
        self.saved_by = latest.editor if latest else None

    def their_text(self):
        return getattr(self.current, HISTORY[type(self.current)][2])

    def their_change(self):
        """Lines of a unified diff from the version the editor started from to the one saved meanwhile."""
        if self.base is None:
            return []
        diff = difflib.unified_diff(
            self.base.body.splitlines(), self.their_text().splitlines(), lineterm="", n=2,
        )
        return list(diff)[2:]  # without the ---/+++ header


def save_edit(post, editor, expected_version, changes):
    """Apply `changes` ({field: value}) to `post` as version expected_version + 1. Call inside a
    transaction. Raises EditConflict if the saved version is not `expected_version` any more."""
    model = type(post)
    target, title_field, text_field = HISTORY[model]
    current = model.objects.select_for_update().get(pk=post.pk)
    if current.version != expected_version:
        raise EditConflict(current, expected_version)
    PostRevision.objects.create(
        **{target: current}, editor=editor, version=current.version,
        title=getattr(current, title_field) if title_field else "", body=getattr(current, text_field),
    )
    changes = {**changes, "version": current.version + 1}
    if hasattr(post, "updated_at"):
        changes["updated_at"] = timezone.now()
    for name, value in changes.items():
        setattr(post, name, value)
    # A save (not a queryset update) so that search hears of it; only the edited fields, so that a vote or
    # a status change saved meanwhile is kept. The row is locked: nobody saved since the check above.
    post.save(update_fields=list(changes))
    return post
