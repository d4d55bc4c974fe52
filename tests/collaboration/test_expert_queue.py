"""The experts' queue as people read it: a question without SLA has no deadline (not "on time"), groups
are shown by their name in the reader's language, the "escalated" badge lasts as long as the queue entry,
and reassignment offers, and accepts, only the groups that answer escalated questions."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts import roles
from collaboration.actions import escalation, questions
from collaboration.forms import ReassignForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated(csr, everyone):
    """Escalated without an impact rule: to the Expert group, with no service level."""
    question = questions.do_create_question(csr, everyone, "Caso particolare senza regola", "x")
    return escalation.do_escalate(question, user=csr)


@pytest.mark.parametrize("language, group, no_deadline, on_time", [
    ("it", "Esperti", "Nessuna scadenza", "Nei tempi"), ("en", "Experts", "No deadline", "On time"),
])
def test_a_question_without_sla_has_no_deadline_and_a_readable_group(client, expert, escalated, language, group, no_deadline, on_time):
    client.force_login(expert)
    html = client.get("/collaboration/queue/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    row = html.split(escalated.title, 1)[1].split("</tr>", 1)[0]
    assert f"<td>{group}</td>" in row and no_deadline in row and on_time not in row
    page = client.get(f"/collaboration/questions/{escalated.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f": {group}</span>" in page and ": Expert</span>" not in page


def test_the_escalated_badge_ends_with_the_queue_entry(client, csr, expert, team_lead, escalated, everyone):
    client.force_login(csr)
    assert "data-escalation" in client.get(f"/collaboration/questions/{escalated.pk}/").content.decode()
    escalation.do_resolve_with_certified_answer(expert, escalated, "Risposta certificata dagli esperti")
    page = client.get(f"/collaboration/questions/{escalated.pk}/").content.decode()
    badge = page.split("data-escalation>", 1)[1].split("</span>", 1)[0]
    assert badge == "Risolta dagli esperti"  # not "Inoltrata": the history below still says it was escalated
    # A question closed by a moderator leaves the queue too.
    closed = escalation.do_escalate(questions.do_create_question(csr, everyone, "Domanda poi chiusa", "x"), user=csr)
    questions.do_close(team_lead, closed)
    assert list(escalation.my_queue(expert)) == []
    assert "data-escalation" not in client.get(f"/collaboration/questions/{closed.pk}/").content.decode()


def test_reassign_offers_and_accepts_only_groups_that_answer(expert, escalated, billing_back_office):
    offered = {label for _value, label in ReassignForm().fields["group"].choices if _value}
    assert offered == {"Esperti", "Back office Fatturazione"}
    for role in (roles.CSR, roles.ADMINISTRATOR):
        with pytest.raises(ValidationError):
            escalation.do_reassign(expert, escalated, group=Group.objects.get(name=role))
    escalation.do_reassign(expert, escalated, group=billing_back_office)
    escalated.refresh_from_db()
    assert escalated.assigned_group == billing_back_office
