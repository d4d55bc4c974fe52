"""The OpenAPI contract, checked by schemathesis against the real application (WSGI, in process) and the
real Elasticsearch node: for every operation, random valid and invalid input (schemathesis's positive and
negative modes), no 500, every status documented, every body matching its schema, invalid input refused.

Bounded: MAX_EXAMPLES per operation keeps the run well under two minutes on the shared test machine.
"""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from config.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.search]

MAX_EXAMPLES = int(os.environ.get("SPORTELLO_CONTRACT_EXAMPLES", "30"))


@pytest.fixture
def in_test_transaction():
    """The WSGI app runs in this thread inside the test's transaction: like Django's test client, keep the
    end of each request from closing the connection that holds it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def served_schema():
    """The document `/api/v1/schema/` serves, made by the same generator and hooks, as JSON."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document, renderer_context={}))


# Loaded at collection (schemathesis's lazy fixture loader does not run on pytest 9); the calls still go
# to the real application in process.
SERVED = served_schema()
schema = schemathesis.openapi.from_dict(SERVED)
schema.app = application


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_operation_keeps_its_contract(case, kb, csr_token, in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {csr_token}"})


def test_the_schema_describes_every_resource_and_the_docs_use_local_assets(api, csr_token, kb):
    from tests.api.conftest import bearer

    document = api.get("/api/v1/schema/", {"format": "json"}, **bearer(csr_token)).json()
    assert document == SERVED  # the contract tested above is the one served
    assert set(document["paths"]) == {
        "/api/v1/search", "/api/v1/search/suggest", "/api/v1/assist", "/api/v1/articles/{id}",
        "/api/v1/articles/external/{external_id}", "/api/v1/crises", "/api/v1/usage", "/api/v1/feedback",
        "/api/v1/check-reply", "/api/v1/contacts",
    }
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    docs = api.get("/api/v1/docs/", **bearer(csr_token)).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
