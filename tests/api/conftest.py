"""Fixtures of the API tests: tokens for the usual people, an API client, and the real search node."""

import pytest
from rest_framework.test import APIClient

from api import tokens
from tests.factories import make_user
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
