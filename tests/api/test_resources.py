"""The v1 resources as a CRM calls them with a token: search, suggest, assist, articles, crises, usage and
feedback, on the real Elasticsearch node; bad input is a 400 naming the field."""

import datetime

import pytest
from django.utils import timezone

from api.models import ArticleFeedback, ArticleUsage
from search.models import SearchLog
from tests.api.conftest import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def test_search_answers_with_results_facets_and_logs_the_search(api, csr, csr_token, kb):
    response = api.get("/api/v1/search", {"q": "modem riavvio"}, **bearer(csr_token))
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= 1 and data["degraded"] is False and data["page"] == 1
    assert data["results"][0]["id"] == kb["answer"].pk
    assert "staccare" in data["results"][0]["answer"] and "**" not in data["results"][0]["answer"]
    log = SearchLog.objects.get()
    assert (log.user, log.source, log.query) == (csr, "api", "modem riavvio")


@pytest.mark.parametrize("params, field", [({"page": "abc"}, "page"), ({"page": "0"}, "page"), ({"page": "101"}, "page"),
                                           ({"type": "<b>"}, "type"), ({"q": "x" * 1001}, "q"),
                                           ({"product": "not a slug!"}, "product"),
                                           ({"type": ""}, "type"), ({"q": "\x01" * 60 + "x" * 960}, "q"), ({"page": ""}, "page"), ({"product": ""}, "product")])
def test_search_refuses_bad_parameters_naming_them(api, csr_token, kb, params, field):
    response = api.get("/api/v1/search", params, **bearer(csr_token))
    assert response.status_code == 400
    assert field in response.json()


def test_suggest_completes_titles(api, csr_token, kb):
    response = api.get("/api/v1/search/suggest", {"q": "modem spe"}, **bearer(csr_token))
    assert response.status_code == 200
    assert "Modem spento: riavvio" in [s["title"] for s in response.json()["suggestions"]]
    assert api.get("/api/v1/search/suggest", **bearer(csr_token)).status_code == 400


def test_assist_groups_what_fits_a_customer_message_and_says_why(api, csr_token, kb):
    text = ("Buongiorno, sono molto arrabbiato: da ieri sera il modem non si accende più, nessuna luce, "
            "ho già provato a staccare la spina. Grazie")
    response = api.post("/api/v1/assist", {"text": text, "channel": "chat", "contact_id": "CASE-00123"},
                        format="json", **bearer(csr_token))
    assert response.status_code == 200
    data = response.json()
    assert data["answers"][0]["id"] == kb["answer"].pk
    assert data["answers"][0]["why"] and all(isinstance(word, str) for word in data["answers"][0]["why"])
    assert "modem" in " ".join(data["answers"][0]["why"])
    assert kb["defect"].pk in [d["id"] for d in data["defects"]]
    assert [c["id"] for c in data["crises"]] == [kb["crisis"].pk]  # the resolved one does not fit
    assert [q["id"] for q in data["questions"]] == [kb["question"].pk]  # the closed one does not
    assert data["questions"][0]["status"] == "open"
    assert (data["channel"], data["contact_id"]) == ("chat", "CASE-00123")
    assert all(hit["type"] != "offer" for group in ("answers", "defects", "crises", "questions") for hit in data[group])


@pytest.mark.parametrize("body, field", [({}, "text"), ({"text": ""}, "text"), ({"text": "x" * 1001}, "text"),
                                         ({"text": "modem", "channel": "fax"}, "channel"),
                                         ({"text": "modem", "contact_id": "a b"}, "contact_id"),
                                         ({"text": "modem", "contact_id": "Ï"}, "contact_id")])
def test_assist_refuses_bad_input_naming_the_field(api, csr_token, kb, body, field):
    response = api.post("/api/v1/assist", body, format="json", **bearer(csr_token))
    assert response.status_code == 400
    assert field in response.json()


def test_assist_refuses_a_body_that_is_not_json(api, csr_token, kb):
    response = api.post("/api/v1/assist", "{not json", content_type="application/json", **bearer(csr_token))
    assert response.status_code == 400
    response = api.post("/api/v1/assist", "text=x", content_type="text/plain", **bearer(csr_token))
    assert response.status_code == 415


