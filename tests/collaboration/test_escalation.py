"""SLA escalation with a controlled clock, the experts' queue, certification and promotion to the KB."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from collaboration.actions import certification, escalation, promotion, questions
from collaboration.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_question(csr, everyone, billing_rule):
    return questions.do_create_question(csr, everyone, "Doppio addebito sulla bolletta", "x", topic=billing_rule.topic)


def test_unanswered_question_escalates_only_after_its_first_response_sla(billing_question, billing_back_office):
    created = billing_question.created_at
    assert escalation.escalate_overdue(now=created + datetime.timedelta(minutes=29)) == 0
    assert escalation.escalate_overdue(now=created + datetime.timedelta(minutes=31)) == 1
    billing_question.refresh_from_db()
    assert billing_question.escalated_at == created + datetime.timedelta(minutes=31)
    assert billing_question.assigned_group == billing_back_office
    assert escalation.escalate_overdue(now=created + datetime.timedelta(hours=5)) == 0  # only once


def test_answered_question_does_not_escalate(billing_question, csr2):
    questions.do_post_answer(csr2, billing_question, "Ecco la procedura")
    assert escalation.escalate_overdue(now=billing_question.created_at + datetime.timedelta(hours=1)) == 0


def test_asker_escalates_now_and_others_cannot(billing_question, csr, csr2, billing_back_office):
    with pytest.raises(PermissionDenied):
        escalation.do_escalate(billing_question, user=csr2)
    escalation.do_escalate(billing_question, user=csr)
    assert billing_question.assigned_group == billing_back_office


def test_without_a_rule_escalation_goes_to_the_experts(csr, everyone):
    question = questions.do_create_question(csr, everyone, "Domanda senza regola", "x")
    escalation.do_escalate(question, user=csr)
    assert question.assigned_group.name == "Expert"


def test_queue_is_ordered_by_due_time_with_breach_flags(client, csr, expert, everyone, billing_rule, billing_back_office):
    later = questions.do_create_question(csr, everyone, "Seconda domanda fatturazione", "x", topic=billing_rule.topic)
    sooner = questions.do_create_question(csr, everyone, "Prima domanda fatturazione", "x", topic=billing_rule.topic)
    Question.objects.filter(pk=sooner.pk).update(resolution_due=sooner.created_at - datetime.timedelta(hours=1))
    for question in (later, sooner):
        escalation.do_escalate(question, user=csr)
    assert [q.pk for q in escalation.my_queue(expert)] == [sooner.pk, later.pk]
    client.force_login(expert)
    html = client.get("/collaboration/queue/").content.decode()
    assert html.index("Prima domanda fatturazione") < html.index("Seconda domanda fatturazione")
    assert "badge--status-investigating" in html
    assert list(escalation.my_queue(csr)) == []


def test_expert_asks_for_information_reassigns_and_resolves(csr, expert, billing_question, team_lead):
    from django.contrib.auth.models import Group

    escalation.do_escalate(billing_question, user=csr)
    escalation.do_request_information(expert, billing_question, "Mi serve il numero della fattura")
    assert billing_question.needs_info
    with pytest.raises(PermissionDenied):
        escalation.do_request_information(team_lead, billing_question, "x")
    answer = escalation.do_resolve_with_certified_answer(expert, billing_question, "Rimborso con nota di credito.")
    billing_question.refresh_from_db()
    assert answer.is_certified and billing_question.resolved_at and billing_question.accepted_answer == answer
    escalation.do_reassign(expert, billing_question, group=Group.objects.get(name="Expert"))
    assert billing_question.assigned_group.name == "Expert"


def test_certify_and_revoke_with_reason(csr, csr2, expert, everyone, client):
    question = questions.do_create_question(csr, everyone, "Domanda sul rimborso", "x")
    answer = questions.do_post_answer(csr2, question, "Nota di credito in 30 giorni")
    with pytest.raises(PermissionDenied):
        certification.do_certify_answer(csr, answer)
    certification.do_certify_answer(expert, answer)
    client.force_login(csr)
    assert "answer--certified" in client.get(f"/collaboration/questions/{question.pk}/").content.decode()
    with pytest.raises(ValidationError):
        certification.do_revoke_certification(expert, answer, "  ")
    certification.do_revoke_certification(expert, answer, "Procedura cambiata")
    assert not answer.is_certified and answer.revoked_reason == "Procedura cambiata"


def test_promote_certified_answer_through_the_kb_workflow(csr, csr2, expert, everyone, approver, client):
    question = questions.do_create_question(csr, everyone, "Come si chiede il rimborso del doppio addebito?", "x")
    answer = questions.do_post_answer(csr2, question, "Con la **nota di credito** sulla bolletta successiva.")
    with pytest.raises(PermissionDenied):
        promotion.do_promote_answer(expert, answer)  # not certified yet
    certification.do_certify_answer(expert, answer)
    page = promotion.do_promote_answer(expert, answer)
    assert not page.live
    assert page.current_workflow_state is not None
    assert page.customer_question == question.title

    client.force_login(approver)
    state = page.current_workflow_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=(page.id, "approve", state.current_task_state.id)),
                {"comment": "Ok"})
    page.refresh_from_db()
    assert page.live
    client.force_login(csr)
    html = client.get(f"/collaboration/questions/{question.pk}/").content.decode()
    assert page.url in html


def test_expert_tools_through_the_pages(client, csr, expert, billing_question):
    escalation.do_escalate(billing_question, user=csr)
    client.force_login(expert)
    assert "Back office Fatturazione" in client.get("/collaboration/queue/").content.decode()
    client.post(f"/collaboration/questions/{billing_question.pk}/request-information/", {"body": "Numero fattura?"})
    client.post(f"/collaboration/questions/{billing_question.pk}/resolve/", {"body": ""})  # refused: empty
    billing_question.refresh_from_db()
    assert billing_question.needs_info and billing_question.resolved_at is None
    client.post(f"/collaboration/questions/{billing_question.pk}/resolve/", {"body": "Nota di credito entro 30 giorni."})
    billing_question.refresh_from_db()
    assert billing_question.resolved_at is not None
    assert billing_question.accepted_answer.is_certified
