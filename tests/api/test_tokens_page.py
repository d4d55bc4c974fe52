"""Settings → API tokens: create (shown once), list, revoke; only one's own tokens; Italian and English."""

import pytest

from api.models import PersonalAccessToken
from api.tokens import digest
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/settings/tokens/"


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_stored_hashed(csr_client, csr):
    response = csr_client.post(URL, {"name": "CRM postazione 12", "lifetime_days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = PersonalAccessToken.objects.get(user=csr)
    html = response.content.decode()
    secret = html.split('id="new-token"><p>')[1].split("</p>")[0]
    assert secret.startswith("spt_") and digest(secret) == token.token_hash
    assert token.name == "CRM postazione 12"
    listing = csr_client.get(URL).content.decode()
    assert secret not in listing and token.prefix in listing and "CRM postazione 12" in listing


def test_bad_input_is_a_form_error_and_creates_nothing(csr_client):
    for data in ({"name": "   ", "lifetime_days": "30"}, {"name": "x", "lifetime_days": "9999"}, {}):
        response = csr_client.post(URL, data)
        assert response.status_code == 400 and 'class="form-error"' in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


def test_a_user_revokes_their_token_but_not_anothers(csr_client, csr):
    csr_client.post(URL, {"name": "CRM", "lifetime_days": "90"})
    mine = PersonalAccessToken.objects.get(user=csr)
    other_user = make_user("operatore.x")
    from api.tokens import create_personal_token

    theirs, _secret = create_personal_token(other_user, "loro", 30)
    assert csr_client.post(f"{URL}{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    response = csr_client.post(f"{URL}{mine.pk}/revoke/", follow=True)
    mine.refresh_from_db()
    assert mine.revoked_at is not None and "Revocato" in response.content.decode()
    assert csr_client.get(f"{URL}{mine.pk}/revoke/").status_code == 405


def test_the_page_speaks_italian_and_english(csr_client):
    assert "Token API" in csr_client.get(URL).content.decode()
    csr_client.cookies["django_language"] = "en"
    assert "API tokens" in csr_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
