"""Approvers get pages submitted to them in Sportello's inbox and approve them with a confirmation; owners
verify an article in one click and operators see who verified it; owners are reminded before review."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts import roles
from kb.models import AnswerPage
from kb.section_rights import section_owner_group
from kb.site_tree import section_by_slug
from notifications.models import Kind, Notification
from notifications.review_reminders import remind_owners
from tests.factories import draft_article, make_user, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedures_owner(home):
    user = make_user("redazione.procedure", roles.CONTENT_OWNER, first_name="Paola", last_name="Procedure")
    user.groups.add(section_owner_group(section_by_slug("procedure")))
    return user


@pytest.fixture
def submitted(procedures_owner, approver, django_capture_on_commit_callbacks):
    """A draft answer its owner submitted to the approval workflow (its notices sent, as after commit)."""
    page = draft_article(AnswerPage, title="Rimborso del doppio addebito", user=procedures_owner, content_owner=procedures_owner)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, procedures_owner)
    return page


def test_a_submission_reaches_the_approvers_inbox_with_a_count_in_the_header(client, submitted, approver, csr, procedures_owner):
    notices = Notification.objects.filter(kind=Kind.APPROVAL)
    assert [n.user for n in notices] == [approver]  # not the submitter, not the CSR
    assert notices.get().actor == "Paola Procedure"
    client.force_login(approver)
    home_html = client.get("/").content.decode()
    assert 'href="/kb/approvals/"' in home_html
    assert '<span class="inbox-count">1<span class="visually-hidden"> in attesa</span></span>' in home_html
    inbox = client.get("/notifications/").content.decode()
    assert "Paola Procedure ha inviato “Rimborso del doppio addebito” per la tua approvazione" in inbox
    approvals_page = client.get("/kb/approvals/").content.decode()
    assert "Rimborso del doppio addebito" in approvals_page
    client.force_login(csr)
    assert 'href="/kb/approvals/"' not in client.get("/").content.decode()
    assert client.get("/kb/approvals/").status_code == 403


def test_approving_asks_first_then_publishes_and_says_so(client, submitted, approver, django_capture_on_commit_callbacks):
    task_state = submitted.current_workflow_state.current_task_state
    client.force_login(approver)
    confirm = client.get(f"/kb/approvals/{task_state.pk}/")
    assert confirm.status_code == 200
    assert "Sì, approva e pubblica" in confirm.content.decode()
    submitted.refresh_from_db()
    assert not submitted.live  # looking is not approving
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/kb/approvals/{task_state.pk}/", {"action": "approve"}, follow=True)
    assert "“Rimborso del doppio addebito” è approvato e pubblicato." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.live
    assert Notification.objects.get(kind=Kind.APPROVAL).read_at is not None  # nothing waits any more
    assert client.get(f"/kb/approvals/{task_state.pk}/").status_code == 404


def test_requesting_changes_needs_a_comment_and_keeps_the_page_unpublished(client, submitted, approver):
    task_state = submitted.current_workflow_state.current_task_state
    client.force_login(approver)
    refused = client.post(f"/kb/approvals/{task_state.pk}/", {"action": "reject", "comment": " "})
    assert refused.status_code == 400
    assert "Scrivi cosa cambiare" in refused.content.decode()
    assert client.post(f"/kb/approvals/{task_state.pk}/", {"action": "bogus"}).status_code == 400
    client.post(f"/kb/approvals/{task_state.pk}/", {"action": "reject", "comment": "Manca il termine di 30 giorni"})
    submitted.refresh_from_db()
    assert not submitted.live
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_REJECTED


def test_owner_verifies_in_one_click_and_operators_see_the_badge(client, csr, procedures_owner):
    article = published_article(AnswerPage, content_owner=procedures_owner, review_by=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(procedures_owner)
    page_html = client.get(article.url).content.decode()
    assert f'action="/kb/articles/{article.pk}/verify/"' in page_html
    response = client.post(f"/kb/articles/{article.pk}/verify/", {"next": article.url}, follow=True)
    new_date = timezone.localdate() + datetime.timedelta(days=180)
    assert f"Prossima revisione entro il {new_date:%d/%m/%Y}" in response.content.decode()
    article.refresh_from_db()
    assert article.review_by == new_date and article.verified_by == procedures_owner
    assert article.get_latest_revision().as_object().review_by == new_date  # the next edit starts from it
    csr_client = Client()
    csr_client.force_login(csr)
    csr_html = csr_client.get(article.url).content.decode()
    assert '<span class="badge badge--verified">Verificato</span>' in csr_html
    assert f"da Paola Procedure il {timezone.localdate():%d/%m/%Y}" in csr_html
    assert "badge--review" not in csr_html
    assert "/verify/" not in csr_html
    assert csr_client.post(f"/kb/articles/{article.pk}/verify/").status_code == 403


def test_owner_dashboard_lists_articles_due_soon_and_reminds_once_per_review_date(client, procedures_owner):
    today = timezone.localdate()
    due = published_article(AnswerPage, title="Scade tra una settimana", content_owner=procedures_owner, review_by=today + datetime.timedelta(days=7))
    published_article(AnswerPage, title="Scade tra tre mesi", content_owner=procedures_owner, review_by=today + datetime.timedelta(days=90))
    client.force_login(procedures_owner)
    dashboard = client.get("/admin/").content.decode()
    assert "Scade tra una settimana" in dashboard and "Scade tra tre mesi" not in dashboard
    assert f'action="/kb/articles/{due.pk}/verify/"' in dashboard
    assert remind_owners() == 1
    assert remind_owners() == 0
    reminder = Notification.objects.get(kind=Kind.REVIEW)
    assert (reminder.user, reminder.subject) == (procedures_owner, "Scade tra una settimana")
    client.post(f"/kb/articles/{due.pk}/verify/")
    assert remind_owners() == 0  # the new date is months away
