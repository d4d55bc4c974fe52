"""Asking and writing a post: the usual space as default, @mentions linked in the published text, the
mention autocomplete limited to who may read the space, and the Markdown preview (through the same
sanitiser as a published post) on every form that writes or edits a post, with the no-JavaScript round
trip that publishes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from collaboration.actions import questions
from collaboration.models import Mention, Question, Space
from collaboration.spaces import grant, usual_space
from collaboration import access
from tests.collaboration.test_edit_conflicts import KINDS as EDITED_KINDS
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror="alert(2)"> [clic](javascript:alert(3)) '
    '<a href="#" onclick="alert(4)">x</a> <style>body{}</style> @operatore2'
)


@pytest.fixture
def fibra_team(csr, team_lead):
    """A team space where the CSR also posts; only the team's members may read it."""
    team = Group.objects.create(name="Team Fibra")
    csr.groups.add(team)
    space = Space.objects.create(name="Team Fibra", slug="team-fibra", kind=Space.Kind.TEAM)
    grant(space, team, "post")
    return space


def test_the_default_space_is_where_the_user_asks_most_and_always_one_they_may_post_in(csr, csr2, everyone, fibra_team, experts_space):
    postable = access.spaces_with(csr, access.POST)
    assert usual_space(csr, postable) == everyone  # no question yet: the space for all operators
    questions.do_create_question(csr, fibra_team, "Attivazione fibra in ritardo", "x")
    questions.do_create_question(csr2, everyone, "Altra domanda di un collega", "x")
    assert usual_space(csr, postable) == fibra_team
    expert = make_user("esperto", roles.EXPERT)
    questions.do_create_question(expert, experts_space, "Caso riservato agli esperti", "x")
    assert usual_space(expert, access.spaces_with(expert, access.POST)) == experts_space
    nobody = make_user("senza.spazi")
    assert usual_space(nobody, access.spaces_with(nobody, access.POST)) is None


def test_the_ask_form_preselects_the_usual_space(csr_client, csr, everyone, fibra_team):
    questions.do_create_question(csr, fibra_team, "Attivazione fibra in ritardo", "x")
    html = csr_client.get("/collaboration/ask/").content.decode()
    assert f'<option value="{fibra_team.pk}" selected>' in html
    # The similar box comes right after the title, before the details.
    assert html.index('name="title"') < html.index('class="similar card"') < html.index('name="body"')


def test_a_mention_of_an_existing_user_is_a_link_to_their_questions(csr, csr2, everyone):
    question = questions.do_create_question(
        csr, everyone, "Chi conosce la procedura SEPA?", "Chiedo a @operatore2 e a @sconosciuto. Non in `@operatore2`."
    )
    html = question.body_html
    assert '<a href="/collaboration/?author=operatore2" rel="noopener noreferrer">@operatore2</a>' in html
    assert "@sconosciuto" in html and "author=sconosciuto" not in html
    assert "<code>@operatore2</code>" in html  # code keeps its text
    answer = questions.do_post_answer(csr2, question, "Grazie @operatore.")
    assert 'href="/collaboration/?author=operatore"' in answer.body_html


def test_the_mention_link_lists_that_persons_questions(csr_client, csr, csr2, everyone):
    questions.do_create_question(csr2, everyone, "Domanda del collega due", "x")
    questions.do_create_question(csr, everyone, "Domanda mia personale", "x")
    html = csr_client.get("/collaboration/", {"author": "operatore2"}).content.decode()
    assert "Domanda del collega due" in html and "Domanda mia personale" not in html


def test_mention_suggestions_are_active_readers_of_the_space(client, csr, everyone, experts_space, fibra_team):
    make_user("operatrice.rossi", roles.CSR, first_name="Ornella", last_name="Rossi")
    make_user("operatore.ex", roles.CSR, is_active=False)
    make_user("opinionista")  # no role: cannot read the space
    client.force_login(csr)
    found = client.get("/collaboration/mentions/", {"q": "op", "space": everyone.pk}).json()["results"]
    assert [person["username"] for person in found] == ["operatore", "operatrice.rossi"]
    assert client.get("/collaboration/mentions/", {"q": "orn", "space": everyone.pk}).json()["results"] == [
        {"username": "operatrice.rossi", "name": "Ornella Rossi"}
    ]
    # In a team space, only its members; a space the user cannot read is not found; bad input is a 400.
    assert [p["username"] for p in client.get("/collaboration/mentions/", {"q": "o", "space": fibra_team.pk}).json()["results"]] == ["operatore"]
    assert client.get("/collaboration/mentions/", {"q": "es", "space": experts_space.pk}).status_code == 404
    assert client.get("/collaboration/mentions/", {"q": "", "space": everyone.pk}).status_code == 400
    assert client.get("/collaboration/mentions/", {"q": "@", "space": everyone.pk}).status_code == 400
    assert client.get("/collaboration/mentions/", {"q": "op", "space": "x"}).status_code == 400


