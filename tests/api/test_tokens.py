"""Personal and service tokens: hashed storage, expiry, revocation, last use, acting for a CSR, and the
places a token is never accepted (query string) or never written (logs)."""

import hashlib
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from api import tokens
from api.models import PersonalAccessToken, ServiceToken
from tests.api.conftest import bearer
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CRISES = "/api/v1/crises"


def test_a_personal_token_is_random_prefixed_and_stored_only_as_its_sha256(csr):
    token, secret = tokens.create_personal_token(csr, "CRM", 30)
    other, other_secret = tokens.create_personal_token(csr, "CRM 2", 30)
    assert secret.startswith("spt_") and len(secret) >= 4 + 43 and secret != other_secret
    stored = PersonalAccessToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(stored, field.attname) for field in PersonalAccessToken._meta.fields}
    assert stored.prefix == secret[:10]
    assert timedelta(days=29) < stored.expires_at - timezone.now() <= timedelta(days=30)


def test_a_valid_token_authenticates_as_its_user_and_records_last_use(api, csr, csr_token):
    assert PersonalAccessToken.objects.get().last_used_at is None
    response = api.get(CRISES, **bearer(csr_token))
    assert response.status_code == 200
    assert PersonalAccessToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer spt_nonsense", "Bearer abc", "Bearer a b", "Token x",
                                    "Bearer spt_\u00e8\u00e8"])
def test_missing_or_bad_credentials_are_401_with_a_bearer_challenge(api, db, header):
    response = api.get(CRISES, HTTP_AUTHORIZATION=header) if header else api.get(CRISES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


def test_revoked_expired_and_disabled_tokens_are_refused(api, csr):
    revoked, revoked_secret = tokens.create_personal_token(csr, "old", 30)
    tokens.revoke(revoked)
    expired, expired_secret = tokens.create_personal_token(csr, "expired", 30)
    PersonalAccessToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    leaver = make_user("ex.operatore")
    _token, leaver_secret = tokens.create_personal_token(leaver, "CRM", 30)
    leaver.is_active = False
    leaver.save()
    for secret, reason in ((revoked_secret, "revoked"), (expired_secret, "expired"), (leaver_secret, "disabled")):
        response = api.get(CRISES, **bearer(secret))
        assert response.status_code == 401
        assert reason in response.json()["detail"]


def test_a_token_in_the_query_string_is_not_accepted(api, csr_token):
    for name in ("access_token", "token", "auth", "api_key"):
        assert api.get(CRISES, {name: csr_token}).status_code == 401


def test_a_service_token_acts_for_the_named_active_csr_only_when_allowed(api, csr, integration_account, service_secret):
    _token, limited_secret = tokens.create_service_token("Zendesk", integration_account, may_act_as_users=False)
    response = api.post("/api/v1/usage", {"contact_id": "C-1", "channel": "chat", "article": 999999},
                        format="json", **bearer(service_secret, "operatore"))
    assert response.status_code == 404  # authenticated as the CSR; no such article
    assert api.get(CRISES, **bearer(limited_secret, "operatore")).status_code == 403
    assert api.get(CRISES, **bearer(limited_secret)).status_code == 200  # as the integration's own account
    assert api.get(CRISES, **bearer(service_secret, "nessuno")).status_code == 403
    csr.is_active = False
    csr.save()
    assert api.get(CRISES, **bearer(service_secret, "operatore")).status_code == 403


def test_a_personal_token_cannot_act_for_someone_else(api, csr, csr_token, approver):
    assert api.get(CRISES, **bearer(csr_token, "approvatore")).status_code == 403
    assert api.get(CRISES, **bearer(csr_token, "operatore")).status_code == 200


def test_a_revoked_service_token_is_refused(api, service_secret):
    tokens.revoke(ServiceToken.objects.get())
    assert api.get(CRISES, **bearer(service_secret, "operatore")).status_code == 401


def test_tokens_never_reach_the_logs(api, csr_token, caplog):
    """Whatever logs a URL or a message with a token in it, the configured handler masks it."""
    from core.secrets import RedactTokensFilter

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1", "GET", f"/api/v1/crises?access_token={csr_token}", "1.1", 401), None)
    assert RedactTokensFilter().filter(record)
    assert csr_token not in record.getMessage() and "spt_[redacted]" in record.getMessage()
    handler = logging.getLogger().handlers[0]
    assert any(isinstance(f, RedactTokensFilter) for f in handler.filters)
    with caplog.at_level(logging.INFO):
        api.get(CRISES, {"access_token": csr_token})
        api.get(CRISES, **bearer(csr_token))
    assert csr_token not in caplog.text


def test_a_service_token_may_not_act_for_an_administrator(api, csr, service_secret):
    """A leaked CRM token must not reach, through an administrator's name, what no CSR may read."""
    make_user("amministratore", is_superuser=True)
    make_user("capo", "Administrator")
    for named in ("amministratore", "capo"):
        response = api.get(CRISES, **bearer(service_secret, named))
        assert response.status_code == 403
        assert "administrator" in response.json()["detail"]
    assert api.get(CRISES, **bearer(service_secret, "operatore")).status_code == 200
