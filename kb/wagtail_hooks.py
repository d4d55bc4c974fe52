import datetime

from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts import roles
from kb import selectors
from kb.importing import IMPORT_LOG_ACTION
from kb.verification import DUE_SOON_DAYS, VERIFY_LOG_ACTION


class ArticlesPastReviewPanel(Component):
    """On the admin dashboard, the owner's own articles past their review date or due within
    DUE_SOON_DAYS, each with its one-click "Still correct" (kb.verification). Shown to every content
    owner, empty or not, so an owner knows where to look."""

    template_name = "kb/admin/articles_past_review_panel.html"
    order = 205

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        due_by = today + datetime.timedelta(days=DUE_SOON_DAYS)
        return {
            "articles": list(selectors.articles_to_review(owner=self.user, due_by=due_by)[:50]),
            "today": today,
            "request": parent_context.get("request"),
            "csrf_token": parent_context.get("csrf_token"),
        }


@hooks.register("construct_homepage_panels")
def add_articles_past_review_panel(request, panels):
    if roles.has_role(request.user, roles.CONTENT_OWNER) or selectors.articles_to_review(owner=request.user).exists():
        panels.append(ArticlesPastReviewPanel(request.user))


@hooks.register("insert_editor_js")
def social_reply_counter_js():
    return format_html('<script src="{}" defer></script>', static("js/social_counter.js"))


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(IMPORT_LOG_ACTION, _("Import"), _("Imported from an external knowledge base"))
    actions.register_action(VERIFY_LOG_ACTION, _("Verified"), _("Verified as still correct"))