def test_an_article_by_id_and_by_external_id_carries_what_the_csr_acts_on(api, csr_token, kb):
    by_id = api.get(f"/api/v1/articles/{kb['answer'].pk}", **bearer(csr_token)).json()
    by_external = api.get("/api/v1/articles/external/ANS-42", **bearer(csr_token)).json()
    assert by_id == by_external
    assert by_id["type"] == "answer" and by_id["revision"] == kb["answer"].live_revision_id
    assert by_id["answer"]["approved_answer"].startswith("Chieda al cliente di staccare")
    assert by_id["answer"]["steps"] == ["Stacca l'alimentatore", "Attendi 30 secondi"]
    assert by_id["offer"] is None and by_id["defect"] is None and by_id["crisis"] is None

    offer = api.get(f"/api/v1/articles/{kb['offer'].pk}", **bearer(csr_token)).json()["offer"]
    assert offer["prices"] == [{"label": "Noleggio modem", "amount": "3.90", "period": "month"}]
    assert offer["valid_from"] and offer["valid_until"] is None and offer["channels"] == ["phone", "chat"]
    defect = api.get(f"/api/v1/articles/{kb['defect'].pk}", **bearer(csr_token)).json()["defect"]
    assert (defect["status"], defect["workaround"]) == ("workaround", ["Aggiorna il firmware del modem"])
    crisis = api.get(f"/api/v1/articles/{kb['crisis'].pk}", **bearer(csr_token)).json()["crisis"]
    assert crisis["what_to_say"] == "Siamo a conoscenza del guasto ai modem."
    assert crisis["what_not_to_say"] == "Non promettere indennizzi."


def test_active_crises_lists_ongoing_ones_only(api, csr_token, kb):
    data = api.get("/api/v1/crises", **bearer(csr_token)).json()
    assert [crisis["id"] for crisis in data["results"]] == [kb["crisis"].pk]


def test_usage_links_a_contact_to_the_revision_read_once(api, csr, csr_token, kb):
    body = {"contact_id": "CASE-00123", "channel": "phone", "article": kb["answer"].pk}
    first = api.post("/api/v1/usage", body, format="json", **bearer(csr_token))
    again = api.post("/api/v1/usage", body, format="json", **bearer(csr_token))
    assert (first.status_code, again.status_code) == (201, 200)
    usage = ArticleUsage.objects.get()
    assert (usage.user, usage.article_id, usage.revision_id, usage.channel) == (csr, kb["answer"].pk, kb["answer"].live_revision_id, "phone")
    assert first.json()["id"] == again.json()["id"] == usage.pk


def test_usage_refuses_a_revision_of_another_article_and_unknown_articles(api, csr_token, kb):
    body = {"contact_id": "C-1", "channel": "chat", "article": kb["answer"].pk, "revision": kb["offer"].live_revision_id}
    response = api.post("/api/v1/usage", body, format="json", **bearer(csr_token))
    assert response.status_code == 400 and "revision" in response.json()
    assert api.post("/api/v1/usage", {**body, "article": 10**9, "revision": None}, format="json",
                    **bearer(csr_token)).status_code == 400  # null is not a revision
    body.pop("revision")
    assert api.post("/api/v1/usage", {**body, "article": 10**9}, format="json", **bearer(csr_token)).status_code == 404
    assert not ArticleUsage.objects.exists()


def test_usage_through_a_service_token_records_the_csr_and_the_integration(api, csr, service_secret, kb):
    body = {"contact_id": "ZD-9", "channel": "email", "article": kb["defect"].pk}
    response = api.post("/api/v1/usage", body, format="json", **bearer(service_secret, "operatore"))
    assert response.status_code == 201 and response.json()["user"] == "operatore"
    usage = ArticleUsage.objects.get()
    assert usage.user == csr and usage.service_token.name == "Salesforce"


