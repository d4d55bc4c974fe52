"""Each article type renders for a CSR with the fields they need at a glance."""

import datetime

import pytest
from django.utils import timezone

from kb.models import AnswerPage, CrisisPage, KnownDefectPage, OfferPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db


def test_offer_page_shows_code_prices_script_and_channels(home, csr_client):
    offer = published_article(
        OfferPage,
        title="Fibra Inverno",
        offer_code="FIBRA-WINTER-26",
        prices=[("price", {"label_text": "Canone mensile", "amount": "24.90", "period": "month"})],
        expire_at=timezone.now() + datetime.timedelta(days=30),
    )
    html = csr_client.get(offer.url).content.decode()
    assert "FIBRA-WINTER-26" in html
    assert "Canone mensile" in html and "24,90" in html
    assert "Le propongo di aggiungere la fibra" in html
    assert 'data-copy-target="upsell-script"' in html
    assert "Telefono" in html and "Chat" in html


def test_known_defect_page_shows_status_symptoms_workaround_and_wording(home, csr_client):
    defect = published_article(
        KnownDefectPage,
        status="investigating",
        affected_versions="Modem Aurora Hub firmware 3.2.1",
        workaround=[("step", "Spegnere il modem per 30 secondi")],
        expected_fix_date=datetime.date(2027, 1, 15),
    )
    html = csr_client.get(defect.url).content.decode()
    assert "In analisi" in html
    assert "Il modem si riavvia ogni sera" in html
    assert "Spegnere il modem per 30 secondi" in html
    assert "firmware 3.2.1" in html
    assert "15/01/2027" in html
    assert 'data-copy-target="customer-wording"' in html


def test_crisis_page_shows_what_to_say_and_what_not_to_say(home, csr_client):
    crisis = published_article(
        CrisisPage,
        faq=[("item", {"question": "Quando torna la linea?", "answer": "Appena possibile."})],
    )
    html = csr_client.get(crisis.url).content.decode()
    assert "aggiornamento alle ore 14:30" in html
    assert "Non promettere indennizzi." in html
    assert "Quando torna la linea?" in html
    assert "Lombardia" in html
    assert 'data-copy-target="holding-statement"' in html


def test_answer_page_shows_question_variants_and_copyable_answer(home, csr_client):
    answer = published_article(AnswerPage, steps=[("step", "Verifica l'identità del cliente")])
    html = csr_client.get(answer.url).content.decode()
    assert "Come faccio a disdire il contratto?" in html
    assert "cessare la linea" in html
    assert "Può recedere in qualsiasi momento" in html
    assert "Verifica l&#x27;identità del cliente" in html
    assert 'data-copy-target="approved-answer"' in html


def test_script_block_in_body_gets_its_own_copy_button(home, csr_client):
    answer = published_article(
        AnswerPage, body=[("script", {"label_text": "Saluto", "text": "Buongiorno, sono Giulia di Telco Aurora."})]
    )
    html = csr_client.get(answer.url).content.decode()
    assert "Buongiorno, sono Giulia di Telco Aurora." in html
    assert 'data-copy-target="script-' in html


def test_section_index_lists_its_published_articles(home, csr_client):
    published_article(AnswerPage, title="Recesso dopo rimodulazione")
    html = csr_client.get("/procedure/").content.decode()
    assert "Recesso dopo rimodulazione" in html


def test_home_page_shows_crisis_banner_offers_defects_and_recent_changes(home, csr_client):
    published_article(CrisisPage, title="Disservizio fibra Milano")
    published_article(OfferPage, title="Giga Illimitati Natale")
    published_article(KnownDefectPage, title="Modem che si riavvia", status="investigating")
    html = csr_client.get("/").content.decode()
    assert 'class="crisis-banners"' in html and "Disservizio fibra Milano" in html
    assert "Giga Illimitati Natale" in html
    assert "Modem che si riavvia" in html
    assert "In analisi" in html
