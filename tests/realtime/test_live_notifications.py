"""Notifications and live questions over a real Channels consumer: delivery to the right user only,
catch-up after a reconnect, question watching with an access check, and bad input answered calmly."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from collaboration.actions import certification, questions, votes
from collaboration.models import Question
from notifications.models import Notification
from tests.realtime.sockets import receive_of_type, session_headers, socket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_answer_on_a_followed_question_arrives_live_in_the_users_language(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Roaming in Svizzera a pacchetto?", "Dettagli")
    headers = session_headers(csr, language="it")

    async def scenario():
        async with socket(headers) as communicator:
            await sync_to_async(questions.do_post_answer)(csr2, question, "Sì, con l'opzione Europa+")
            return await receive_of_type(communicator, "notification")

    notification = async_to_sync(scenario)()["notification"]
    assert notification["kind"] == "answer"
    assert notification["text"] == "operatore2 ha risposto a “Roaming in Svizzera a pacchetto?”"
    assert notification["url"] == f"/notifications/{notification['id']}/open/"


def test_private_space_activity_never_reaches_a_user_without_access(csr, expert, experts_space):
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            private = await sync_to_async(questions.do_create_question)(
                expert, experts_space, "Bozza risposta rimborsi", "Chiedo a @operatore"
            )
            await communicator.send_json_to({"type": "watch", "question": private.pk})
            watching = await receive_of_type(communicator, "watching")
            await sync_to_async(questions.do_post_answer)(expert, private, "Risposta interna")
            nothing = await communicator.receive_nothing(timeout=1)
            return watching, nothing

    watching, nothing = async_to_sync(scenario)()
    assert watching["ok"] is False
    assert nothing
    assert not Notification.objects.filter(user=csr).exists()


def test_reconnecting_page_catches_up_from_the_last_notification_it_saw(csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Disdetta durante il vincolo", "Penali?")
    questions.do_post_answer(csr2, question, "Prima risposta")
    seen = Notification.objects.get(user=csr).pk
    questions.do_post_answer(csr2, question, "Seconda risposta, mentre eri offline")  # csr has no socket now
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_json_to({"type": "catch_up", "after": seen})
            return await receive_of_type(communicator, "notifications")

    caught_up = async_to_sync(scenario)()
    assert [n["id"] for n in caught_up["notifications"]] == [seen + 1]
    assert caught_up["unread"] == 2


def test_catch_up_withholds_a_question_moved_to_a_private_space_since(csr, csr2, everyone, experts_space):
    question = questions.do_create_question(csr, everyone, "Sconto fedeltà riservato", "Chi lo decide?")
    questions.do_post_answer(csr2, question, "Il retention desk")
    Question.objects.filter(pk=question.pk).update(space=experts_space)
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_json_to({"type": "catch_up", "after": 0})
            return await receive_of_type(communicator, "notifications")

    [notification] = async_to_sync(scenario)()["notifications"]
    assert notification["withheld"] is True
    assert notification["text"] == "Su un contenuto che non puoi più vedere"
    assert "Sconto" not in str(notification) and "operatore2" not in str(notification)


def test_watchers_see_votes_and_certification_live(csr, csr2, expert, everyone):
    question = questions.do_create_question(csr, everyone, "Cambio intestatario linea fissa", "Documenti?")
    answer = questions.do_post_answer(csr2, question, "Serve il modulo di subentro")
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_json_to({"type": "watch", "question": question.pk})
            assert (await receive_of_type(communicator, "watching"))["ok"] is True
            await sync_to_async(votes.do_vote)(csr2, answer, 1)
            voted = await receive_of_type(communicator, "question.updated")
            await sync_to_async(certification.do_certify_answer)(expert, answer)
            certified = await receive_of_type(communicator, "question.updated")
            return voted, certified

    voted, certified = async_to_sync(scenario)()
    assert (voted["question"], voted["op"]) == (question.pk, "vote")
    assert certified["op"] == "certified"


def test_malformed_messages_get_an_error_and_the_socket_stays_open(csr):
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            await communicator.send_to(text_data="not json")
            first = await communicator.receive_json_from()
            await communicator.send_json_to({"type": "catch_up", "after": "ieri"})
            second = await communicator.receive_json_from()
            await communicator.send_json_to({"type": "catch_up", "after": 0})
            third = await communicator.receive_json_from()
            return first, second, third

    first, second, third = async_to_sync(scenario)()
    assert first["type"] == second["type"] == "error"
    assert third == {"type": "notifications", "notifications": [], "unread": 0}
