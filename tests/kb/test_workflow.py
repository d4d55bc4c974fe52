"""Centralised control: content owners write in their own sections and submit; approvers publish."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from kb.models import AnswerPage, KnownDefectPage
from kb.site_tree import section_by_slug
from tests.factories import draft_article, published_article

pytestmark = pytest.mark.django_db


def answer_form_data(**overrides):
    data = {
        "title": "Rimborso doppio addebito",
        "slug": "rimborso-doppio-addebito",
        "summary": "Cosa fare se la bolletta è stata addebitata due volte.",
        "customer_question": "Mi avete addebitato due volte la fattura",
        "question_variants": "doppio addebito",
        "approved_answer": "Verifichiamo subito e disponiamo il rimborso entro 30 giorni.",
        "steps": streamfield([]),
        "body": streamfield([]),
        "language": "it",
        "review_by": "2027-06-30",
        "tags": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_content_owner_submits_in_own_section_and_page_is_not_published(client, offers_owner):
    client.force_login(offers_owner)
    offers = section_by_slug("offerte")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", offers.id)),
        answer_form_data(**{"action-submit": "Submit"}),
    )
    assert response.status_code == 302
    page = AnswerPage.objects.get(slug="rimborso-doppio-addebito")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Approvazione dell'approvatore"


def test_content_owner_cannot_publish_directly(client, offers_owner):
    client.force_login(offers_owner)
    offers = section_by_slug("offerte")
    client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", offers.id)),
        answer_form_data(**{"action-publish": "Publish"}),
    )
    page = AnswerPage.objects.get(slug="rimborso-doppio-addebito")
    assert not page.live
    assert not page.permissions_for_user(offers_owner).can_publish()
    with pytest.raises(PermissionDenied):
        page.get_latest_revision().publish(user=offers_owner)
    page.refresh_from_db()
    assert not page.live


def test_content_owner_cannot_edit_another_section(client, offers_owner):
    defect = published_article(KnownDefectPage)
    assert not defect.permissions_for_user(offers_owner).can_edit()
    client.force_login(offers_owner)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(defect.id,)))
    assert response.status_code in (302, 403)
    response = client.get(
        reverse("wagtailadmin_pages:add", args=("kb", "knowndefectpage", section_by_slug("guasti-noti").id))
    )
    assert response.status_code in (302, 403)


def test_approver_approves_a_submitted_page_and_it_goes_live(client, offers_owner, approver, csr_client):
    client.force_login(offers_owner)
    offers = section_by_slug("offerte")
    client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", offers.id)),
        answer_form_data(**{"action-submit": "Submit"}),
    )
    page = AnswerPage.objects.get(slug="rimborso-doppio-addebito")
    assert csr_client.get(page.url).status_code == 404

    client.force_login(approver)
    state = page.current_workflow_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(page.id, "approve", state.current_task_state.id),
        ),
        {"comment": "Ok"},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert csr_client.get(page.url).status_code == 200


def test_approver_can_publish_directly(approver):
    page = draft_article(AnswerPage)
    assert page.permissions_for_user(approver).can_publish()
    page.get_latest_revision().publish(user=approver)
    page.refresh_from_db()
    assert page.live


def test_revision_history_is_kept(approver):
    page = published_article(AnswerPage, user=approver)
    page.approved_answer = "Nuova risposta approvata."
    page.save_revision(user=approver).publish(user=approver)
    assert page.revisions.count() == 2
    assert page.review_by > datetime.date(2000, 1, 1)
