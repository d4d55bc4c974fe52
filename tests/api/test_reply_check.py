"""The "non dire" guard (api.reply_check) on realistic Italian drafts: what an ongoing crisis forbids,
expired offers' codes and prices, revoked certified answers; what must not be flagged; rights; the rules
rebuilt when content is published; and `POST /api/v1/check-reply` as the panel calls it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.test import APIClient
from wagtail.models import PageViewRestriction

from accounts import roles
from api.reply_check import check_reply
from collaboration.actions.certification import do_certify_answer, do_revoke_certification
from collaboration.models import Answer, Question
from kb.models import AnswerPage, CrisisPage, OfferPage
from tests.api.conftest import bearer
from tests.factories import published_article

pytestmark = pytest.mark.django_db

DO_NOT_SAY = """- Non dire che è colpa di Open Fiber.
- Non promettere rimborsi automatici
- Non dire che il servizio tornerà entro oggi"""
HOLDING = "Siamo a conoscenza del disservizio sulla fibra a Milano e i tecnici sono al lavoro."
REVOKED = "Per il rimborso il cliente deve inviare una PEC all'ufficio legale allegando tre fatture pagate."
CERTIFIED = "Il rimborso si chiede dall'area clienti, sezione Pagamenti, senza inviare documenti."


def fibra_offer(title, code, amount, fibra, **fields):
    return published_article(OfferPage, title=title, offer_code=code, products=[fibra],
                             prices=[("price", {"label_text": "Canone", "amount": amount, "period": "month"})], **fields)


def expire(offer, days_ago=3):
    """As Wagtail's publish_scheduled does when the expiry passes."""
    OfferPage.objects.filter(pk=offer.pk).update(
        expire_at=timezone.now() - datetime.timedelta(days=days_ago), live=False, expired=True)


@pytest.fixture
def guarded(home, csr, expert, everyone, fibra):
    crisis = published_article(CrisisPage, title="Disservizio fibra Milano", status="active", severity="major",
                               holding_statement=HOLDING, do_not_say=DO_NOT_SAY)
    old = fibra_offer("Fibra Super Estate", "FIBRASUPER-2025", "29.90", fibra)
    expire(old)
    new = fibra_offer("Fibra Super Inverno", "FIBRASUPER-2026", "24.90", fibra)
    question = Question.objects.create(space=everyone, author=csr, title="Come chiede un rimborso il cliente?",
                                       body="Il cliente vuole il rimborso della bolletta.")
    revoked = Answer.objects.create(question=question, author=expert, body=REVOKED)
    do_certify_answer(expert, revoked)
    do_revoke_certification(expert, revoked, "La procedura è cambiata a ottobre.")
    current = Answer.objects.create(question=question, author=expert, body=CERTIFIED)
    do_certify_answer(expert, current)
    return {"crisis": crisis, "old": old, "new": new, "revoked": revoked, "question": question}


def kinds(conflicts):
    return [conflict["kind"] for conflict in conflicts]


@pytest.mark.parametrize("draft", [
    "Buongiorno. Il problema è colpa di Open Fiber, ci scusiamo.",
    "Gentile cliente, la colpa è tutta di OPEN FIBER.",
    "Le confermo che riceverà un rimborso automatico in fattura.",
    "Stia tranquillo: il servizio torna entro oggi pomeriggio.",
])
def test_a_paraphrase_of_what_not_to_say_is_flagged_with_the_holding_statement(csr, guarded, draft):
    [conflict] = check_reply(csr, draft)
    crisis = guarded["crisis"]
    assert conflict["kind"] == "crisis" and conflict["use_instead"] == HOLDING
    assert conflict["source"] == {"id": crisis.pk, "title": crisis.title, "url": crisis.url}
    assert conflict["excerpt"] in draft and "Buongiorno" not in conflict["excerpt"]


@pytest.mark.parametrize("draft", [
    "Buongiorno, stiamo verificando la sua linea con Open Fiber.",  # one word of the item is not the item
    "Il rimborso della bolletta di marzo è stato disposto ieri.",
    "Le confermo l'appuntamento con il tecnico per domani mattina.",
    "   ",
])
def test_drafts_that_do_not_say_it_are_not_flagged(csr, guarded, draft):
    assert check_reply(csr, draft) == []


def test_a_resolved_crisis_forbids_nothing_any_more(csr, guarded):
    crisis = guarded["crisis"]
    crisis.status = "resolved"
    crisis.save_revision().publish()
    assert check_reply(csr, "È colpa di Open Fiber.") == []


