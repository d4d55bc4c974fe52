"""A notification about something the reader may no longer see (an article restricted since, a question
moved to a private space) keeps its place in the inbox and the digest, but never its title."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.models import PageViewRestriction

from accounts import roles
from collaboration.actions import questions
from collaboration.models import Question
from kb.models import OfferPage
from notifications import digest, services
from notifications.models import Delivery, DeliveryPreference, Kind
from tests.factories import published_article

pytestmark = pytest.mark.django_db

WITHHELD = "Su un contenuto che non puoi più vedere"


def test_inbox_withholds_the_title_of_an_article_restricted_since(client, csr, approver, home):
    offer = published_article(OfferPage, title="Listino riservato ai partner")
    services.notify([csr.pk, approver.pk], Kind.OFFER, offer.title, offer.url, page=offer)
    client.force_login(csr)
    assert "Nuova offerta: Listino riservato ai partner" in client.get("/notifications/").content.decode()

    restriction = PageViewRestriction.objects.create(page=offer.get_parent(), restriction_type="groups")
    restriction.groups.add(Group.objects.get(name=roles.APPROVER))
    html = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Listino riservato ai partner" not in html
    assert WITHHELD in html
    assert '<span data-count-value>1</span>' in html  # still there, still unread

    client.force_login(approver)  # in the group: the title as it was
    assert "Nuova offerta: Listino riservato ai partner" in client.get("/notifications/").content.decode()


def test_digest_withholds_a_question_moved_to_a_private_space(after_commit, csr, csr2, everyone, experts_space, settings):
    settings.LANGUAGE_CODE = "it"
    csr.email = "giulia.rossi@example.com"
    csr.save()
    DeliveryPreference.objects.create(user=csr, kind=Kind.ANSWER, delivery=Delivery.EMAIL)
    question = questions.do_create_question(csr, everyone, "Penale recesso clienti business", "Quanto costa?")
    after_commit(questions.do_post_answer, csr2, question, "Dipende dal vincolo")
    Question.objects.filter(pk=question.pk).update(space=experts_space)

    assert digest.send_email_digests() == 1
    body = mail.outbox[0].body
    assert "Penale recesso clienti business" not in body and "operatore2" not in body
    assert WITHHELD in body
