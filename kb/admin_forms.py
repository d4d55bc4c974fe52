"""The editor's form for every article: an article always has an owner, the author unless they pick another."""

from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields.get("content_owner")
        if owner is None:
            return
        # Reports and review reminders go to the owner: an article without one would reach nobody.
        owner.required = True
        if self.instance.pk is None and not self.initial.get("content_owner") and self.for_user is not None:
            self.initial["content_owner"] = self.for_user.pk
