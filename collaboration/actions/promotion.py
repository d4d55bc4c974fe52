"""Promote to KB: a certified answer or a best practice becomes a draft AnswerPage in the approval workflow."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from accounts import roles
from collaboration import access
from kb.models import AnswerPage
from kb.site_tree import ensure_site_tree, section_for_type

REVIEW_AFTER_DAYS = 180


def can_promote(user):
    return roles.has_role(user, roles.EXPERT, roles.CONTENT_OWNER, roles.APPROVER, roles.ADMINISTRATOR)


def can_open_in_editor(user, page):
    """Whether the Wagtail editor of `page` will open for `user` (experts, for one, may not use the admin)."""
    return user.has_perm("wagtailadmin.access_admin") and page.permissions_for_user(user).can_edit()


def pending_review(user, page):
    """What a question or practice page shows of its promoted draft while it awaits approval, or None.

    Those who may promote see the editor's address, to open it themselves when Wagtail lets them or to
    pass it on to the approvers; everybody else sees only that it is waiting.
    """
    if page is None or page.live:
        return None
    editor_url = settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=(page.pk,))
    return {
        "page": page,
        "editor_url": editor_url if can_promote(user) else "",
        "can_open": can_open_in_editor(user, page),
    }


def create_draft(user, title, question_text, answer_html, summary, product=None):
    ensure_site_tree()
    section = section_for_type("answer")
    page = AnswerPage(
        title=title[:255],
        summary=summary[:400],
        customer_question=question_text[:300],
        approved_answer=summary,
        body=[("paragraph", RichText(answer_html))],
        review_by=timezone.localdate() + timezone.timedelta(days=REVIEW_AFTER_DAYS),
        content_owner=user,
        owner=user,
        live=False,
    )
    section.add_child(instance=page)
    if product is not None:
        page.products.set([product])
    revision = page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    return page, revision


def plain(text, limit):
    return " ".join((text or "").split())[:limit]


@transaction.atomic
def do_promote_answer(user, answer):
    access.require(can_promote(user), _("Only experts and content owners can promote to the knowledge base."))
    access.require(answer.is_certified, _("Only a certified answer can be promoted."))
    question = answer.question
    page, _revision = create_draft(
        user, question.title, question.title, answer.body_html, plain(answer.body, 400), question.product
    )
    question.promoted_page = page
    question.save(update_fields=["promoted_page"])
    return page


@transaction.atomic
def do_promote_practice(user, practice):
    access.require(can_promote(user), _("Only experts and content owners can promote to the knowledge base."))
    page, _revision = create_draft(
        user, practice.title, practice.title, practice.body_html, plain(practice.body, 400), practice.product
    )
    practice.promoted_page = page
    practice.save(update_fields=["promoted_page"])
    return page
