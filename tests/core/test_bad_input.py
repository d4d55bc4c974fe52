"""Malformed input found by an attack on a running instance, answered 400/404 or with a form error:
huge and non-numeric ids in our URLs and forms, dates at the ends of the calendar on the dashboards, NUL
characters, a `next` that is not a local URL, and the same mistakes in Wagtail's admin screens."""

import pytest

from accounts import roles
from collaboration.actions import questions
from kb.models import CrisisPage
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def question(csr, everyone):
    return questions.do_create_question(csr, everyone, "Come si attiva la eSIM?", "Dettagli")


@pytest.mark.parametrize("url", [
    "/collaboration/questions/{huge}/move/", "/collaboration/questions/{huge}/comment/", "/collaboration/report/{huge}/",
    "/kb/crises/{huge}/acknowledge/", "/kb/crises/{huge}/receipts/", "/notifications/{huge}/open/",
    "/collaboration/vote/answer/{huge}/",
])
def test_huge_ids_in_our_urls_are_not_found(client, team_lead, home, url):
    client.force_login(team_lead)
    assert client.post(url.format(huge=HUGE)).status_code == 404
    assert client.get(url.format(huge=HUGE)).status_code in (404, 405)


@pytest.mark.parametrize("space", ["abc", HUGE, "-1", ""])
def test_a_bad_target_space_is_a_form_error(client, team_lead, question, space):
    client.force_login(team_lead)
    response = client.post(f"/collaboration/questions/{question.pk}/move/", {"space": space}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200 and "Choose a space you moderate." in response.content.decode()


@pytest.mark.parametrize("answer", ["abc", HUGE, "-1"])
def test_a_bad_answer_id_on_a_comment_is_a_400(client, csr, question, answer):
    client.force_login(csr)
    assert client.post(f"/collaboration/questions/{question.pk}/comment/", {"body": "Grazie", "answer": answer}).status_code == 400
    assert client.post(f"/collaboration/questions/{question.pk}/comment/", {"body": "Grazie", "answer": "999999"}).status_code == 404


@pytest.mark.parametrize("query", ["end=9999-12-31", "start=0001-01-01", "end=0001-01-01", "start=9999-12-31&end=9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_form_errors(client, team_lead, home, query):
    client.force_login(team_lead)
    for dashboard in ("content-gaps", "questions", "crises", "use"):
        response = client.get(f"/insights/{dashboard}/?{query}")
        assert response.status_code == 200
        assert response.context["form"].errors


def test_a_nul_character_is_a_400(client, csr, home):
    client.force_login(csr)
    assert client.get("/search/", {"q": "puk\x00"}).status_code == 400
    assert client.post("/collaboration/ask/", {"title": "Domanda\x00 lunga abbastanza", "body": "x"}).status_code == 400


@pytest.mark.parametrize("target", ["0001-01-01", "abc", "https://evil.example/", "//evil.example/"])
def test_a_next_that_is_not_a_local_url_is_a_400(client, home, target):
    crisis = published_article(CrisisPage)
    client.force_login(make_user("operatore", roles.CSR))
    assert client.post(f"/kb/crises/{crisis.pk}/acknowledge/", {"next": target}).status_code == 400
    assert client.get("/admin/login/", {"next": target}).status_code == 400
    assert client.post(f"/kb/crises/{crisis.pk}/acknowledge/", {"next": "/collaboration/"})["Location"] == "/collaboration/"


@pytest.mark.parametrize("value", ["abc", HUGE])
def test_wagtail_screens_answer_bad_ids_with_a_400(client, home, value):
    admin = make_user("admin", roles.ADMINISTRATOR, is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(f"/admin/snippets/choose/kb/topic/chosen/{value}/")
    assert response.status_code in (400, 404)
    assert b"Traceback" not in response.content


def test_deleting_a_user_others_still_refer_to_goes_back_with_the_reason(client, home, csr, everyone):
    from collaboration.actions import contributions

    contributions.do_share_practice(csr, everyone, "Riavvio del modem in due passi", "Spegni, attendi, riaccendi.")
    admin = make_user("admin", roles.ADMINISTRATOR, is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = f"/admin/users/delete/{csr.pk}/"
    response = client.post(url, follow=True)
    assert response.status_code == 200 and response.redirect_chain == [(url, 302)]
    assert "buone pratiche vi fanno ancora riferimento" in response.content.decode()  # the reason, in Italian
    assert type(csr).objects.filter(pk=csr.pk).exists()