def test_feedback_records_the_verdict_and_its_reason(api, csr, csr_token, kb):
    article = kb["answer"].pk
    response = api.post("/api/v1/feedback", {"article": article, "helpful": False}, format="json", **bearer(csr_token))
    assert response.status_code == 400 and "reason" in response.json()
    response = api.post("/api/v1/feedback", {"article": article, "helpful": True, "reason": "answered"}, format="json",
                        **bearer(csr_token))
    assert response.status_code == 201
    response = api.post("/api/v1/feedback", {"article": article, "helpful": False, "reason": "outdated",
                                             "comment": "Il prezzo\x00 è cambiato", "contact_id": "C-7"},
                        format="json", **bearer(csr_token))
    assert response.status_code == 201 and response.json()["revision"] == kb["answer"].live_revision_id
    assert list(ArticleFeedback.objects.order_by("pk").values_list("helpful", "reason", "comment", "contact_id")) == [
        (True, "answered", "", ""), (False, "outdated", "Il prezzo è cambiato", "C-7")]


def test_unknown_api_paths_and_ids_are_json_404s(api, csr_token, kb):
    for url in ("/api/v1/articles/null", "/api/v1/articles/99999999999999999999999", "/api/v1/nothing",
                "/api/v1/articles/external/" + "x" * 101):
        response = api.get(url, **bearer(csr_token))
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_control_characters_in_text_are_dropped_not_refused(api, csr_token, kb):
    response = api.get("/api/v1/search", {"q": "modem\x00 riavvio", "status": "\x19\x00"}, **bearer(csr_token))
    assert response.status_code == 200 and response.json()["results"][0]["id"] == kb["answer"].pk


def test_an_expired_article_is_gone_from_the_api(api, csr_token, kb):
    from kb.models import ArticlePage

    ArticlePage.objects.filter(pk=kb["offer"].pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert api.get(f"/api/v1/articles/{kb['offer'].pk}", **bearer(csr_token)).status_code == 404
    body = {"contact_id": "C-2", "channel": "chat", "article": kb["offer"].pk}
    assert api.post("/api/v1/usage", body, format="json", **bearer(csr_token)).status_code == 404


def test_a_token_typed_into_a_search_is_not_kept_in_the_search_log(api, csr_token, kb):
    api.get("/api/v1/search", {"q": f"modem {csr_token}", "tag": csr_token}, **bearer(csr_token))
    log = SearchLog.objects.get()
    assert csr_token not in log.query and csr_token not in str(log.filters)
    assert log.query == "modem spt_[redacted]"
    assert api.get("/api/v1/search/suggest", {"q": "\x00 \u200b"}, **bearer(csr_token)).json() == {"suggestions": []}
    response = api.post("/api/v1/assist", {"text": "  \x00  "}, format="json", **bearer(csr_token))
    assert response.status_code == 200 and response.json()["answers"] == []


def test_an_answer_carries_its_text_per_reply_channel_with_the_callers_signature(api, csr, csr_token, kb):
    answer = kb["answer"].specific
    answer.public_social_reply = "Ciao {cliente}, stacca il modem per 30 secondi. {firma}"
    answer.save_revision().publish()
    csr.first_name, csr.last_name = "Luca", "Neri"
    csr.save()
    channels = api.get(f"/api/v1/articles/{answer.pk}", {"customer_name": "Maria"}, **bearer(csr_token)).json()["answer"]["channels"]
    assert channels["social_public"] == "Ciao Maria, stacca il modem per 30 secondi. Luca ^LN"
    # Channels without their own text fall back to the approved answer, without its Markdown.
    assert channels["phone"] == channels["chat"] == channels["social_private"] == (
        "Chieda al cliente di staccare l'alimentazione per 30 secondi."
    )
    blank = api.get(f"/api/v1/articles/{answer.pk}?customer_name=", **bearer(csr_token))
    assert blank.status_code == 400 and "customer_name" in blank.json()


@pytest.mark.parametrize("body", ["text=modem&channel=", "text=modem&channel=chat&channel=phone"])
def test_a_form_body_with_an_empty_or_repeated_field_is_refused_by_name(api, csr_token, kb, body):
    response = api.post("/api/v1/assist", body, content_type="application/x-www-form-urlencoded", **bearer(csr_token))
    assert response.status_code == 400 and "channel" in response.json()


def test_a_number_where_the_schema_says_string_is_refused(api, csr_token, kb):
    response = api.post("/api/v1/assist", {"text": -13187579, "contact_id": 123}, format="json", **bearer(csr_token))
    assert response.status_code == 400 and {"text", "contact_id"} <= set(response.json())
