"""The declared schema of one line of an `import_kb` file: type, range, length and encoding of every field.

Django REST framework's serializers do the checking (strings without NUL or lone surrogates, real calendar
dates, finite decimals within the price block's digits, bounded lists), and their errors become
`field: reason` messages (`prices[0].amount: …`). The limits keep one line from filling memory or the
search index: the whole line at most MAX_LINE_BYTES, an article body at most MAX_BODY_CHARACTERS (well
under Elasticsearch's 1,000,000-character highlighting limit, past which searches fail), and every other
text and list bounded. README.md, "Importing articles", lists the same fields and limits.
"""

import re

from django.utils import translation
from rest_framework import serializers

from kb.models import ARTICLE_TYPES, Channel, CrisisSeverity, CrisisStatus, DefectStatus, Language

MAX_LINE_BYTES = 1_000_000
MAX_BODY_CHARACTERS = 100_000
MAX_TEXT_CHARACTERS = 20_000
MAX_LIST_ITEMS = 50
# "1. ", "2) ", "- ", "* " at the start of a Markdown list line given as one string of steps.
STEP_PREFIX = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")


class Text(serializers.CharField):
    """A JSON string (numbers and booleans are refused, not converted); NUL and lone surrogates refused."""

    default_error_messages = {"not_a_string": "must be a string, not {kind}."}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", not kwargs["required"])
        kwargs.setdefault("allow_null", not kwargs["required"])
        kwargs.setdefault("max_length", MAX_TEXT_CHARACTERS)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string", kind=type(data).__name__)
        return super().to_internal_value(data)


class TextList(serializers.ListField):
    """A list of strings, or one string split on `separator` (tags "a, b"; steps as Markdown lines)."""

    def __init__(self, separator=None, item_length=500, line_prefix=None, **kwargs):
        self.separator, self.line_prefix = separator, line_prefix
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("max_length", MAX_LIST_ITEMS)
        super().__init__(child=Text(max_length=item_length, allow_blank=True, allow_null=False), **kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return True, []
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if isinstance(data, str) and self.separator is not None:
            data = data.split(self.separator) if self.separator != "\n" else data.splitlines()
            if self.line_prefix is not None:
                data = [self.line_prefix.sub("", line) for line in data]
        return [item for item in super().to_internal_value(data) if item]


class ChoiceText(serializers.ChoiceField):
    """One of a fixed set of strings; anything else (a list, a number) is simply not one of them."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)

    default_error_messages = {
        "invalid_choice": "must be one of {choices}, not {input!r}.",
        "not_a_string": "must be one of {choices}, not a {kind}.",
    }

    def to_internal_value(self, data):
        choices = ", ".join(map(str, self.choices))
        if not isinstance(data, str):
            self.fail("not_a_string", choices=choices, kind=type(data).__name__)
        if data not in self.choices:
            self.fail("invalid_choice", choices=choices, input=data[:50])
        return super().to_internal_value(data)


class Schema(serializers.Serializer):
    """Unknown fields are ignored, as an export from another system carries many."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["must be a JSON object."]})
        return super().to_internal_value(data)


class PriceSchema(Schema):
    label = Text(required=True, max_length=120)
    # The price block's own range: 0 to 999,999.99 euro, cents at most.
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, coerce_to_string=False)
    period = ChoiceText(["month", "one_off", "year"], default="month")


class FaqSchema(Schema):
    question = Text(required=True, max_length=300)
    answer = Text(required=True, max_length=5000)


class UpdateSchema(Schema):
    at = serializers.DateTimeField()
    text = Text(required=True, max_length=5000)


class ArticleSchema(Schema):
    external_id = Text(required=True, max_length=100)
    type = ChoiceText(list(ARTICLE_TYPES), required=True)
    title = Text(required=True, max_length=255)
    summary = Text(max_length=400)
    body = Text(max_length=MAX_BODY_CHARACTERS)
    body_format = ChoiceText(["markdown", "html"], default="markdown")
    tags = TextList(separator=",", item_length=100)
    product = Text(max_length=100)
    products = TextList(item_length=100)
    topic = Text(max_length=100)
    topics = TextList(item_length=100)
    language = ChoiceText(Language.values, default=Language.ITALIAN)
    owner = Text(max_length=150)
    review_by = serializers.DateField(required=False, allow_null=True)
    go_live_at = serializers.DateTimeField(required=False, allow_null=True)
    expire_at = serializers.DateTimeField(required=False, allow_null=True)
    section = Text(max_length=255)

    def validate(self, values):
        if not (values.get("summary") or values.get("body")):
            raise serializers.ValidationError({"summary": ["summary or body is required."]})
        if values.get("go_live_at") and values.get("expire_at") and values["expire_at"] <= values["go_live_at"]:
            raise serializers.ValidationError({"expire_at": ["must be after go_live_at."]})
        return values


