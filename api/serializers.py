"""What goes in and out of `/api/v1/`. Input serializers validate (bad input is a 400 naming the field);
output serializers document the shape in the OpenAPI schema."""

import unicodedata

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from api.models import ArticleFeedback
from kb import reply_text
from kb.models import Channel
from search.service import MAX_PAGE, MAX_QUERY_LENGTH

# ASCII only, spelled out: `\w` is Unicode in Python and ASCII in the schema's (ECMA) regex, so "Ï" would pass
# here and break the contract (schemathesis found it).
CONTACT_ID_PATTERN = r"^[A-Za-z0-9_.:/#@+-]{1,100}$"


MAX_ID = 2**62

# What an answer's text holds wherever the API returns one (search, assist, articles): kb.reply_text.copy_text.
ANSWER_TEXT_HELP = (
    "the text to paste on `reply_channel`: the approved answer's own text for that channel, or the approved "
    "answer when it has none; plain text, never Markdown or HTML; `{cliente}` filled with `customer_name` "
    "(without one, the polite \"cliente\" or \"customer\" in the article's language) and `{firma}` with the acting "
    "user's signature, first name and initials (\"Giulia ^GR\")."
)
CHANNEL_HELP = (
    "The contact's channel as the CRM names it. Answers come as the text for the reply channel it implies: "
    "`phone` and `store` the phone script, `chat` and `email` the chat/email reply, `social` the public social "
    "reply, `social_dm` the private social message. Without it, the user's own reply channel (the one chosen "
    "last in Sportello's pages or panel)."
)


def channel_field(help_text=CHANNEL_HELP):
    return serializers.ChoiceField(choices=Channel.choices, required=False, help_text=help_text)


def customer_name_field():
    return TextField(max_length=reply_text.MAX_CUSTOMER_NAME, required=False,
                     help_text="The customer's name, put in the answers' texts for {cliente} (or {customer}).")


class TextField(serializers.CharField):
    """Text with control characters (NUL included) dropped, as search treats any input: a chat line copied
    from a CRM may carry them, and they mean nothing. Line breaks and tabs are kept.

    Only a missing or empty value is refused; text that is all spaces or control characters is valid input
    that means nothing, and is answered as such (no results), as the schema's `minLength: 1` promises.
    The length limit counts what was sent, before anything is dropped, as the schema's `maxLength` does.
    """

    def run_validation(self, data=empty):
        if data == "" and not self.allow_blank:
            self.fail("blank")
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        if self.max_length is not None and isinstance(data, str) and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        value = self.to_internal_value(data)
        self.run_validators(value)
        return value

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n").strip()


# Input.
class InputSerializer(serializers.Serializer):
    """Input from a query string or a form body, read strictly. DRF reads an empty optional field (`?type=`,
    `channel=`) as a missing one and a repeated one (`channel=a&channel=b`) as its last value, the way an HTML
    form posts; an API client sending either has made a mistake the schema refuses (an enum, a pattern, one
    string), so it is refused by name instead of silently ignored. In a JSON body, a number or a boolean where
    the schema says string is refused too, where DRF would turn it into one."""

    def validate(self, attrs):
        data = self.initial_data
        errors = {}
        for name, field in self.fields.items():
            values = data.getlist(name) if hasattr(data, "getlist") else []
            text_field = isinstance(field, (serializers.CharField, serializers.ChoiceField))
            if text_field and not hasattr(data, "getlist") and data.get(name) is not None and not isinstance(data[name], str):
                errors[name] = [_("Not a valid string.")]  # JSON: DRF would turn 12 into "12"
            elif len(values) > 1:
                errors[name] = [_("Give one value.")]
            elif values == [""] and not getattr(field, "allow_blank", False):
                errors[name] = [serializers.CharField.default_error_messages["blank"]]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class SearchQuerySerializer(InputSerializer):
    q = TextField(max_length=MAX_QUERY_LENGTH, required=False, allow_blank=True, default="",
                              trim_whitespace=True, help_text="Keywords or a customer's message.")
    type = serializers.ChoiceField(choices=["offer", "defect", "crisis", "answer", "question", "practice", "need"],
                                   required=False)
    product = serializers.SlugField(max_length=100, required=False, help_text="A product's slug.")
    tag = TextField(max_length=100, required=False, allow_blank=True)
    status = TextField(max_length=100, required=False, allow_blank=True)
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, default=1)
    channel = channel_field()
    customer_name = customer_name_field()


