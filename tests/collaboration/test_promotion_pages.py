"""Promote to KB through the pages: who lands in the Wagtail editor, and what experts (who may not open it)
get instead: the question or practice again, with the draft's link for the approvers."""

import pytest
from django.urls import reverse

from collaboration.actions import certification, contributions, questions
from kb.models import AnswerPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified_answer(home, csr, csr2, expert, everyone):
    question = questions.do_create_question(csr, everyone, "Rimborso del doppio addebito SEPA", "Come si chiede?")
    answer = questions.do_post_answer(csr2, question, "Con la **nota di credito** sulla bolletta successiva.")
    certification.do_certify_answer(expert, answer)
    return answer


def editor_path(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_an_expert_goes_back_to_the_question_with_the_link_for_the_approvers(client, expert, certified_answer):
    client.force_login(expert)
    question_path = f"/collaboration/questions/{certified_answer.question.pk}/"
    response = client.post(f"/collaboration/answers/{certified_answer.pk}/promote/")
    assert response.status_code == 302
    assert response["Location"] == question_path
    page = AnswerPage.objects.get(title="Rimborso del doppio addebito SEPA")
    html = client.get(question_path).content.decode()
    assert "Bozza creata e inviata in approvazione" in html
    assert "in attesa di approvazione" in html
    assert "Link per gli approvatori" in html
    assert f"http://127.0.0.1:8000{editor_path(page)}" in html
    # Why the expert is not sent there: Wagtail would refuse them.
    assert client.get(editor_path(page)).status_code == 302


def test_an_approver_who_promotes_opens_the_draft_in_the_editor(client, approver, certified_answer):
    client.force_login(approver)
    response = client.post(f"/collaboration/answers/{certified_answer.pk}/promote/")
    page = AnswerPage.objects.get(title="Rimborso del doppio addebito SEPA")
    assert response["Location"] == editor_path(page)
    assert client.get(editor_path(page)).status_code == 200
    html = client.get(f"/collaboration/questions/{certified_answer.question.pk}/").content.decode()
    assert f'href="http://127.0.0.1:8000{editor_path(page)}"' in html


def test_an_operator_sees_the_draft_is_waiting_but_no_editor_link(client, csr, expert, certified_answer):
    client.force_login(expert)
    client.post(f"/collaboration/answers/{certified_answer.pk}/promote/")
    client.force_login(csr)
    html = client.get(f"/collaboration/questions/{certified_answer.question.pk}/").content.decode()
    assert "in attesa di approvazione" in html
    assert "/admin/pages/" not in html


def test_an_expert_promoting_a_practice_goes_back_to_it(client, csr, expert, everyone, home):
    practice = contributions.do_share_practice(csr, everyone, "Ascoltare prima di proporre", "1. Ascolto\n2. Propongo")
    client.force_login(expert)
    response = client.post(f"/collaboration/practices/{practice.pk}/promote/")
    assert response["Location"] == f"/collaboration/practices/{practice.pk}/"
    page = AnswerPage.objects.get(title="Ascoltare prima di proporre")
    assert editor_path(page) in client.get(response["Location"]).content.decode()
