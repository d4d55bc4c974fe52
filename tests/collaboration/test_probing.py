"""What a moderator cannot learn by probing: the duplicate form answers the same for a private question
and for one that does not exist, and changes nothing in either case."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from collaboration.actions import questions
from collaboration.models import Answer, Question

pytestmark = pytest.mark.django_db


def duplicate_attempt(moderator, question, original_id, merge):
    client = Client()
    client.force_login(moderator)
    response = client.post(
        f"/collaboration/questions/{question.pk}/duplicate/", {"original": original_id, "merge": merge}, HTTP_ACCEPT_LANGUAGE="en"
    )
    return response.status_code, response["Location"], [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("merge", ["", "1"])
def test_duplicate_form_answers_the_same_for_a_private_and_a_missing_question(
    csr, expert, team_lead, everyone, experts_space, merge
):
    private = questions.do_create_question(expert, experts_space, "Bozza interna sui rimborsi", "x")
    question = questions.do_create_question(csr, everyone, "Rimborso dopo disdetta?", "x")
    questions.do_post_answer(csr, question, "Entro 30 giorni")
    missing = Question.objects.order_by("-pk").first().pk + 1000

    private_answer = duplicate_attempt(team_lead, question, private.pk, merge)
    missing_answer = duplicate_attempt(team_lead, question, missing, merge)

    assert private_answer == missing_answer
    assert private_answer[2] == ["The original question was not found."]
    question.refresh_from_db()
    assert question.status != Question.Status.DUPLICATE and question.duplicate_of is None
    assert not Answer.objects.filter(question=private).exists()