@pytest.mark.parametrize("draft, what", [
    ("Può attivare la promo con il codice FIBRASUPER-2025 entro fine mese.", "FIBRASUPER-2025"),
    ("Le inserisco il codice fibrasuper 2025.", "FIBRASUPER-2025"),
    ("La Fibra Super Estate costa 29,90 € al mese.", "29,90"),
    ("Con Fibra Super Estate paga 29.90 euro al mese.", "29,90"),
])
def test_an_expired_offers_code_or_price_is_flagged_with_the_offer_that_replaced_it(csr, guarded, draft, what):
    [conflict] = check_reply(csr, draft, "chat")
    old = guarded["old"]
    assert conflict["kind"] == "offer" and what in conflict["reason"]
    assert conflict["source"]["id"] == old.pk and conflict["source"]["title"] == "Fibra Super Estate"
    assert "Fibra Super Inverno" in conflict["use_instead"] and "FIBRASUPER-2026" in conflict["use_instead"]
    assert "24,90 €" in conflict["use_instead"]


@pytest.mark.parametrize("draft", [
    "Le attivo la Fibra Super Inverno, codice FIBRASUPER-2026, a 24,90 € al mese.",  # the current offer
    "Il modem in noleggio costa 29,90 € al mese.",  # the old price, but not about that offer
    "Il suo numero cliente è 2025 e la pratica è la FIBRA 7.",
])
def test_current_offers_and_unrelated_prices_are_not_flagged(csr, guarded, draft):
    assert check_reply(csr, draft) == []


def test_an_expired_offer_with_no_successor_says_so_and_proposes_nothing(csr, guarded):
    expire(guarded["new"], days_ago=1)
    [conflict] = check_reply(csr, "Il codice FIBRASUPER-2025 è ancora valido.")
    assert conflict["use_instead"] == "" and conflict["source"]["id"] == guarded["old"].pk


def test_a_draft_reproducing_a_revoked_answer_gets_the_answer_certified_in_its_place(csr, guarded):
    draft = ("Buongiorno, per avere il rimborso deve inviare una PEC all'ufficio legale e allegare tre fatture "
             "pagate. Cordiali saluti")
    [conflict] = check_reply(csr, draft)
    revoked, question = guarded["revoked"], guarded["question"]
    assert conflict["kind"] == "revoked_answer" and conflict["use_instead"] == CERTIFIED
    assert "La procedura è cambiata a ottobre." in conflict["reason"]
    assert conflict["source"] == {"id": revoked.pk, "title": question.title,
                                  "url": f"{question.get_absolute_url()}#answer-{revoked.pk}"}
    assert check_reply(csr, "Il rimborso si chiede dall'area clienti, sezione Pagamenti.") == []


def test_a_revoked_answer_replaced_by_an_article_gets_its_text_as_copied_and_only_for_readers(csr, expert, home, everyone):
    article = published_article(AnswerPage, title="Rimborso della bolletta", approved_answer=(
        "Gentile {cliente}, il **rimborso** si chiede dall'area clienti, sezione Pagamenti. {firma}"))
    question = Question.objects.create(space=everyone, author=csr, title="Come chiede un rimborso il cliente?",
                                       body="Il cliente vuole il rimborso della bolletta.", promoted_page=article)
    revoked = Answer.objects.create(question=question, author=expert, body=REVOKED)
    do_certify_answer(expert, revoked)
    do_revoke_certification(expert, revoked, "La procedura è cambiata a ottobre.")
    csr.first_name, csr.last_name = "Luca", "Neri"
    csr.save()
    draft = "Per il rimborso deve inviare una PEC all'ufficio legale allegando tre fatture pagate."
    [conflict] = check_reply(csr, draft, "social")
    assert conflict["use_instead"] == (
        "Gentile cliente, il rimborso si chiede dall'area clienti, sezione Pagamenti. Luca ^LN")
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=roles.EXPERT))
    assert check_reply(csr, draft)[0]["use_instead"] == ""
    assert check_reply(expert, draft)[0]["use_instead"].startswith("Gentile cliente, il rimborso si chiede")