def test_preview_is_the_published_html_and_hostile_markup_never_survives(csr_client, csr2):
    html = csr_client.post("/collaboration/preview/", {"text": "**Nota** per " + HOSTILE}).json()["html"]
    assert "<strong>Nota</strong>" in html and 'href="/collaboration/?author=operatore2"' in html
    for hostile in ("<script", "onerror", "javascript:", "onclick", "<style", "<img"):
        assert hostile not in html
    assert csr_client.post("/collaboration/preview/", {"text": "x" * 20001}).status_code == 400
    assert csr_client.get("/collaboration/preview/").status_code == 405


def test_preview_without_javascript_shows_the_text_and_publishes_nothing(csr_client, csr2, everyone):
    response = csr_client.post("/collaboration/ask/", {
        "space": everyone.pk, "title": "Rimborso con nota di credito?", "body": "Ciao @operatore2, **grazie** " + HOSTILE,
        "preview": "body",
    })
    html = response.content.decode()
    assert response.status_code == 200 and not Question.objects.exists()
    assert "Rimborso con nota di credito?" in html and "**grazie**" in html  # the form keeps what was typed
    preview = html.split("data-preview-output", 1)[1].split("</div>", 1)[0]
    assert "<strong>grazie</strong>" in preview and 'href="/collaboration/?author=operatore2"' in preview
    for hostile in ("<script", "onerror", "javascript:", "onclick", "<style", "<img"):
        assert hostile not in preview


@pytest.mark.parametrize("kind", ["question", "answer", "practice", "need"])
def test_every_edit_form_has_the_preview_and_pressing_it_saves_nothing(kind, csr_client, csr, csr2, everyone):
    create, _edit, text_field, url_name, form_data = EDITED_KINDS[kind]
    post = create(csr, everyone)
    url = reverse(f"collaboration:{url_name}", args=[post.pk])
    page = csr_client.get(url).content.decode()
    assert 'data-preview-url="/collaboration/preview/"' in page and 'data-mention-url="/collaboration/mentions/"' in page
    assert 'name="preview" value="%s"' % text_field in page
    response = csr_client.post(url, {
        **form_data(post), text_field: "Ciao @operatore2, **grazie** " + HOSTILE, "version": post.version, "preview": text_field,
    })
    html = response.content.decode()
    assert response.status_code == 200 and "**grazie**" in html  # the form keeps what was typed
    preview = html.split("data-preview-output", 1)[1].split("</div>", 1)[0]
    assert "<strong>grazie</strong>" in preview and 'href="/collaboration/?author=operatore2"' in preview
    for hostile in ("<script", "onerror", "javascript:", "onclick", "<style", "<img"):
        assert hostile not in preview
    post.refresh_from_db()
    assert (post.version, getattr(post, text_field)) == (1, "Testo originale\nseconda riga")
    assert not Mention.objects.filter(user=csr2).exists()


@pytest.mark.parametrize("language, heading", [("it", "La tua domanda potrebbe avere già una risposta"), ("en", "Your question may already have an answer")])
def test_the_ask_page_speaks_both_languages(client, csr, everyone, language, heading):
    client.force_login(csr)
    html = client.get("/collaboration/ask/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html


def test_the_preview_button_never_publishes_a_practice_or_a_need(csr_client, everyone):
    from collaboration.models import BestPractice, MarketNeed

    html = csr_client.post("/collaboration/practices/new/", {
        "space": everyone.pk, "title": "Come spiegare la bolletta", "body": "Parto dal **totale**", "preview": "body",
    }).content.decode()
    assert "<strong>totale</strong>" in html.split("data-preview-output", 1)[1] and not BestPractice.objects.exists()
    html = csr_client.post("/collaboration/needs/new/", {
        "space": everyone.pk, "title": "IP statico per privati", "customers_ask": "Lo chiedono *spesso*",
        "frequency": "daily", "customers_affected": 3, "channel": "phone", "preview": "customers_ask",
    }).content.decode()
    assert "<em>spesso</em>" in html.split("data-preview-output", 1)[1] and not MarketNeed.objects.exists()
