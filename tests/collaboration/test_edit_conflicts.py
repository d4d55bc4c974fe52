"""Two people saving the same post at once: the second gets the form back with the other change shown and
their own text kept, nothing is overwritten, and the history holds every text ever saved. For questions,
answers, best practices and market needs."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from accounts import roles
from collaboration.actions import contributions, questions
from collaboration.actions.editing import EditConflict
from collaboration.models import Answer, BestPractice, MarketNeed, PostRevision, Question
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def new_question(author, space):
    return questions.do_create_question(author, space, "Rimborso doppio addebito", "Testo originale\nseconda riga")


def new_answer(author, space):
    return questions.do_post_answer(author, new_question(author, space), "Testo originale\nseconda riga")


def new_practice(author, space):
    return contributions.do_share_practice(author, space, "Verifica addebiti SEPA", "Testo originale\nseconda riga")


def new_need(author, space):
    return contributions.do_flag_need(author, space, "eSIM per smartwatch", "Testo originale\nseconda riga", "daily", 3, "phone")


# kind: (create, edit action(user, post, text, version), text field, edit URL name, form data besides text)
KINDS = {
    "question": (new_question, lambda u, p, text, v: questions.do_edit_question(u, p, p.title, text, version=v), "body",
                 "edit-question", lambda p: {"space": p.space_id, "title": p.title}),
    "answer": (new_answer, lambda u, p, text, v: questions.do_edit_answer(u, p, text, version=v), "body",
               "edit-answer", lambda p: {}),
    "practice": (new_practice, lambda u, p, text, v: contributions.do_edit_practice(u, p, p.title, text, version=v), "body",
                 "edit-practice", lambda p: {"space": p.space_id, "title": p.title}),
    "need": (new_need, lambda u, p, text, v: contributions.do_edit_need(u, p, p.title, text, p.frequency, p.channel, version=v),
             "customers_ask", "edit-need", lambda p: {"title": p.title, "frequency": p.frequency, "channel": p.channel}),
}


def saved_texts(post, text_field):
    """Every text the post ever had: its history, oldest first, then the current one."""
    history = PostRevision.objects.filter(**{revision_target(post): post}).order_by("version")
    return [revision.body for revision in history] + [getattr(type(post).objects.get(pk=post.pk), text_field)]


def revision_target(post):
    return {Question: "question", Answer: "answer", BestPractice: "practice", MarketNeed: "need"}[type(post)]


@pytest.mark.parametrize("kind", KINDS)
def test_the_second_of_two_edits_from_one_version_is_refused_and_nothing_is_lost(kind, csr, team_lead, everyone):
    create, edit, text_field, _url, _data = KINDS[kind]
    post = create(csr, everyone)
    authors_copy, moderators_copy = type(post).objects.get(pk=post.pk), type(post).objects.get(pk=post.pk)

    edit(csr, authors_copy, "Testo dell'autore", 1)
    with pytest.raises(EditConflict) as conflict:
        edit(team_lead, moderators_copy, "Testo del moderatore", 1)
    assert getattr(conflict.value.current, text_field) == "Testo dell'autore" and conflict.value.current.version == 2
    assert saved_texts(post, text_field) == ["Testo originale\nseconda riga", "Testo dell'autore"]

    edit(team_lead, moderators_copy, "Testo del moderatore", 2)  # having seen the author's version
    assert saved_texts(post, text_field) == ["Testo originale\nseconda riga", "Testo dell'autore", "Testo del moderatore"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("kind", ["question", "need"])
def test_simultaneous_saves_from_one_version_let_exactly_one_through(kind, everyone):
    create, edit, text_field, _url, _data = KINDS[kind]
    author, moderator = make_user("autore", roles.CSR), make_user("moderatore", roles.TEAM_LEAD)
    post = create(author, everyone)
    barrier, outcomes = threading.Barrier(2), {}

    def save(user, text):
        copy = type(post).objects.get(pk=post.pk)
        try:
            barrier.wait()
            edit(user, copy, text, 1)
            outcomes[text] = "saved"
        except EditConflict:
            outcomes[text] = "conflict"
        except Exception as error:  # reported by the assertion below
            outcomes[text] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(user, f"Testo di {user.username}")) for user in (author, moderator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
    [winner] = [text for text, outcome in outcomes.items() if outcome == "saved"]
    assert saved_texts(post, text_field) == ["Testo originale\nseconda riga", winner]


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_comes_back_with_the_other_change_shown_and_the_users_text_kept(kind, client, csr, team_lead, everyone):
    create, _edit, text_field, url_name, form_data = KINDS[kind]
    post = create(csr, everyone)
    url = reverse(f"collaboration:{url_name}", args=[post.pk])
    text_name = "customers_ask" if kind == "need" else "body"

    client.force_login(team_lead)
    opened = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', opened).group(1)
    client.force_login(csr)
    assert client.post(url, {**form_data(post), text_name: "Testo originale\nriga dell'autore", "version": version}).status_code == 302

    client.force_login(team_lead)
    response = client.post(url, {**form_data(post), text_name: "Testo del moderatore", "version": version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Testo del moderatore</textarea>" in page  # the moderator's text is kept in the form
    conflict = page[page.index('id="conflict-title"'):page.index("<form", page.index('id="conflict-title"'))]
    assert escape("Testo originale\nriga dell'autore") in conflict  # the other writer's whole text
    assert '<span class="diff__added">+riga dell&#x27;autore</span>' in conflict  # and what they changed
    assert '<span class="diff__removed">-seconda riga</span>' in conflict
    assert 'name="version" value="2"' in page  # saving again now is a deliberate choice
    assert getattr(type(post).objects.get(pk=post.pk), text_field) == "Testo originale\nriga dell'autore"

    response = client.post(url, {**form_data(post), text_name: "Testo del moderatore", "version": "2"})
    assert response.status_code == 302
    assert saved_texts(post, text_field) == [
        "Testo originale\nseconda riga", "Testo originale\nriga dell'autore", "Testo del moderatore"
    ]


@pytest.mark.parametrize("version", ["", "abc", "0", "99999999999"])
def test_an_edit_without_a_valid_version_is_a_form_error_and_changes_nothing(version, client, csr, everyone):
    question = new_question(csr, everyone)
    client.force_login(csr)
    response = client.post(
        f"/collaboration/questions/{question.pk}/edit/",
        {"space": everyone.pk, "title": question.title, "body": "Nuovo testo", "version": version},
    )
    assert response.status_code == 200 and 'class="form-error"' in response.content.decode()
    question.refresh_from_db()
    assert question.body == "Testo originale\nseconda riga" and question.version == 1


def test_others_cannot_open_the_edit_page_of_a_practice_or_a_need(client, csr, csr2, everyone):
    practice, need = new_practice(csr, everyone), new_need(csr, everyone)
    client.force_login(csr2)
    assert client.get(f"/collaboration/practices/{practice.pk}/edit/").status_code == 403
    assert client.get(f"/collaboration/needs/{need.pk}/edit/").status_code == 403
    assert client.get("/collaboration/needs/999999/edit/").status_code == 404


def test_an_edited_question_is_found_by_its_new_words(csr, everyone, settings):
    from search import service

    settings.ELASTICSEARCH_URL = ""  # the database search, which follows saves in this process
    question = new_question(csr, everyone)
    questions.do_edit_question(csr, question, "Rimborso doppio addebito", "Serve la voltura del contratto", version=1)
    assert [hit.title for hit in service.search(csr, "voltura").results] == ["Rimborso doppio addebito"]
