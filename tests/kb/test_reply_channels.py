"""Answers ready for every channel: the copy function (channel texts, fallback, placeholders, no Markdown),
the 280-character rule of the public social reply (model, Wagtail editor form, importer, counter rule) and
the reply channel remembered per user."""

import json

import pytest
from django.core.exceptions import ValidationError

from kb.importing import import_articles
from kb.models import AnswerPage, Channel, ReplyChannelPreference
from kb.reply_preferences import preferred_channel
from kb.reply_text import (
    CONTACT_TO_REPLY,
    REPLY_TO_CONTACT,
    SOCIAL_PUBLIC_LIMIT,
    ReplyChannel,
    channel_texts,
    copy_text,
    reply_channel,
    signature,
    social_length,
    validate_public_social_reply,
)
from tests.factories import build_article, make_user, published_article


@pytest.fixture
def giulia(db):
    return make_user("giulia", first_name="Giulia Maria", last_name="Bassi")


@pytest.fixture
def answer(db):
    return build_article(
        AnswerPage,
        approved_answer="Gentile {cliente}, il **PUK** è sul [supporto della SIM](https://example.com/sim).",
        phone_script="Capisco, {cliente}: le detto io il PUK.",
        public_social_reply="Ciao {cliente}, trovi il PUK sul supporto della SIM. {firma}",
        private_social_message="  ",
    )


def test_each_channel_copies_its_own_text_with_the_name_and_signature_filled(answer, giulia):
    assert copy_text(answer, ReplyChannel.PHONE, "Maria Rossi", giulia) == "Capisco, Maria Rossi: le detto io il PUK."
    assert copy_text(answer, "social_public", "Maria Rossi", giulia) == (
        "Ciao Maria Rossi, trovi il PUK sul supporto della SIM. Giulia ^GMB"
    )


def test_a_channel_without_its_own_text_copies_the_approved_answer_without_markdown(answer, giulia):
    expected = "Gentile Maria, il PUK è sul supporto della SIM."
    assert copy_text(answer, ReplyChannel.CHAT, "Maria", giulia) == expected
    # A text of blanks is no text: the approved answer again.
    assert copy_text(answer, ReplyChannel.SOCIAL_PRIVATE, "Maria", giulia) == expected
    assert set(channel_texts(answer, "Maria", giulia)) == set(ReplyChannel.values)


def test_without_a_customer_name_the_placeholder_becomes_the_polite_word_of_the_article_language(answer, giulia):
    assert copy_text(answer, "phone", "", giulia).startswith("Capisco, cliente:")
    answer.language = "en"
    answer.phone_script = "Dear {customer}, {signature}"
    assert copy_text(answer, "phone", "", giulia) == "Dear customer, Giulia ^GMB"


def test_a_customer_name_is_cleaned_and_never_filled_as_a_placeholder(answer, giulia):
    assert copy_text(answer, "phone", "{firma}\x00 *Eve*", giulia) == "Capisco, {firma} *Eve*: le detto io il PUK."


def test_signature_falls_back_to_the_username(db):
    nameless = make_user("op.senza.nome")
    assert signature(nameless) == "op.senza.nome"


def test_a_contact_channel_picks_its_reply_text(answer, giulia):
    assert copy_text(answer, "social", "Ada", giulia).startswith("Ciao Ada")  # social -> public reply
    assert copy_text(answer, "store", "Ada", giulia).startswith("Capisco, Ada")  # store -> phone script


def test_a_private_social_contact_gets_the_private_message_and_is_recorded_as_one():
    """kb.models.Channel names a private social contact `social_dm`: it maps to the private message both ways,
    so a CRM's private-message case is not answered with the chat text nor recorded as a public post."""
    assert reply_channel("social_dm") == ReplyChannel.SOCIAL_PRIVATE
    assert {REPLY_TO_CONTACT[channel] for channel in ReplyChannel.values} <= set(Channel.values)
    assert all(reply_channel(REPLY_TO_CONTACT[channel]) == channel for channel in ReplyChannel.values)
    assert set(CONTACT_TO_REPLY) == set(Channel.values)


