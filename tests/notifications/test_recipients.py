"""Who is notified of what: followers, mentions (in every kind of post, once per post), escalations, service levels, market needs, new articles;
never anyone outside a private space; each user's delivery choice and interests respected."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts import roles
from collaboration.actions import contributions, escalation, questions
from collaboration.models import MarketNeed
from kb.models import KnownDefectPage, OfferPage
from notifications import digest, preferences
from notifications.models import Delivery, DeliveryPreference, Kind, Notification
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db


def kinds_of(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_followers_are_told_of_an_answer_but_not_its_author(after_commit, csr, csr2, everyone):
    question = after_commit(questions.do_create_question, csr, everyone, "Roaming in Svizzera a pacchetto?", "Dettagli")
    after_commit(questions.do_post_answer, csr2, question, "Sì, con l'opzione Europa+")
    notification = Notification.objects.get(user=csr)
    assert (notification.kind, notification.subject, notification.actor) == (Kind.ANSWER, question.title, "operatore2")
    assert kinds_of(csr2) == []


def test_mentions_reach_only_people_who_can_read_the_space(after_commit, csr, expert, experts_space, everyone):
    private = after_commit(questions.do_create_question, expert, experts_space, "Bozza risposta rimborsi", "Chiedo a @operatore")
    assert kinds_of(csr) == []  # the CSR cannot read the experts' space: no notification, not even a hint
    public = after_commit(questions.do_create_question, expert, everyone, "Rimborso doppio addebito", "Vedi @operatore")
    assert list(Notification.objects.filter(user=csr).values_list("kind", "question")) == [(Kind.MENTION, public.pk)]
    assert private.pk != public.pk


def test_mentions_in_best_practices_and_market_needs_notify_readers_of_their_space_once(
    after_commit, csr, csr2, expert, experts_space, everyone
):
    after_commit(contributions.do_share_practice, expert, experts_space, "Rimborsi riservati", "Lo sa @operatore")
    assert kinds_of(csr) == []  # the CSR cannot read the experts' space
    practice = after_commit(contributions.do_share_practice, expert, everyone, "Verifica SEPA", "Grazie a @operatore")
    need = after_commit(
        contributions.do_flag_need, expert, everyone, "eSIM per smartwatch", "Sentito da @operatore", "daily", 2, "phone"
    )
    assert list(Notification.objects.filter(user=csr).order_by("pk").values_list("kind", "subject", "url")) == [
        (Kind.MENTION, "Verifica SEPA", f"/collaboration/practices/{practice.pk}/"),
        (Kind.MENTION, "eSIM per smartwatch", f"/collaboration/needs/{need.pk}/"),
    ]
    # An edit that keeps the mention tells nobody again; one that adds a name tells that person.
    after_commit(contributions.do_edit_practice, expert, practice, practice.title, "Grazie a @operatore e @operatore2")
    after_commit(contributions.do_edit_need, expert, need, need.title, "Sentito da @operatore", "daily", "phone")
    assert kinds_of(csr) == [Kind.MENTION, Kind.MENTION]
    assert list(Notification.objects.filter(user=csr2).values_list("kind", "url")) == [
        (Kind.MENTION, f"/collaboration/practices/{practice.pk}/")
    ]


def test_a_follower_the_answer_mentions_is_told_once(after_commit, csr, csr2, everyone):
    question = after_commit(questions.do_create_question, csr, everyone, "Roaming in Svizzera a pacchetto?", "Dettagli")
    answer = after_commit(questions.do_post_answer, csr2, question, "Sì @operatore, con l'opzione Europa+")
    assert list(Notification.objects.filter(user=csr).values_list("kind", "url")) == [
        (Kind.MENTION, f"{question.get_absolute_url()}#answer-{answer.pk}")
    ]
    after_commit(questions.do_edit_answer, csr2, answer, "Sì @operatore, con l'opzione Europa+ (10 euro)")
    after_commit(questions.do_comment, csr2, "Aggiungo per @operatore: vale anche in Norvegia", answer=answer)
    assert kinds_of(csr) == [Kind.MENTION, Kind.MENTION]  # the comment is a new post; the edit was not


def test_escalation_notifies_the_responsible_group(after_commit, csr, everyone, billing_rule, billing_back_office, expert):
    question = after_commit(questions.do_create_question, csr, everyone, "Doppio addebito", "Dettagli", topic=billing_rule.topic)
    after_commit(escalation.do_escalate, question, user=csr)
    assert kinds_of(expert) == [Kind.ESCALATION]


def test_service_level_warning_is_sent_once_before_the_breach(after_commit, csr, everyone, billing_rule, expert, settings):
    settings.SLA_WARNING_MINUTES = 30
    question = after_commit(questions.do_create_question, csr, everyone, "Doppio addebito", "Dettagli", topic=billing_rule.topic)
    after_commit(escalation.do_escalate, question, user=csr)
    early = question.resolution_due - datetime.timedelta(minutes=45)
    assert escalation.warn_service_levels(now=early) == 0
    soon = question.resolution_due - datetime.timedelta(minutes=20)
    assert escalation.warn_service_levels(now=soon) == 1
    assert escalation.warn_service_levels(now=soon) == 0
    assert sorted(kinds_of(expert)) == [Kind.ESCALATION, Kind.SLA]


def test_supporters_hear_of_a_need_status_change(after_commit, csr, csr2, expert, everyone):
    need = contributions.do_flag_need(csr, everyone, "eSIM per smartwatch", "I clienti chiedono", "daily", 5, "phone")
    contributions.do_support_need(csr2, need, "Anche in chat")
    after_commit(contributions.do_change_need_status, expert, need, MarketNeed.Status.UNDER_REVIEW, "Lo valutiamo")
    assert kinds_of(csr) == kinds_of(csr2) == [Kind.NEED_STATUS]
    assert Notification.objects.get(user=csr2).detail == MarketNeed.Status.UNDER_REVIEW


def test_new_offer_reaches_operators_once(after_commit, csr, home):
    offer = after_commit(published_article, OfferPage, title="Fibra 2.5 Giga a 24,90")
    after_commit(offer.save_revision().publish)
    assert list(Notification.objects.filter(user=csr).values_list("kind", "page")) == [(Kind.OFFER, offer.pk)]


def test_interests_narrow_offers_and_defects(after_commit, csr, csr2, home, fibra):
    preferences.save(csr, {}, [fibra], [])
    after_commit(published_article, KnownDefectPage, title="App MyTelco si chiude all'avvio")
    assert kinds_of(csr) == [] and kinds_of(csr2) == [Kind.DEFECT]
    defect = after_commit(published_article, KnownDefectPage, title="Fibra lenta la sera", products=[fibra])
    assert Notification.objects.get(user=csr).page_id == defect.pk


def test_off_stores_nothing_and_email_waits_for_the_digest(after_commit, csr, csr2, everyone):
    DeliveryPreference.objects.create(user=csr, kind=Kind.MENTION, delivery=Delivery.OFF)
    DeliveryPreference.objects.create(user=csr2, kind=Kind.MENTION, delivery=Delivery.EMAIL)
    csr2.email = "marco.bianchi@example.com"
    csr2.save()
    author = make_user("esperto", roles.EXPERT)
    after_commit(questions.do_create_question, author, everyone, "Portabilità", "Per @operatore e @operatore2")
    assert kinds_of(csr) == []
    assert Notification.objects.get(user=csr2).delivery == Delivery.EMAIL
    now = timezone.now()
    assert digest.send_email_digests(now=now) == 1
    assert mail.outbox[0].to == ["marco.bianchi@example.com"]
    assert "Portabilità" in mail.outbox[0].body and "/notifications/" in mail.outbox[0].body
    after_commit(questions.do_create_question, author, everyone, "Portabilità bis", "Ancora @operatore2")
    assert digest.send_email_digests(now=now + datetime.timedelta(hours=1)) == 0  # one digest a day
    assert digest.send_email_digests(now=now + datetime.timedelta(hours=25)) == 1


def test_an_escalation_notice_lost_with_its_worker_is_sent_by_the_next_run(
    django_capture_on_commit_callbacks, csr, everyone, billing_rule, expert
):
    from collaboration.tasks import escalate_overdue_questions

    question = questions.do_create_question(csr, everyone, "Doppio addebito", "Dettagli", topic=billing_rule.topic)
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the worker died: no notice
        escalation.escalate_overdue(now=question.first_response_due + datetime.timedelta(minutes=1))
    assert kinds_of(expert) == []
    escalate_overdue_questions.call()
    escalate_overdue_questions.call()
    assert kinds_of(expert) == [Kind.ESCALATION]


def test_a_reassigned_question_is_announced_to_its_new_group_once(after_commit, csr, everyone, billing_rule, expert):
    from django.contrib.auth.models import Group

    question = after_commit(questions.do_create_question, csr, everyone, "Doppio addebito", "Dettagli", topic=billing_rule.topic)
    after_commit(escalation.do_escalate, question, user=csr)
    other = make_user("esperto2", roles.EXPERT)
    after_commit(escalation.do_reassign, expert, question, group=Group.objects.get(name=roles.EXPERT))
    assert escalation.announce_escalations() == 0
    assert kinds_of(other) == [Kind.ESCALATION]
    assert kinds_of(expert) == [Kind.ESCALATION, Kind.ESCALATION]  # its first group, then the new one
