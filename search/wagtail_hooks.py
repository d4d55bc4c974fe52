"""The customer vocabulary in the admin: Snippets → Synonyms, for content owners and administrators."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymRule


class SynonymRuleViewSet(SnippetViewSet):
    model = SynonymRule
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = ["terms", "expands_to", "updated_at"]
    search_fields = ["terms", "expands_to"]
    ordering = ["terms"]


register_snippet(SynonymRuleViewSet)