def test_social_length_counts_placeholders_at_typical_length_links_as_23_and_accents_once():
    assert social_length("Ciao {cliente}") == len("Ciao ") + 20
    assert social_length("{firma}") == 15
    assert social_length("Vedi https://example.com/a/very/long/path/that/goes/on") == len("Vedi ") + 23
    assert social_length("e\u0300") == 1  # "è" typed as e + combining accent


def test_the_public_social_reply_may_not_exceed_280_characters_as_counted():
    at_limit = "{cliente} " + "x" * (SOCIAL_PUBLIC_LIMIT - 21)
    validate_public_social_reply(at_limit)
    with pytest.raises(ValidationError) as refused:
        validate_public_social_reply(at_limit + "!")
    assert "281" in refused.value.messages[0] and "1 carattere di troppo" in refused.value.messages[0]


def test_the_wagtail_editor_refuses_a_long_public_social_reply_and_carries_the_counter(home, approver):
    form_class = AnswerPage.get_edit_handler().get_form_class()
    page = build_article(AnswerPage)
    data = {
        "title": "PUK", "slug": "puk", "summary": "PUK.", "customer_question": "Dov'è il PUK?",
        "approved_answer": "Sul supporto della SIM.", "review_by": "2030-01-01", "language": "it",
        "public_social_reply": "x" * 281, "steps-count": "0", "body-count": "0",
    }
    form = form_class(data, instance=page, for_user=approver, parent_page=home)
    assert not form.is_valid()
    assert "public_social_reply" in form.errors
    textarea = str(form["public_social_reply"])
    assert 'data-social-limit="280"' in textarea and 'data-customer-length="20"' in textarea


def test_the_importer_takes_channel_texts_and_reports_a_long_public_social_reply_as_a_line_error(home):
    good = {"external_id": "ANS-OK", "type": "answer", "title": "PUK", "customer_question": "PUK?",
            "summary": "PUK.", "approved_answer": "Sul supporto.", "phone_script": "Le detto il PUK, {cliente}."}
    long = {**good, "external_id": "ANS-LONG", "public_social_reply": "x" * 300}
    report = import_articles([json.dumps(good), json.dumps(long)])
    assert [number for number, _message in report.errors] == [2]
    assert "public_social_reply" in report.errors[0][1]
    assert AnswerPage.objects.get(external_id="ANS-OK").phone_script == "Le detto il PUK, {cliente}."
    assert not AnswerPage.objects.filter(external_id="ANS-LONG").exists()


def test_the_reply_channel_is_remembered_per_user(csr_client, csr, csr2):
    assert preferred_channel(csr) == ReplyChannel.CHAT
    response = csr_client.post("/kb/reply-channel/", {"channel": "social_public"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert preferred_channel(csr) == ReplyChannel.SOCIAL_PUBLIC
    assert preferred_channel(csr2) == ReplyChannel.CHAT


def test_an_unknown_reply_channel_is_refused_and_changes_nothing(csr_client, csr):
    response = csr_client.post("/kb/reply-channel/", {"channel": "fax"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "channel" in response.json()
    assert csr_client.post("/kb/reply-channel/", {"channel": "fax"}).status_code == 400
    assert not ReplyChannelPreference.objects.filter(user=csr).exists()


def test_the_answer_page_shows_and_copies_the_text_of_the_users_channel(csr_client, csr, home):
    page = published_article(AnswerPage, approved_answer="Risposta **standard**.",
                             public_social_reply="Ciao {cliente}! {firma}")
    csr_client.post("/kb/reply-channel/", {"channel": "social_public", "next": page.url})
    html = csr_client.get(page.url).content.decode()
    copied = html.split('class="copyable__text" id="approved-answer">')[1].split("</div>")[0]
    assert "Ciao cliente! operatore" in copied
    assert '<option value="social_public" selected>' in html
    # The other channels' texts are on the page for the script, plain.
    assert 'data-channel-text="chat">Risposta standard.</div>' in html


def test_the_editor_page_loads_the_counter_script_for_the_public_social_reply(client, home):
    admin = make_user("admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = published_article(AnswerPage, public_social_reply="Ciao {cliente}")
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "js/social_counter.js" in html
    assert 'data-social-limit="280"' in html and 'data-link-length="23"' in html
