"""A request that finds no free database connection answers 503 with Retry-After (core/overload.py):
pages and the JSON API alike, no stack trace; any other error is still the 500 page."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.overload_urls")]


@pytest.fixture
def client_of(csr):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="it")
    client.force_login(csr)
    return client


def test_a_pool_timeout_is_an_honest_503_with_retry_after(client_of):
    response = client_of.get("/overload-test/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    assert "Riprova tra qualche secondo" in text and "Traceback" not in text and "PoolTimeout" not in text


def test_the_api_gets_its_503_as_json(client_of):
    response = client_of.get("/api/overload-test/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]


def test_any_other_error_is_still_the_500_page(client_of):
    response = client_of.get("/broken-test/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()
