from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from kb import selectors
from kb.importing import IMPORT_LOG_ACTION


class ArticlesPastReviewPanel(Component):
    """On the admin dashboard, the content owner's own articles whose review date has passed."""

    template_name = "kb/admin/articles_past_review_panel.html"
    order = 205

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"articles": list(selectors.articles_past_review(owner=self.user)[:50])}


@hooks.register("construct_homepage_panels")
def add_articles_past_review_panel(request, panels):
    panels.append(ArticlesPastReviewPanel(request.user))


@hooks.register("insert_editor_js")
def social_reply_counter_js():
    return format_html('<script src="{}" defer></script>', static("js/social_counter.js"))


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(IMPORT_LOG_ACTION, _("Import"), _("Imported from an external knowledge base"))