class OfferSchema(ArticleSchema):
    offer_code = Text(required=True, max_length=50)
    eligibility = Text(required=True)
    prices = serializers.ListField(child=PriceSchema(), required=False, allow_null=True, max_length=20)
    upsell_script = Text()
    channels = TextList(separator=",", item_length=20)

    def validate_channels(self, values):
        unknown = [value for value in values if value not in Channel.values]
        if unknown:
            raise serializers.ValidationError(f"unknown values {', '.join(unknown)} (allowed: {', '.join(Channel.values)}).")
        return values


class DefectSchema(ArticleSchema):
    symptoms = Text(required=True)
    affected_versions = Text(max_length=255)
    workaround = TextList(separator="\n", line_prefix=STEP_PREFIX)
    status = ChoiceText(DefectStatus.values, default=DefectStatus.INVESTIGATING)
    expected_fix_date = serializers.DateField(required=False, allow_null=True)
    customer_wording = Text()


class CrisisSchema(ArticleSchema):
    severity = ChoiceText(CrisisSeverity.values, required=True)
    status = ChoiceText(CrisisStatus.values, default=CrisisStatus.ACTIVE)
    regions = Text(max_length=255)
    services = Text(max_length=255)
    started_at = serializers.DateTimeField(required=False, allow_null=True)
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    next_update_at = serializers.DateTimeField(required=False, allow_null=True)
    what_to_say = Text(required=True)
    what_not_to_say = Text()
    faq = serializers.ListField(child=FaqSchema(), required=False, allow_null=True, max_length=MAX_LIST_ITEMS)
    updates = serializers.ListField(child=UpdateSchema(), required=False, allow_null=True, max_length=100)


class AnswerSchema(ArticleSchema):
    customer_question = Text(required=True, max_length=300)
    variants = TextList(separator="\n", item_length=300)
    approved_answer = Text(required=True)
    # The same answer per reply channel (kb.reply_text); the public social reply's 280 rule is the page's.
    phone_script = Text()
    chat_email_text = Text()
    public_social_reply = Text()
    private_social_message = Text()
    steps = TextList(separator="\n", line_prefix=STEP_PREFIX)


SCHEMAS = {"offer": OfferSchema, "defect": DefectSchema, "crisis": CrisisSchema, "answer": AnswerSchema}


class InvalidRecord(Exception):
    """The record does not fit the schema; `problems` are the `field: reason` messages."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def problems(errors, path=""):
    """Flatten DRF's nested errors into `field: reason` strings (`prices[1].amount: …`)."""
    if isinstance(errors, dict):
        found = []
        for name, nested in errors.items():
            if name == "non_field_errors":
                where = path
            elif isinstance(name, int):  # an item of a list
                where = f"{path}[{name}]"
            else:
                where = f"{path}.{name}" if path else name
            found += problems(nested, where)
        return found
    if isinstance(errors, list) and errors and all(isinstance(item, str) for item in errors):
        return [f"{path}: {' '.join(str(item) for item in errors)}" if path else " ".join(map(str, errors))]
    if isinstance(errors, list):
        return [problem for index, item in enumerate(errors) if item for problem in problems(item, f"{path}[{index}]")]
    return [f"{path}: {errors}"]


def validate(record):
    """The record's values, converted and checked against its type's schema; raises InvalidRecord."""
    with translation.override("en"):
        if not isinstance(record, dict):
            raise InvalidRecord(["each line must be a JSON object"])
        article_type = record.get("type")
        if not isinstance(article_type, str) or article_type not in SCHEMAS:
            raise InvalidRecord([f"type: must be one of {', '.join(ARTICLE_TYPES)}, not {article_type!r}"[:300]])
        schema = SCHEMAS[article_type](data=record)
        if not schema.is_valid():
            raise InvalidRecord(problems(schema.errors))
        return schema.validated_data
