"""The permission matrix (role × space × action), and private content never leaking into lists."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from accounts import roles
from collaboration import access
from collaboration.actions import questions
from collaboration.models import Question
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLE_USERS = {role: role.lower().replace(" ", "-") for role in roles.ALL_ROLES if role != roles.ADMINISTRATOR}

# role → {space fixture: (view, post, moderate)}
MATRIX = {
    roles.CSR: {"everyone": (True, True, False), "experts_space": (False, False, False)},
    roles.TEAM_LEAD: {"everyone": (True, True, True), "experts_space": (False, False, False)},
    roles.EXPERT: {"everyone": (True, True, False), "experts_space": (True, True, True)},
    roles.CONTENT_OWNER: {"everyone": (True, True, False), "experts_space": (False, False, False)},
    roles.APPROVER: {"everyone": (True, True, False), "experts_space": (False, False, False)},
}


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("space_name", ["everyone", "experts_space"])
def test_permission_matrix(request, client, role, space_name, everyone, experts_space):
    space = request.getfixturevalue(space_name)
    user = make_user(ROLE_USERS[role], role)
    can_view, can_post, can_moderate = MATRIX[role][space_name]
    author = make_user(f"author-{role}-{space_name}".replace(" ", ""), is_superuser=True)
    question = questions.do_create_question(author, space, "Domanda di prova sul modem", "Testo della domanda")

    client.force_login(user)
    assert (client.get(f"/collaboration/spaces/{space.slug}/").status_code == 200) is can_view
    assert (client.get(f"/collaboration/questions/{question.pk}/").status_code == 200) is can_view

    response = client.post("/collaboration/ask/", {"space": space.pk, "title": "Nuova domanda sul canone", "body": "Dettagli"})
    assert Question.objects.filter(title="Nuova domanda sul canone").exists() is can_post
    if not can_post:
        assert response.status_code == 200  # the form says the space is not a valid choice, nothing is saved

    response = client.post(f"/collaboration/questions/{question.pk}/close/")
    question.refresh_from_db()
    assert (question.status == Question.Status.CLOSED) is can_moderate
    if not can_view:
        assert response.status_code == 404


def test_private_questions_never_appear_in_lists(client, csr, everyone, experts_space, expert):
    questions.do_create_question(expert, experts_space, "Caso riservato del back office", "Dettagli riservati")
    questions.do_create_question(expert, everyone, "Domanda per tutti gli operatori", "Dettagli")
    client.force_login(csr)
    html = client.get("/collaboration/").content.decode()
    assert "Domanda per tutti gli operatori" in html
    assert "Caso riservato del back office" not in html
    assert "Esperti" not in html
    assert list(access.visible_questions(csr).values_list("title", flat=True)) == ["Domanda per tutti gli operatori"]


def test_question_list_costs_the_same_queries_at_any_size(client, csr, everyone, expert):
    client.force_login(csr)
    questions.do_create_question(expert, everyone, "Prima domanda sulla fibra", "Dettagli")
    client.get("/collaboration/")
    with CaptureQueriesContext(connection) as few:
        client.get("/collaboration/")
    for number in range(30):
        Question.objects.create(space=everyone, author=expert, title=f"Domanda numero {number}", body="x", body_html="x")
    with CaptureQueriesContext(connection) as many:
        client.get("/collaboration/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 12
