"""Centralised control: content owners write in their own sections and submit; approvers publish."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts import roles
from kb.models import AnswerPage, KnownDefectPage
from kb.section_rights import section_owner_group
from kb.site_tree import section_by_slug
from tests.factories import draft_article, make_user, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedures_owner(home):
    """A content owner who owns the Procedures section only."""
    user = make_user("redazione.procedure", roles.CONTENT_OWNER)
    user.groups.add(section_owner_group(section_by_slug("procedure")))
    return user


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


def test_content_owner_submits_in_own_section_and_page_is_not_published(client, procedures_owner):
    client.force_login(procedures_owner)
    procedures = section_by_slug("procedure")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", procedures.id)),
        answer_form_data(**{"action-submit": "Submit", "content_owner": procedures_owner.pk}),
    )
    assert response.status_code == 302
    page = AnswerPage.objects.get(slug="rimborso-doppio-addebito")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Approvazione dell'approvatore"


def test_content_owner_cannot_publish_directly(client, procedures_owner):
    client.force_login(procedures_owner)
    procedures = section_by_slug("procedure")
    client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", procedures.id)),
        answer_form_data(**{"action-publish": "Publish", "content_owner": procedures_owner.pk}),
    )
    page = AnswerPage.objects.get(slug="rimborso-doppio-addebito")
    assert not page.live
    assert not page.permissions_for_user(procedures_owner).can_publish()
    with pytest.raises(PermissionDenied):
        page.get_latest_revision().publish(user=procedures_owner)
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


def test_approver_approves_a_submitted_page_and_it_goes_live(client, procedures_owner, approver, csr_client):
    client.force_login(procedures_owner)
    procedures = section_by_slug("procedure")
    client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", procedures.id)),
        answer_form_data(**{"action-submit": "Submit", "content_owner": procedures_owner.pk}),
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


def test_each_section_offers_only_its_own_article_type(client, home, approver):
    client.force_login(approver)
    offers = section_by_slug("offerte")
    # With one type left (besides subsections) Wagtail may go straight to its form: read both.
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(offers.id,)))
    choices = response.content.decode() + response.get("Location", "")
    assert "/admin/pages/add/kb/offerpage/" in choices
    for other in ("answerpage", "knowndefectpage", "crisispage"):
        assert f"/admin/pages/add/kb/{other}/" not in choices
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("kb", "answerpage", offers.id)),
        answer_form_data(**{"action-publish": "Publish", "content_owner": approver.pk}),
    )
    assert response.status_code in (302, 403) and response.get("Location", "") != ""
    assert not AnswerPage.objects.filter(slug="rimborso-doppio-addebito").exists()


def test_new_article_belongs_to_its_author_and_cannot_be_left_without_owner(client, procedures_owner):
    client.force_login(procedures_owner)
    procedures = section_by_slug("procedure")
    url = reverse("wagtailadmin_pages:add", args=("kb", "answerpage", procedures.id))
    form = client.get(url).context["form"]
    assert form.initial["content_owner"] == procedures_owner.pk
    assert "seo_title" not in form.fields and "search_description" not in form.fields and "show_in_menus" not in form.fields
    response = client.post(url, answer_form_data(**{"action-submit": "Submit", "content_owner": ""}))
    assert response.status_code == 200
    assert "content_owner" in response.context["form"].errors
    assert not AnswerPage.objects.filter(slug="rimborso-doppio-addebito").exists()
