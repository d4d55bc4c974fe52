"""What comes up while a title is typed, on the real node: answers, questions, known defects and crises
still open (never a resolved one, never what the asker may not see), needs already flagged on the need
form, the same box on a no-JavaScript round trip, and the search inside Collaboration by type."""

import pytest

from accounts import roles
from collaboration.actions import contributions, questions
from collaboration.models import MarketNeed
from kb.models import CrisisPage, KnownDefectPage, OfferPage
from search import service
from tests.factories import make_user, published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


@pytest.fixture
def modem_content(home, csr, everyone, experts_space, index_pending):
    published_article(KnownDefectPage, title="Modem che si riavvia ogni sera", status="workaround")
    published_article(CrisisPage, title="Modem fuori servizio in Lombardia", status="active")
    published_article(CrisisPage, title="Modem fuori servizio in Puglia", status="resolved")
    published_article(OfferPage, title="Modem in offerta per i nuovi clienti")
    questions.do_create_question(csr, everyone, "Il modem si riavvia da solo, cosa dico?", "x")
    expert = make_user("esperto", roles.EXPERT)
    questions.do_create_question(expert, experts_space, "Modem riservato: procedura interna", "x")
    contributions.do_flag_need(csr, everyone, "Modem con wifi 7 per chi lavora da casa", "Lo chiedono",
                               MarketNeed.Frequency.WEEKLY, 3, MarketNeed.Channel.PHONE)
    index_pending()


def test_similar_includes_defects_and_open_crises_within_the_askers_rights(csr, modem_content):
    found = {(hit.type, hit.title) for hit in service.similar(csr, "il modem si riavvia", size=10)}
    assert ("defect", "Modem che si riavvia ogni sera") in found
    assert ("question", "Il modem si riavvia da solo, cosa dico?") in found
    found |= {(hit.type, hit.title) for hit in service.similar(csr, "modem fuori servizio", size=10)}
    assert ("crisis", "Modem fuori servizio in Lombardia") in found
    titles = {title for _type, title in found}
    assert not titles & {"Modem fuori servizio in Puglia", "Modem in offerta per i nuovi clienti",
                         "Modem riservato: procedura interna", "Modem con wifi 7 per chi lavora da casa"}


def test_need_form_suggests_needs_already_flagged(csr_client, modem_content):
    results = csr_client.get("/api/search/similar", {"q": "modem wifi 7", "for": "need"}).json()["results"]
    assert [(hit["type"], hit["title"]) for hit in results] == [("need", "Modem con wifi 7 per chi lavora da casa")]


def test_a_no_javascript_submit_shows_the_similar_box_filled(csr_client, everyone, modem_content):
    html = csr_client.post("/collaboration/ask/", {"space": everyone.pk, "title": "il modem si riavvia", "body": "x",
                                                   "preview": "body"}).content.decode()
    box = html.split('class="similar card"', 1)[1].split("</section>", 1)[0]
    assert "hidden" not in box.split(">", 1)[0]
    assert "Modem che si riavvia ogni sera" in box and "Guasto noto" in box


def test_search_inside_collaboration_by_type(csr_client, modem_content):
    html = csr_client.get("/collaboration/", {"q": "modem", "type": "question"}).content.decode()
    assert "Il modem si riavvia da solo" in html
    assert "Modem che si riavvia ogni sera" not in html and "Modem riservato" not in html
    html = csr_client.get("/collaboration/", {"q": "modem", "type": "need"}).content.decode()
    assert "Modem con wifi 7" in html and "Il modem si riavvia da solo" not in html