class SuggestQuerySerializer(InputSerializer):
    q = TextField(max_length=100, help_text="What the user has typed so far.")


class AssistSerializer(InputSerializer):
    text = TextField(max_length=MAX_QUERY_LENGTH,
                                 help_text="The customer's words: a chat line, an e-mail, a post or call notes.")
    channel = channel_field()
    product = serializers.SlugField(max_length=100, required=False, help_text="A product's slug, to narrow the answers.")
    contact_id = serializers.RegexField(CONTACT_ID_PATTERN, required=False, help_text="The contact's id in the CRM.")
    customer_name = customer_name_field()


MAX_DRAFT_LENGTH = 5000


class CheckReplySerializer(InputSerializer):
    text = TextField(max_length=MAX_DRAFT_LENGTH, help_text="The CSR's draft reply, as typed so far.")
    channel = serializers.ChoiceField(choices=Channel.choices, required=False,
                                      help_text="Where the reply goes: the offer proposed instead is one sold there.")


class ArticleQuerySerializer(InputSerializer):
    channel = channel_field(CHANNEL_HELP + " An answer's `text` is for that channel; `channels` holds every one.")
    customer_name = customer_name_field()


class UsageInputSerializer(InputSerializer):
    contact_id = serializers.RegexField(CONTACT_ID_PATTERN, help_text="The contact's id in the CRM.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    article = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The article's id.")
    revision = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                        help_text="The revision read; the live one when omitted.")


class ContactInputSerializer(InputSerializer):
    contact_id = serializers.RegexField(CONTACT_ID_PATTERN, help_text="The contact's id in the CRM.")
    channel = serializers.ChoiceField(choices=Channel.choices)


class FeedbackInputSerializer(InputSerializer):
    article = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    revision = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    helpful = serializers.BooleanField()
    reason = serializers.ChoiceField(choices=ArticleFeedback.Reason.choices,
                                     help_text="Why it helped (`answered`) or did not.")
    comment = TextField(max_length=1000, required=False, allow_blank=True)
    contact_id = serializers.RegexField(CONTACT_ID_PATTERN, required=False)


# Output.

class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField(help_text="Plain text.")
    score = serializers.FloatField()
    certified = serializers.BooleanField()
    updated_at = serializers.CharField(allow_null=True)
    answer = serializers.CharField(allow_null=True, help_text=f"For an approved answer, {ANSWER_TEXT_HELP} Null for "
                                                              "anything else.")


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class SearchResponseSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    took_ms = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
    suggestion = serializers.CharField(allow_null=True, help_text="Did you mean…")
    degraded = serializers.BooleanField(help_text="True when the database fallback answered.")
    reply_channel = serializers.ChoiceField(choices=reply_text.ReplyChannel.choices,
                                            help_text="The reply channel the answers' texts are for.")


class SuggestionSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    text = serializers.CharField()


class SuggestResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)


class PriceSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=True)
    period = serializers.ChoiceField(choices=["month", "one_off", "year"])


class OfferPartSerializer(serializers.Serializer):
    offer_code = serializers.CharField()
    eligibility = serializers.CharField()
    prices = PriceSerializer(many=True)
    valid_from = serializers.DateTimeField(allow_null=True)
    valid_until = serializers.DateTimeField(allow_null=True)
    channels = serializers.ListField(child=serializers.CharField())
    upsell_script = serializers.CharField(allow_blank=True, help_text="Plain text, to read out or paste.")


class DefectPartSerializer(serializers.Serializer):
    status = serializers.CharField()
    symptoms = serializers.CharField()
    affected_versions = serializers.CharField(allow_blank=True)
    workaround = serializers.ListField(child=serializers.CharField())
    expected_fix_date = serializers.DateField(allow_null=True)
    customer_wording = serializers.CharField(allow_blank=True, help_text="Plain text, to read out or paste.")


class FaqSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class CrisisUpdateSerializer(serializers.Serializer):
    at = serializers.DateTimeField(allow_null=True)
    text = serializers.CharField()


class CrisisPartSerializer(serializers.Serializer):
    severity = serializers.CharField()
    status = serializers.CharField()
    regions = serializers.CharField(allow_blank=True)
    services = serializers.CharField(allow_blank=True)
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    what_to_say = serializers.CharField(help_text="The holding statement, plain text, to read out or paste.")
    what_not_to_say = serializers.CharField(allow_blank=True)
    updates = CrisisUpdateSerializer(many=True)
    faq = FaqSerializer(many=True)


