"""The CSR pages speak Italian by default and English on request, through the language switcher."""

import pytest

from kb.models import KnownDefectPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db


def test_home_is_italian_by_default(home, csr_client):
    html = csr_client.get("/").content.decode()
    assert '<html lang="it">' in html
    assert "Offerte in corso" in html
    assert "Esci" in html


def test_language_switcher_turns_pages_english_and_back(home, csr_client):
    defect = published_article(KnownDefectPage, status="investigating")
    response = csr_client.post("/i18n/setlang/", {"language": "en", "next": defect.url})
    assert response.status_code == 302 and response["Location"] == defect.url
    html = csr_client.get(defect.url).content.decode()
    assert '<html lang="en">' in html
    assert "Investigating" in html and "Symptoms" in html

    csr_client.post("/i18n/setlang/", {"language": "it", "next": "/"})
    html = csr_client.get(defect.url).content.decode()
    assert '<html lang="it">' in html
    assert "In analisi" in html and "Sintomi" in html


def test_login_page_follows_the_browser_language(home, client):
    assert "Accedi" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Log in to Sportello" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_language_switcher_works_on_the_login_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert "Log in to Sportello" in client.get("/accounts/login/").content.decode()
