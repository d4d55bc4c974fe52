"""Fixtures of the API tests: tokens for the usual people, an API client, and the real search node."""

import pytest
from rest_framework.test import APIClient

from api import tokens
from collaboration.models import Question
from kb.models import AnswerPage, CrisisPage, KnownDefectPage, OfferPage
from tests.factories import make_user, published_article
from tests.search.conftest import elasticsearch_url, index_pending, search_index  # noqa: F401  (the real node)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def csr_token(csr):
    _token, secret = tokens.create_personal_token(csr, "CRM", 90)
    return secret


@pytest.fixture
def integration_account(db):
    return make_user("crm-integrazione")


@pytest.fixture
def service_secret(integration_account):
    """A service token allowed to act for CSRs."""
    _token, secret = tokens.create_service_token("Salesforce", integration_account, may_act_as_users=True)
    return secret


def bearer(secret, acting_for=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if acting_for:
        headers["HTTP_X_SPORTELLO_USER"] = acting_for
    return headers


@pytest.fixture
def kb(index_pending, csr, everyone, fibra):
    """One of each article type about a modem that will not turn on, indexed, plus an open and a closed question."""
    answer = published_article(
        AnswerPage, title="Modem spento: riavvio", customer_question="Il modem non si accende",
        question_variants="modem morto\nmodem senza luci", external_id="ANS-42",
        approved_answer="Chieda al cliente di **staccare** l'alimentazione per 30 secondi.",
    )
    answer.specific.steps = [("step", "Stacca l'alimentatore"), ("step", "Attendi 30 secondi")]
    answer.save_revision().publish()
    defect = published_article(KnownDefectPage, title="Modem che si riavvia la sera", status="workaround",
                               symptoms="Il modem si spegne e si riavvia ogni sera",
                               workaround=[("step", "Aggiorna il firmware del modem")])
    crisis = published_article(CrisisPage, title="Guasto modem in Lombardia", status="active",
                               holding_statement="Siamo a conoscenza del guasto ai modem.")
    resolved = published_article(CrisisPage, title="Guasto modem risolto in Veneto", status="resolved",
                                 holding_statement="Il guasto ai modem è risolto.")
    offer = published_article(OfferPage, title="Offerta modem Wi-Fi 7", offer_code="WIFI7",
                              prices=[("price", {"label_text": "Noleggio modem", "amount": "3.90", "period": "month"})])
    question = Question.objects.create(space=everyone, author=csr, title="Modem spento dopo temporale, che fare?",
                                       body="Il cliente dice che il modem non si accende dopo il temporale.")
    closed = Question.objects.create(space=everyone, author=csr, title="Modem spento, chiusa",
                                     body="Il modem non si accende.", status=Question.Status.CLOSED)
    index_pending()
    for page in (answer, defect, crisis, resolved, offer):
        page.refresh_from_db()
    return {"answer": answer, "defect": defect, "crisis": crisis, "resolved": resolved, "offer": offer,
            "question": question, "closed": closed}
