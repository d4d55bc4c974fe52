"""The crisis page's editor form: a crisis already published is changed with a note and a kind of change.

Operators see the note ("Aggiornata alle 10:05: …") in the banner and on the page; the kind decides whether
they must acknowledge the crisis again (kb.crisis_versions). Both belong to one change, so the form starts
them empty on every new change instead of repeating the last publication's; a draft not yet published keeps
its own.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

REQUIRED_WHEN_REPUBLISHING = _("Required: this crisis has already been published, say what changes for operators.")


class CrisisPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if page.pk and page.first_published_at and not page.has_unpublished_changes:
            for name in ("change_note", "change_kind"):
                if name in self.fields:
                    self.initial[name] = ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.first_published_at:
            for name in ("change_note", "change_kind"):
                if name in self.fields and not (cleaned.get(name) or "").strip():
                    self.add_error(name, REQUIRED_WHEN_REPUBLISHING)
        return cleaned
