"""One vote per user per post; scores stay right under concurrent votes."""

import threading

import pytest
from django.db import connection

from collaboration.actions import questions, votes
from collaboration.models import Answer, Vote
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_one_vote_per_user_and_changes_move_the_score(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Domanda sul modem", "x")
    answer = questions.do_post_answer(csr2, question, "Risposta")
    assert votes.do_vote(csr, answer, 1) == 1
    assert votes.do_vote(csr, answer, 1) == 1
    assert votes.do_vote(csr, answer, -1) == -1
    assert votes.do_vote(csr, answer, 0) == 0
    assert Vote.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_votes_are_all_counted(everyone):
    from accounts import roles

    author = make_user("autore", roles.CSR)
    question = questions.do_create_question(author, everyone, "Domanda sul modem", "x")
    answer = questions.do_post_answer(author, question, "Risposta")
    voters = [make_user(f"votante{number}", roles.CSR) for number in range(8)]
    barrier = threading.Barrier(len(voters) * 2)
    errors = []

    def vote(user, value):
        try:
            barrier.wait()
            votes.do_vote(user, answer, value)
        except Exception as error:  # collected: the assertion below reports them
            errors.append(error)
        finally:
            connection.close()

    # Each voter votes twice at once (up, then down racing): one vote each must survive.
    threads = [threading.Thread(target=vote, args=(user, value)) for user in voters for value in (1, -1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Vote.objects.filter(answer=answer).count() == len(voters)
    expected = sum(Vote.objects.filter(answer=answer).values_list("value", flat=True))
    assert Answer.objects.get(pk=answer.pk).score == expected


def test_cannot_vote_in_a_space_one_cannot_see(csr, expert, experts_space):
    from django.core.exceptions import PermissionDenied

    question = questions.do_create_question(expert, experts_space, "Caso riservato", "x")
    with pytest.raises(PermissionDenied):
        votes.do_vote(csr, question, 1)
