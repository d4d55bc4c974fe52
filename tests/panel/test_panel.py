"""The side panel (/panel/): framed only by SPORTELLO_EMBED_ORIGINS, a framable sign-in link for a signed-out
CSR, search and assist fragments with the answer to copy for the reply channel (real Elasticsearch), bad
input answered with a 400 naming the field, and "used for this contact" recorded through /api/v1/usage with
the panel's session and CSRF token."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from api.models import ArticleUsage
from kb.models import AnswerPage, CrisisPage
from tests.factories import published_article
from tests.search.conftest import elasticsearch_url, index_pending, search_index  # noqa: F401  (the real node)

CRM = "https://crm.example.com"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def embed(settings):
    settings.SPORTELLO_EMBED_ORIGINS = [CRM]


@pytest.fixture
def puk(index_pending, home):
    page = published_article(
        AnswerPage, title="PUK: sbloccare la SIM", customer_question="Dove trovo il PUK della SIM?",
        approved_answer="Il **PUK** è sul supporto della SIM.",
        public_social_reply="Ciao {cliente}, il PUK è sul supporto della SIM. {firma}",
    )
    index_pending()
    return page


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(part.split()[1:] for part in policy.split(";") if part.split()[0] == "frame-ancestors")


def test_only_the_panel_may_be_framed_and_only_by_the_embed_origins(embed, csr_client):
    panel = csr_client.get("/panel/")
    assert panel.status_code == 200
    assert frame_ancestors(panel) == [CRM] and "X-Frame-Options" not in panel
    for path in ("/panel/demo/", "/panel/results/?q=", "/"):
        other = csr_client.get(path)
        assert frame_ancestors(other) == ["'none'"] and other["X-Frame-Options"] == "DENY", path


def test_without_embed_origins_the_panel_refuses_every_frame(settings, csr_client):
    settings.SPORTELLO_EMBED_ORIGINS = []
    panel = csr_client.get("/panel/")
    assert frame_ancestors(panel) == ["'none'"] and panel["X-Frame-Options"] == "DENY"


def test_a_signed_out_csr_gets_a_framable_link_to_sign_in_in_a_new_tab(embed, client, db):
    response = client.get("/panel/?contact=CASE-1")
    assert response.status_code == 200 and frame_ancestors(response) == [CRM]
    html = response.content.decode()
    assert 'href="/accounts/login/?next=/panel/%3Fcontact%3DCASE-1" target="_blank"' in html
    # The login form itself is never framed.
    assert frame_ancestors(client.get("/accounts/login/")) == ["'none'"]


def test_search_shows_the_answer_to_copy_for_the_channel_with_the_name_and_signature(csr_client, csr, puk):
    csr.first_name, csr.last_name = "Luca", "Neri"
    csr.save()
    html = csr_client.get("/panel/results/", {"q": "PUK SIM", "channel": "social_public", "customer": "Maria"}).content.decode()
    assert "Ciao Maria, il PUK è sul supporto della SIM. Luca ^LN" in html
    chat = csr_client.get("/panel/results/", {"q": "PUK SIM", "channel": "chat"}).content.decode()
    assert "Il PUK è sul supporto della SIM." in chat and "**" not in chat


def test_the_channel_defaults_to_the_one_the_csr_chose(csr_client, puk):
    csr_client.post("/kb/reply-channel/", {"channel": "social_public"})
    html = csr_client.get("/panel/results/", {"q": "PUK SIM", "customer": "Ada"}).content.decode()
    assert "Ciao Ada" in html and 'data-usage-channel="social"' in html


def test_assist_on_the_customers_message_lists_the_fitting_answer_ready_to_copy(csr_client, puk):
    response = csr_client.post("/panel/assist/", {
        "message": "Buongiorno, ho sbagliato il PIN tre volte e ora mi chiede il PUK della SIM, dove lo trovo?",
        "channel": "social", "customer": "Maria", "contact": "CASE-7",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-article-id="{puk.pk}" data-revision="{puk.live_revision_id}"' in html
    assert "Ciao Maria, il PUK" in html and 'data-reply-channel="social_public"' in html


def test_a_message_in_the_url_is_assisted_when_the_panel_opens(csr_client, puk):
    html = csr_client.get("/panel/", {"message": "Il telefono mi chiede il PUK della SIM dopo tre PIN sbagliati, dove lo trovo?",
                                      "customer": "Maria", "channel": "chat"}).content.decode()
    assert "Il PUK è sul supporto della SIM." in html and 'value="Maria"' in html


def test_bad_input_is_a_400_naming_the_field_and_keeps_what_was_sent(csr_client, db):
    fragment = csr_client.get("/panel/results/", {"q": "PUK", "contact": "CASE 1; drop"})
    assert fragment.status_code == 400 and "id del contatto" in fragment.content.decode()
    page = csr_client.get("/panel/", {"customer": "Maria", "contact": "CASE 1; drop", "channel": "fax"})
    html = page.content.decode()
    assert page.status_code == 400 and 'value="Maria"' in html and "id del contatto" in html


def test_used_for_this_contact_is_recorded_through_the_api_with_the_panels_session(csr, puk):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(csr)
    browser.get("/panel/")
    token = browser.cookies["csrftoken"].value
    record = {"contact_id": "CASE-7", "channel": "social", "article": puk.pk, "revision": puk.live_revision_id}
    refused = browser.post("/api/v1/usage", json.dumps(record), content_type="application/json")
    assert refused.status_code == 403 and not ArticleUsage.objects.exists()
    used = browser.post("/api/v1/usage", json.dumps(record), content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert used.status_code == 201
    assert ArticleUsage.objects.filter(article=puk, contact_id="CASE-7", user=csr, channel="social").exists()


@pytest.mark.parametrize(("flag", "expected"), [("", "Lax Lax False False"), ("1", "None None True True")])
def test_cookies_reach_a_cross_site_frame_only_when_the_deployment_says_so(flag, expected):
    """SPORTELLO_EMBED_CROSS_SITE=1: SameSite=None and Secure on the session and CSRF cookies; default Lax."""
    script = ("import django; django.setup(); from django.conf import settings as s; "
              "print(s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "SPORTELLO_EMBED_CROSS_SITE": flag}
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[-2] == expected


def test_a_search_typed_in_the_panel_counts_for_the_content_gap_dashboards(csr_client, puk):
    from datetime import timedelta

    from django.utils import timezone

    from insights import content_gaps
    from insights.periods import Period

    csr_client.get("/panel/results/", {"q": "PUK SIM"})
    today = timezone.localdate()
    assert [row["term"] for row in content_gaps.by_term(Period(today - timedelta(days=1), today + timedelta(days=1)))] == ["puk sim"]


def test_the_search_page_copies_the_answer_for_the_csrs_channel_too(csr_client, csr, puk):
    csr.first_name, csr.last_name = "Luca", "Neri"
    csr.save()
    csr_client.post("/kb/reply-channel/", {"channel": "social_public"})
    html = csr_client.get("/search/", {"q": "PUK SIM"}).content.decode()
    shown = html.split(f'id="answer-{puk.pk}">')[1].split("</div>")[0]
    assert "Ciao cliente, il PUK è sul supporto della SIM. Luca ^LN" in shown
    assert f'data-copy-target-id="answer-{puk.pk}"><div data-channel-text="phone">Il PUK è sul supporto della SIM.</div>' in html


def test_a_private_social_contact_gets_the_private_message_and_its_use_counts_as_one(csr_client, puk):
    puk.private_social_message = "Ciao {cliente}, in privato: il PUK è sul supporto della SIM."
    puk.save_revision().publish()
    html = csr_client.get("/panel/results/", {"q": "PUK SIM", "channel": "social_dm", "customer": "Ada"}).content.decode()
    assert 'data-usage-channel="social_dm" data-reply-channel="social_private"' in html
    assert "Ciao Ada, in privato: il PUK è sul supporto della SIM." in html
    # The CSR picks the private message without a contact channel: a use counts as a private social contact.
    csr_client.post("/kb/reply-channel/", {"channel": "social_private"})
    html = csr_client.get("/panel/results/", {"q": "PUK SIM"}).content.decode()
    assert 'data-usage-channel="social_dm" data-reply-channel="social_private"' in html


def test_the_panel_shows_the_ongoing_crisis_banners_and_ho_letto_takes_one_away(embed, csr_client, home):
    crisis = published_article(CrisisPage, title="Guasto fibra a Bologna", status="active",
                                holding_statement="Siamo a conoscenza del guasto.")
    html = csr_client.get("/panel/").content.decode()
    banner = html.split(f'data-crisis-id="{crisis.pk}"')[1].split("</form>")[0]
    assert "Guasto fibra a Bologna" in banner and "Ho letto" in banner
    assert f'action="/kb/crises/{crisis.pk}/acknowledge/"' in banner
    back = csr_client.post(f"/kb/crises/{crisis.pk}/acknowledge/", {"next": "/panel/"})
    assert back.status_code == 302 and back["Location"] == "/panel/"
    assert f'data-crisis-id="{crisis.pk}"' not in csr_client.get("/panel/").content.decode()
