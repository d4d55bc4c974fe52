"""`POST /api/v1/contacts`: the CRM reports a contact handled with or without an article (link rate's
denominator, insights.knowledge_use); the same report twice is one contact; bad input is a 400 naming the field."""

import pytest

from api import tokens
from api.models import ReportedContact
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_the_crm_reports_contacts_handled_without_an_article(api, csr):
    _token, secret = tokens.create_personal_token(csr, "CRM", 30)
    first = api.post("/api/v1/contacts", {"contact_id": "CASE-9", "channel": "email"}, format="json", **bearer(secret))
    again = api.post("/api/v1/contacts", {"contact_id": "CASE-9", "channel": "email"}, format="json", **bearer(secret))
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert ReportedContact.objects.get().user == csr
    bad = api.post("/api/v1/contacts", {"contact_id": "a b", "channel": "fax"}, format="json", **bearer(secret))
    assert bad.status_code == 400 and set(bad.json()) == {"contact_id", "channel"}