class ChannelTextsSerializer(serializers.Serializer):
    """The approved answer ready for each reply channel (kb.reply_text.copy_text): the channel's own text,
    or the approved answer when it has none; the customer's name and the caller's signature filled in."""

    phone = serializers.CharField(allow_blank=True)
    chat = serializers.CharField(allow_blank=True, help_text="Chat and email.")
    social_public = serializers.CharField(allow_blank=True, help_text="A public social reply (at most 280 characters as typed).")
    social_private = serializers.CharField(allow_blank=True)


class AnswerPartSerializer(serializers.Serializer):
    customer_question = serializers.CharField()
    variants = serializers.ListField(child=serializers.CharField())
    approved_answer = serializers.CharField(help_text="The approved text itself, plain, placeholders filled as in "
                                                      "`text`.")
    reply_channel = serializers.ChoiceField(choices=reply_text.ReplyChannel.choices,
                                            help_text="The reply channel `text` is for.")
    text = serializers.CharField(allow_blank=True, help_text=ANSWER_TEXT_HELP[:1].upper() + ANSWER_TEXT_HELP[1:])
    channels = ChannelTextsSerializer(help_text="The text to paste per reply channel, made as `text` is.")
    steps = serializers.ListField(child=serializers.CharField())


class ArticleSerializer(serializers.Serializer):
    """One article as a CSR reads it; the part named after its type is filled, the others are null."""

    id = serializers.IntegerField()
    external_id = serializers.CharField(allow_blank=True)
    type = serializers.ChoiceField(choices=["offer", "defect", "crisis", "answer"])
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    url = serializers.CharField()
    language = serializers.CharField()
    revision = serializers.IntegerField(allow_null=True, help_text="The live revision: cite it when reporting a use.")
    updated_at = serializers.DateTimeField(allow_null=True)
    needs_review = serializers.BooleanField()
    products = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())
    offer = OfferPartSerializer(allow_null=True)
    defect = DefectPartSerializer(allow_null=True)
    crisis = CrisisPartSerializer(allow_null=True)
    answer = AnswerPartSerializer(allow_null=True)


class CrisisListSerializer(serializers.Serializer):
    results = ArticleSerializer(many=True)


class MatchSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    certified = serializers.BooleanField()
    status = serializers.CharField(allow_null=True)
    answer = serializers.CharField(allow_null=True, help_text=f"For an approved answer, {ANSWER_TEXT_HELP} Null for "
                                                              "anything else.")
    why = serializers.ListField(child=serializers.CharField(), help_text="The words of the text that matched it.")
    snippet = serializers.CharField(help_text="Where they matched, plain text.")


class AssistResponseSerializer(serializers.Serializer):
    answers = MatchSerializer(many=True)
    defects = MatchSerializer(many=True)
    crises = MatchSerializer(many=True)
    questions = MatchSerializer(many=True)
    channel = serializers.CharField(allow_null=True)
    reply_channel = serializers.ChoiceField(choices=reply_text.ReplyChannel.choices,
                                            help_text="The reply channel the answers' texts are for.")
    contact_id = serializers.CharField(allow_null=True)
    took_ms = serializers.IntegerField()
    degraded = serializers.BooleanField()


class ConflictSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The crisis's or offer's article id, or the revoked answer's id.")
    title = serializers.CharField()
    url = serializers.CharField()


class ConflictSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["crisis", "offer", "revoked_answer"])
    excerpt = serializers.CharField(help_text="The sentence of the draft that conflicts, as typed.")
    reason = serializers.CharField(help_text="Why, in the user's language.")
    use_instead = serializers.CharField(allow_blank=True,
                                        help_text="The approved wording to use instead; empty when there is none.")
    source = ConflictSourceSerializer()


class CheckReplyResponseSerializer(serializers.Serializer):
    conflicts = ConflictSerializer(many=True)


class UsageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.CharField()
    channel = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    revision = serializers.IntegerField(source="revision_id", allow_null=True)
    user = serializers.CharField(source="user.username")
    created_at = serializers.DateTimeField()


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contact_id = serializers.CharField()
    channel = serializers.CharField()
    user = serializers.CharField(source="user.username")
    created_at = serializers.DateTimeField()


class FeedbackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    article = serializers.IntegerField(source="article_id")
    revision = serializers.IntegerField(source="revision_id", allow_null=True)
    helpful = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    comment = serializers.CharField(allow_blank=True)
    contact_id = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