def test_an_item_is_what_is_said_not_why_nor_the_instruction(csr, home):
    """As crisis owners write them (the demo crisis does): a reason after a colon, "Non dire: …", "Non
    suggerire di …". The reason's words made the item too long for the promise itself to match."""
    published_article(CrisisPage, title="Disservizio fibra", status="active", severity="major", holding_statement=HOLDING,
                      do_not_say="- Non promettere indennizzi, rimborsi o sconti: verranno comunicati se previsti.\n"
                                 "- Non suggerire di riavviare o resettare il modem: non serve.\n"
                                 "- Non dire: il guasto è colpa di Open Fiber")
    for draft in ("Le riconosceremo un indennizzo, un rimborso o uno sconto.", "Provi a riavviare o resettare il modem.",
                  "Il guasto è colpa di Open Fiber."):
        [conflict] = check_reply(csr, draft)
        assert conflict["kind"] == "crisis" and conflict["use_instead"] == HOLDING, draft
    assert check_reply(csr, "Gli sconti in vigore sono nella sua area clienti.") == []


def test_one_draft_gets_each_conflict_in_the_order_it_is_written(csr, guarded):
    draft = ("È colpa di Open Fiber. Intanto le propongo la Fibra Super Estate a 29,90 €. "
             "Per il rimborso invii una PEC all'ufficio legale allegando tre fatture pagate.")
    assert kinds(check_reply(csr, draft)) == ["crisis", "offer", "revoked_answer"]


def test_what_the_user_may_not_read_is_never_a_conflict(csr, expert, guarded, experts_space):
    restriction = PageViewRestriction.objects.create(page=guarded["crisis"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=roles.EXPERT))
    Question.objects.filter(pk=guarded["question"].pk).update(space=experts_space)
    draft = "È colpa di Open Fiber. Invii una PEC all'ufficio legale allegando tre fatture pagate."
    assert check_reply(csr, draft) == []
    assert kinds(check_reply(expert, draft)) == ["crisis", "revoked_answer"]


def test_publishing_a_crisis_or_revoking_an_answer_reaches_the_next_check(
        csr, expert, guarded, django_capture_on_commit_callbacks):
    draft = "Le consiglio di spegnere il modem per dieci minuti. Il guasto dipende dal suo router."
    assert check_reply(csr, draft) == []  # the rules are built now, without what follows
    with django_capture_on_commit_callbacks(execute=True):
        published_article(CrisisPage, title="Guasto router", status="active", severity="minor",
                          holding_statement="Stiamo verificando.", do_not_say="Non dire che il guasto dipende dal router")
    assert kinds(check_reply(csr, draft)) == ["crisis"]
    current = Answer.objects.get(body=CERTIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        do_revoke_certification(expert, current, "Sbagliata.")
    assert kinds(check_reply(csr, "Il rimborso si chiede dall'area clienti, sezione Pagamenti.")) == ["revoked_answer"]


# The endpoint, as the panel's draft box calls it.
def test_check_reply_answers_the_panels_contract_with_a_token(api, csr_token, guarded):
    response = api.post("/api/v1/check-reply", {"text": "È colpa di Open Fiber.", "channel": "chat"}, format="json",
                        **bearer(csr_token))
    assert response.status_code == 200
    [conflict] = response.json()["conflicts"]
    assert set(conflict) == {"kind", "excerpt", "reason", "use_instead", "source"}
    assert set(conflict["source"]) == {"id", "title", "url"} and conflict["excerpt"] == "È colpa di Open Fiber"
    assert conflict["reason"].startswith("«Non dire che è colpa di Open Fiber» è tra le cose da non dire")
    english = api.post("/api/v1/check-reply", {"text": "È colpa di Open Fiber."}, format="json",
                       HTTP_ACCEPT_LANGUAGE="en", **bearer(csr_token)).json()["conflicts"][0]
    assert "is on the list of what not to say" in english["reason"]


@pytest.mark.parametrize("body, field", [({}, "text"), ({"text": ""}, "text"), ({"text": "x" * 5001}, "text"),
                                         ({"text": "ciao", "channel": "fax"}, "channel"), ({"text": ["ciao"]}, "text")])
def test_bad_input_is_a_400_naming_the_field(api, csr_token, body, field):
    response = api.post("/api/v1/check-reply", body, format="json", **bearer(csr_token))
    assert response.status_code == 400 and field in response.json()


def test_the_pages_session_needs_its_csrf_token_and_anonymous_calls_are_refused(csr, guarded):
    assert APIClient().post("/api/v1/check-reply", {"text": "ciao"}, format="json").status_code == 401
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(csr)
    refused = client.post("/api/v1/check-reply", {"text": "ciao"}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.cookies["csrftoken"] = secret = "a" * 32  # what the page's cookie holds
    answered = client.post("/api/v1/check-reply", {"text": "È colpa di Open Fiber."}, format="json",
                           HTTP_X_CSRFTOKEN=secret)
    assert answered.status_code == 200 and kinds(answered.json()["conflicts"]) == ["crisis"]
