"""The home page and the sections as a CSR meets them: current offers newest first with a link to all of
them, section names and site texts in the reader's language, copy and print hidden without JavaScript."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from kb import selectors
from kb.models import OfferPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "sportello.css"


def test_an_offer_without_go_live_is_not_pushed_off_the_home_by_scheduled_ones(home, csr_client):
    now = timezone.now()
    for days in range(1, selectors.HOME_LIST_SIZE + 2):
        published_article(OfferPage, title=f"Offerta programmata {days}", go_live_at=now - datetime.timedelta(days=days))
    fresh = published_article(OfferPage, title="Offerta appena pubblicata")  # no go-live: live from now
    offers = list(selectors.current_offers())
    assert offers[0] == fresh
    assert [offer.title for offer in offers[1:3]] == ["Offerta programmata 1", "Offerta programmata 2"]
    html = csr_client.get("/").content.decode()
    assert '<a href="/offerte/">Tutte le offerte</a>' in html


def test_section_names_and_site_texts_follow_the_language(home, csr_client):
    italian = csr_client.get("/").content.decode()
    assert ">Procedure e risposte</a>" in italian and "La conoscenza del contact center" in italian
    csr_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = csr_client.get("/").content.decode()
    for name in ("Offers", "Known defects", "Crises", "Procedures and answers"):
        assert f">{name}</a>" in english
    for italian_name in (">Offerte</a>", ">Guasti noti</a>", ">Procedure e risposte</a>"):
        assert italian_name not in english
    assert "knowledge, all in one place." in english
    section = csr_client.get("/guasti-noti/").content.decode()
    assert "<h1>Known defects</h1>" in section and "Known defects: symptoms, workaround" in section


def test_hidden_always_wins_over_a_button_style():
    # Without JavaScript the copy and print buttons keep `hidden`; `.button` sets display and would show them.
    assert "[hidden] { display: none !important; }" in CSS.read_text(encoding="utf-8")
