"""Answers ready for the channel through the API: search, assist and articles take the contact's channel and
the customer's name and return each approved answer as the CSR would copy it (kb.reply_text.copy_text): the
channel's own text or the approved answer, plain, `{cliente}` and `{firma}` filled with the acting CSR's
signature; without a channel, the CSR's own remembered one. The pages' JSON search does the same."""

import pytest

from kb.reply_preferences import do_set_preferred_channel
from tests.api.conftest import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.search]

MESSAGE = "Buongiorno, da ieri sera il modem non si accende più, nessuna luce. Cosa devo fare? Grazie"


@pytest.fixture
def channel_answer(kb, csr):
    """The modem answer with placeholders and Markdown in its approved text, its own public and private
    social texts, and a CSR with a name to sign with."""
    answer = kb["answer"].specific
    answer.approved_answer = "Gentile {cliente}, **stacchi** l'alimentazione del modem per 30 secondi. {firma}"
    answer.public_social_reply = "Ciao {cliente}, stacca il modem per 30 secondi. {firma}"
    answer.private_social_message = "Ciao {cliente}, in privato: stacca il modem per 30 secondi. {firma}"
    answer.save_revision().publish()
    csr.first_name, csr.last_name = "Luca", "Neri"
    csr.save()
    return answer


def answer_hit(results, answer):
    return next(hit for hit in results if hit["type"] == "answer" and hit["id"] == answer.pk)


def test_search_returns_the_answer_as_copied_on_the_contacts_channel(api, csr_token, channel_answer):
    data = api.get("/api/v1/search", {"q": "modem riavvio", "channel": "social", "customer_name": "Maria Rossi"},
                   **bearer(csr_token)).json()
    assert data["reply_channel"] == "social_public"
    assert answer_hit(data["results"], channel_answer)["answer"] == (
        "Ciao Maria Rossi, stacca il modem per 30 secondi. Luca ^LN")
    assert all(hit["answer"] is None for hit in data["results"] if hit["type"] != "answer")
    # The phone has no text of its own: the approved answer, without its Markdown; no name, the polite word.
    phone = api.get("/api/v1/search", {"q": "modem riavvio", "channel": "store"}, **bearer(csr_token)).json()
    assert phone["reply_channel"] == "phone"
    assert answer_hit(phone["results"], channel_answer)["answer"] == (
        "Gentile cliente, stacchi l'alimentazione del modem per 30 secondi. Luca ^LN")


def test_assist_answers_are_ready_for_the_channel_and_signed_by_the_csr_a_service_token_acts_for(
        api, service_secret, channel_answer):
    body = {"text": MESSAGE, "channel": "social_dm", "customer_name": "Maria", "contact_id": "CASE-1"}
    data = api.post("/api/v1/assist", body, format="json", **bearer(service_secret, "operatore")).json()
    assert (data["channel"], data["reply_channel"]) == ("social_dm", "social_private")
    assert answer_hit(data["answers"], channel_answer)["answer"] == (
        "Ciao Maria, in privato: stacca il modem per 30 secondi. Luca ^LN")  # the CSR's signature, not the CRM's


def test_without_a_channel_the_csrs_own_reply_channel_applies(api, csr, csr_token, channel_answer):
    do_set_preferred_channel(csr, "social_public")
    search = api.get("/api/v1/search", {"q": "modem riavvio"}, **bearer(csr_token)).json()
    assist = api.post("/api/v1/assist", {"text": MESSAGE}, format="json", **bearer(csr_token)).json()
    article = api.get(f"/api/v1/articles/{channel_answer.pk}", **bearer(csr_token)).json()["answer"]
    expected = "Ciao cliente, stacca il modem per 30 secondi. Luca ^LN"
    assert search["reply_channel"] == assist["reply_channel"] == article["reply_channel"] == "social_public"
    assert answer_hit(search["results"], channel_answer)["answer"] == expected
    assert answer_hit(assist["answers"], channel_answer)["answer"] == expected
    assert article["text"] == article["channels"]["social_public"] == expected


def test_an_article_gives_the_text_for_the_channel_and_no_placeholder_or_markdown_anywhere(api, csr_token, channel_answer):
    article = api.get(f"/api/v1/articles/{channel_answer.pk}", {"channel": "email", "customer_name": "Maria"},
                      **bearer(csr_token)).json()["answer"]
    expected = "Gentile Maria, stacchi l'alimentazione del modem per 30 secondi. Luca ^LN"
    assert article["reply_channel"] == "chat"
    assert article["text"] == article["approved_answer"] == article["channels"]["chat"] == expected
    texts = [article["approved_answer"], article["text"], *article["channels"].values()]
    assert not any(mark in text for text in texts for mark in ("{cliente}", "{firma}", "**"))


def test_what_a_csr_reads_out_from_a_crisis_defect_or_offer_is_plain_text(api, csr_token, kb):
    crisis, defect, offer = (kb[name].specific for name in ("crisis", "defect", "offer"))
    crisis.holding_statement = "Siamo a conoscenza del **guasto** ai modem: [dettagli](https://example.com)."
    defect.customer_wording = "Il modem va *aggiornato*."
    offer.upsell_script = "## Proponi\nIl modem **Wi-Fi 7** a 3,90 €."
    for page in (crisis, defect, offer):
        page.save_revision().publish()
    get = lambda page: api.get(f"/api/v1/articles/{page.pk}", **bearer(csr_token)).json()  # noqa: E731
    assert get(crisis)["crisis"]["what_to_say"] == "Siamo a conoscenza del guasto ai modem: dettagli."
    assert get(defect)["defect"]["customer_wording"] == "Il modem va aggiornato."
    assert get(offer)["offer"]["upsell_script"] == "Proponi\nIl modem Wi-Fi 7 a 3,90 €."
    assert api.get("/api/v1/crises", **bearer(csr_token)).json()["results"][0]["crisis"]["what_to_say"] == (
        "Siamo a conoscenza del guasto ai modem: dettagli.")


def test_a_bad_channel_or_customer_name_is_a_400_naming_it(api, csr_token, channel_answer):
    bad = [({"channel": "fax"}, "channel"), ({"channel": ""}, "channel"), ({"channel": "social_public"}, "channel"),
           ({"customer_name": ""}, "customer_name"), ({"customer_name": "x" * 101}, "customer_name")]
    for params, field in bad:
        search = api.get("/api/v1/search", {"q": "modem", **params}, **bearer(csr_token))
        assist = api.post("/api/v1/assist", {"text": MESSAGE, **params}, format="json", **bearer(csr_token))
        article = api.get(f"/api/v1/articles/{channel_answer.pk}", params, **bearer(csr_token))
        for response in (search, assist, article):
            assert response.status_code == 400 and field in response.json(), (params, response.content)


def test_the_pages_json_search_copies_answers_for_the_users_channel_too(api, csr, channel_answer):
    do_set_preferred_channel(csr, "social_public")
    api.force_login(csr)
    for url in ("/api/search", "/api/search/similar"):
        results = api.get(url, {"q": "modem riavvio"}).json()["results"]
        assert answer_hit(results, channel_answer)["answer"] == "Ciao cliente, stacca il modem per 30 secondi. Luca ^LN"
