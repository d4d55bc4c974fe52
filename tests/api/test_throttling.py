"""Rate limits per token and per user: 429 with Retry-After, counted apart for each token and each CSR."""

import pytest

from api import tokens
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

CRISES = "/api/v1/crises"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/min", "user": "4/min"}}


def statuses(api, count, **headers):
    return [api.get(CRISES, **headers).status_code for _ in range(count)]


def test_a_token_over_its_rate_gets_429_with_retry_after(api, csr, low_rates):
    _token, secret = tokens.create_personal_token(csr, "CRM", 30)
    assert statuses(api, 3, **bearer(secret)) == [200, 200, 200]
    response = api.get(CRISES, **bearer(secret))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_the_user_rate_counts_all_of_a_users_tokens(api, csr, low_rates):
    secrets = [tokens.create_personal_token(csr, name, 30)[1] for name in ("CRM", "script")]
    assert statuses(api, 2, **bearer(secrets[0])) + statuses(api, 2, **bearer(secrets[1])) == [200] * 4
    assert api.get(CRISES, **bearer(secrets[1])).status_code == 429


def test_a_service_token_is_limited_as_a_whole_and_each_csr_on_their_own(api, csr, csr2, low_rates):
    account = tokens.create_service_token("Zendesk", csr2, may_act_as_users=True)
    secret = account[1]
    assert statuses(api, 2, **bearer(secret, "operatore")) + statuses(api, 1, **bearer(secret, "operatore2")) == [200] * 3
    assert api.get(CRISES, **bearer(secret, "operatore2")).status_code == 429  # the integration's 3/min
    # The CSR's own token still works: the integration's limit is not the CSR's.
    own = tokens.create_personal_token(csr, "CRM", 30)[1]
    assert api.get(CRISES, **bearer(own)).status_code == 200


@pytest.mark.search
@pytest.mark.parametrize("method, path, data", [
    ("get", "/api/v1/search", {"q": "disdetta"}),
    ("post", "/api/v1/assist", {"text": "buongiorno vorrei disdire la linea di casa perché mi trasferisco all'estero"}),
])
def test_searchs_own_per_user_rate_answers_429_with_retry_after(api, csr, settings, search_index, method, path, data):
    settings.SEARCH_RATE_PER_MINUTE = 1
    _token, secret = tokens.create_personal_token(csr, "CRM", 30)
    send = getattr(api, method)
    kwargs = {"content_type": "application/json"} if method == "post" else {}
    assert send(path, data, **kwargs, **bearer(secret)).status_code == 200
    response = send(path, data, **kwargs, **bearer(secret))
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    assert "detail" in response.json()


def test_guessing_tokens_locks_the_address_out_valid_tokens_included(api, csr, settings):
    """Invalid tokens count like failed logins: at LOGIN_FAILURES_PER_ADDRESS from one address, that address
    gets 429 with Retry-After for every bearer request (a refusal sparing valid tokens would confirm a hit);
    other addresses are not affected."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    _token, secret = tokens.create_personal_token(csr, "CRM", 30)
    guesses = [api.get(CRISES, HTTP_AUTHORIZATION=f"Bearer spt_guess{n}", REMOTE_ADDR="203.0.113.9").status_code
               for n in range(4)]
    assert guesses == [401] * 4
    refused = api.get(CRISES, REMOTE_ADDR="203.0.113.9", **bearer(secret))
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.AXES_COOLOFF_TIME.total_seconds()
    assert "invalid tokens" in refused.json()["detail"]
    assert api.get(CRISES, REMOTE_ADDR="203.0.113.10", **bearer(secret)).status_code == 200


def test_valid_tokens_do_not_count_towards_the_address_lockout(api, csr, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    _token, secret = tokens.create_personal_token(csr, "CRM", 30)
    assert statuses(api, 5, REMOTE_ADDR="203.0.113.11", **bearer(secret)) == [200] * 5
    assert api.get(CRISES, HTTP_AUTHORIZATION="Bearer spt_guess", REMOTE_ADDR="203.0.113.11").status_code == 401
    assert api.get(CRISES, REMOTE_ADDR="203.0.113.11", **bearer(secret)).status_code == 200
