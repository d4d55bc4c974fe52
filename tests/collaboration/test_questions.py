"""Asking, routing by the impact table, answering, accepting, editing, duplicates, follows, mentions,
the rate limit, and forms that keep what was typed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from collaboration.actions import questions
from collaboration.models import Follow, Mention, Question

pytestmark = pytest.mark.django_db


def test_question_is_routed_by_the_impact_table(csr, everyone, billing_rule, billing_back_office):
    question = questions.do_create_question(
        csr, everyone, "Doppio addebito sulla bolletta di ottobre", "Dettagli", topic=billing_rule.topic
    )
    assert question.impact_rule == billing_rule
    assert question.responsible_group == billing_back_office
    assert question.priority == "high"
    assert question.first_response_due == question.created_at + datetime.timedelta(minutes=30)
    assert question.resolution_due == question.created_at + datetime.timedelta(minutes=240)


def test_most_specific_rule_wins(csr, everyone, billing_rule, billing_back_office, fibra):
    from django.contrib.auth.models import Group

    from collaboration.models import ImpactRule

    network = Group.objects.create(name="Rete")
    specific = ImpactRule.objects.create(name="Fatturazione fibra", topic=billing_rule.topic, product=fibra,
                                         responsible_group=network, first_response_minutes=10, resolution_minutes=60)
    question = questions.do_create_question(csr, everyone, "Fattura della fibra sbagliata", "x",
                                            product=fibra, topic=billing_rule.topic)
    assert question.impact_rule == specific and question.responsible_group == network


def test_tag_rule_matches_case_insensitively(csr, everyone, billing_back_office):
    from collaboration.models import ImpactRule

    rule = ImpactRule.objects.create(name="Roaming", tag="roaming", responsible_group=billing_back_office)
    question = questions.do_create_question(csr, everyone, "Chiamate dalla Svizzera", "x", tags=["Roaming"])
    assert question.impact_rule == rule


def test_answer_marks_first_response_and_answered(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Come si attiva la eSIM?", "x")
    questions.do_post_answer(csr, question, "Aggiungo un dettaglio")  # the asker's own reply is no response
    assert question.first_response_at is None
    answer = questions.do_post_answer(csr2, question, "Dal portale attivazioni")
    question.refresh_from_db()
    assert question.first_response_at == answer.created_at
    assert question.status == Question.Status.ANSWERED
    assert Follow.objects.filter(user=csr2, question=question).exists()


def test_only_asker_or_moderator_accepts(csr, csr2, team_lead, everyone):
    question = questions.do_create_question(csr, everyone, "Come si attiva la eSIM?", "x")
    answer = questions.do_post_answer(csr2, question, "Dal portale")
    with pytest.raises(PermissionDenied):
        questions.do_accept_answer(csr2, answer)
    questions.do_accept_answer(team_lead, answer)
    question.refresh_from_db()
    assert question.accepted_answer == answer


def test_edit_keeps_history(csr, everyone):
    question = questions.do_create_question(csr, everyone, "Titolo iniziale della domanda", "Prima versione")
    questions.do_edit_question(csr, question, "Titolo corretto della domanda", "Seconda versione")
    revision = question.revisions.get()
    assert (revision.title, revision.body) == ("Titolo iniziale della domanda", "Prima versione")
    assert question.title == "Titolo corretto della domanda"


def test_other_operators_cannot_edit(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Titolo iniziale della domanda", "x")
    with pytest.raises(PermissionDenied):
        questions.do_edit_question(csr2, question, "Cambiato", "x")


def test_close_as_duplicate_links_the_original(csr, team_lead, everyone, client):
    original = questions.do_create_question(csr, everyone, "Come disdire la fibra?", "x")
    copy = questions.do_create_question(csr, everyone, "Disdetta fibra, come si fa?", "x")
    questions.do_close_as_duplicate(team_lead, copy, original)
    client.force_login(csr)
    html = client.get(f"/collaboration/questions/{copy.pk}/").content.decode()
    assert f"/collaboration/questions/{original.pk}/" in html
    with pytest.raises(ValidationError):
        questions.do_post_answer(csr, copy, "Risposta tardiva")


def test_mentions_are_recorded_for_existing_users(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Chi sa del roaming?", "Chiedo a @operatore2 e @nessuno")
    assert list(Mention.objects.filter(question=question).values_list("user__username", flat=True)) == ["operatore2"]


def test_follow_toggles(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Chi sa del roaming?", "x")
    assert questions.do_toggle_follow(csr2, question) is True
    assert questions.do_toggle_follow(csr2, question) is False


def test_posting_is_rate_limited(csr, everyone, settings):
    settings.COLLABORATION_POST_RATE = (2, 60)
    questions.do_create_question(csr, everyone, "Prima domanda di prova", "x")
    questions.do_create_question(csr, everyone, "Seconda domanda di prova", "x")
    with pytest.raises(ValidationError):
        questions.do_create_question(csr, everyone, "Terza domanda di prova", "x")


def test_rate_limited_form_keeps_the_text(client, csr, everyone, settings):
    settings.COLLABORATION_POST_RATE = (0, 60)
    client.force_login(csr)
    response = client.post("/collaboration/ask/", {"space": everyone.pk, "title": "Domanda molto importante", "body": "Testo da non perdere"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Testo da non perdere" in html and "Domanda molto importante" in html
    assert "troppo in fretta" in html


def test_invalid_form_shows_errors_not_a_stack_trace(client, csr, everyone):
    client.force_login(csr)
    response = client.post("/collaboration/ask/", {"space": everyone.pk, "title": "corto", "body": "Testo conservato"})
    assert response.status_code == 200
    assert "Testo conservato" in response.content.decode()
    assert not Question.objects.exists()


def test_question_page_shows_sla_and_breach(client, csr, everyone, billing_rule):
    question = questions.do_create_question(csr, everyone, "Doppio addebito sulla bolletta", "x", topic=billing_rule.topic)
    Question.objects.filter(pk=question.pk).update(resolution_due=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(csr)
    html = client.get(f"/collaboration/questions/{question.pk}/").content.decode()
    assert "Back office Fatturazione" in html
    assert "badge--status-investigating" in html  # the breach flag


def test_answer_edit_keeps_history_and_moderator_moves_between_moderated_spaces(client, csr, csr2, team_lead, everyone):
    from django.contrib.auth.models import Group

    from accounts import roles
    from collaboration.models import Space
    from collaboration.spaces import grant

    question = questions.do_create_question(csr, everyone, "Domanda da spostare", "x")
    answer = questions.do_post_answer(csr2, question, "Prima versione della risposta")
    client.force_login(csr2)
    client.post(f"/collaboration/answers/{answer.pk}/edit/", {"body": "Versione corretta", "version": answer.version})
    answer.refresh_from_db()
    assert answer.body == "Versione corretta" and answer.revisions.get().body == "Prima versione della risposta"

    team = Space.objects.create(name="Team", slug="team")
    grant(team, Group.objects.get(name=roles.TEAM_LEAD), "moderate")
    client.force_login(csr)
    client.post(f"/collaboration/questions/{question.pk}/move/", {"space": team.pk})
    question.refresh_from_db()
    assert question.space == everyone  # an operator cannot move
    client.force_login(team_lead)
    client.post(f"/collaboration/questions/{question.pk}/move/", {"space": team.pk})
    question.refresh_from_db()
    assert question.space == team


def test_moderator_merges_a_duplicate_into_the_original(csr, csr2, team_lead, everyone, client):
    original = questions.do_create_question(csr, everyone, "Come disdire la fibra?", "x")
    copy = questions.do_create_question(csr2, everyone, "Disdetta fibra, come si fa?", "x")
    answer = questions.do_post_answer(csr, copy, "Con la PEC o al telefono")
    client.force_login(team_lead)
    response = client.post(f"/collaboration/questions/{copy.pk}/duplicate/", {"original": original.pk, "merge": "1"})
    assert response["Location"] == f"/collaboration/questions/{original.pk}/"
    answer.refresh_from_db()
    copy.refresh_from_db()
    assert answer.question == original and copy.status == Question.Status.DUPLICATE
    assert Follow.objects.filter(user=csr2, question=original).exists()
