"""The question lists of Collaboration: votes on questions (one per person, withdrawable), the filters
"mine", "unanswered" and "escalated to me", the orders, tag pages, and pages that keep the choices."""

import pytest

from collaboration.actions import escalation, questions, votes
from collaboration.models import Question

pytestmark = pytest.mark.django_db


def titles(html, *candidates):
    """The candidates in the order the page shows them."""
    return sorted((title for title in candidates if title in html), key=html.index)


@pytest.fixture
def three(csr, csr2, everyone):
    old = questions.do_create_question(csr2, everyone, "Vecchia domanda senza risposta", "x", tags=["sepa"])
    mine = questions.do_create_question(csr, everyone, "La mia domanda sul roaming", "x", tags=["roaming"])
    answered = questions.do_create_question(csr2, everyone, "Domanda con una risposta", "x", tags=["sepa"])
    questions.do_post_answer(csr, answered, "Ecco la risposta")
    return old, mine, answered


def test_a_question_vote_is_one_per_person_and_can_be_withdrawn(client, csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Domanda da votare", "x")
    client.force_login(csr2)
    client.post(f"/collaboration/vote/question/{question.pk}/", {"value": "up"})
    client.post(f"/collaboration/vote/question/{question.pk}/", {"value": "up"})
    question.refresh_from_db()
    assert question.score == 1
    html = client.get(f"/collaboration/questions/{question.pk}/").content.decode()
    assert 'aria-pressed="true"' in html and 'value="clear"' in html
    client.post(f"/collaboration/vote/question/{question.pk}/", {"value": "clear"})
    question.refresh_from_db()
    assert question.score == 0


def test_filters_mine_and_unanswered(csr_client, three):
    all_titles = [question.title for question in three]
    html = csr_client.get("/collaboration/", {"show": "mine"}).content.decode()
    assert titles(html, *all_titles) == ["La mia domanda sul roaming"]
    html = csr_client.get("/collaboration/", {"show": "unanswered"}).content.decode()
    assert titles(html, *all_titles) == ["La mia domanda sul roaming", "Vecchia domanda senza risposta"]


def test_escalated_to_me_shows_the_experts_queue(client, csr, csr2, expert, three):
    escalation.do_escalate(three[0], user=csr2)  # no impact rule: to the Expert group
    client.force_login(expert)
    html = client.get("/collaboration/", {"show": "escalated"}).content.decode()
    assert titles(html, *[q.title for q in three]) == [three[0].title]
    client.force_login(csr)
    assert three[0].title not in client.get("/collaboration/", {"show": "escalated"}).content.decode()


def test_sort_by_votes_and_unanswered_first(csr_client, csr, csr2, three):
    old, mine, answered = three
    votes.do_vote(csr, answered, 1)
    votes.do_vote(csr2, answered, 1)
    votes.do_vote(csr2, old, 1)
    all_titles = [question.title for question in three]
    html = csr_client.get("/collaboration/", {"sort": "votes"}).content.decode()
    assert titles(html, *all_titles) == [answered.title, old.title, mine.title]
    html = csr_client.get("/collaboration/", {"sort": "unanswered"}).content.decode()
    assert titles(html, *all_titles) == [old.title, mine.title, answered.title]


def test_an_unknown_filter_or_order_is_a_form_error_not_a_crash(csr_client, three):
    response = csr_client.get("/collaboration/", {"show": "<script>", "sort": "x" * 500})
    assert response.status_code == 200 and "<script>" not in response.content.decode()


def test_tag_page_lists_what_the_reader_may_see_under_the_tag(client, csr, expert, experts_space, three):
    questions.do_create_question(expert, experts_space, "Caso riservato sepa", "x", tags=["sepa"])
    client.force_login(csr)
    html = client.get("/collaboration/tags/sepa/").content.decode()
    assert titles(html, "Vecchia domanda senza risposta", "Domanda con una risposta", "La mia domanda sul roaming",
                  "Caso riservato sepa") == ["Domanda con una risposta", "Vecchia domanda senza risposta"]
    assert 'href="/collaboration/tags/sepa/"' in client.get("/collaboration/").content.decode()
    assert client.get("/collaboration/tags/nessuno/").status_code == 404


def test_the_next_page_keeps_the_filter_and_order(csr_client, csr, everyone):
    Question.objects.bulk_create([
        Question(space=everyone, author=csr, title=f"Domanda numero {n}", body="x", body_html="x") for n in range(25)
    ])
    html = csr_client.get("/collaboration/", {"show": "mine", "sort": "votes"}).content.decode()
    assert "?show=mine&amp;sort=votes&amp;page=2" in html
