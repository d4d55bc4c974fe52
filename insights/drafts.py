""""Write an article for this": a content gap becomes a draft answer in the section operators look in."""

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kb.models import AnswerPage, ArticlePage
from kb.site_tree import ensure_site_tree, section_for_type
from search.learning import ARTICLE_TYPES
from search.models import SearchClick, search_term

REVIEW_AFTER_DAYS = 180


def section_for_search(term):
    """The section of the articles operators opened most after this search; Procedure by default."""
    clicked = SearchClick.objects.filter(result_type__in=ARTICLE_TYPES, search__term=search_term(term)).values_list("result_id", flat=True)[:200]
    parents = Counter(
        page.get_parent().specific for page in ArticlePage.objects.filter(pk__in=list(clicked)).only("path", "depth")
    )
    if parents:
        return parents.most_common(1)[0][0]
    ensure_site_tree()
    return section_for_type("answer")


@transaction.atomic
def do_start_draft(user, term, title=None):
    """A draft AnswerPage titled `title` (default: after the search), owned by `user`, in the section for the
    search. Not submitted: the content owner writes it first. Raises PermissionDenied if the user cannot
    write there."""
    term = " ".join(term.split())[:200]
    title = " ".join((title or "").split())[:255]
    if not term:
        raise PermissionDenied(_("Choose a search to write about."))
    section = section_for_search(term)
    if not section.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(_("You cannot write in the section “%(section)s”: ask its content owner.") % {"section": section.title})
    page = AnswerPage(
        title=title or term[:1].upper() + term[1:],
        summary=_("To be written: operators search for “%(term)s”.") % {"term": term},
        customer_question=term,
        approved_answer=_("To be written."),
        review_by=timezone.localdate() + timezone.timedelta(days=REVIEW_AFTER_DAYS),
        content_owner=user,
        owner=user,
        live=False,
    )
    section.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page
