"""Import of articles from a JSON-lines export of another knowledge base.

One JSON object per line (format in README.md, "Importing articles"). Each line is imported in its
own transaction: a bad line is reported with its number and the others still import. Import is
idempotent by `external_id`: a new id creates a page, a known id updates it with a new revision, and
an unchanged line leaves it alone. Every imported revision is logged in the page history as an import.
"""

import datetime
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from kb import site_tree
from core.markup import markdown_to_html, sanitise_html
from kb.models import (
    ARTICLE_TYPES,
    ArticlePage,
    Channel,
    CrisisSeverity,
    CrisisStatus,
    DefectStatus,
    Language,
    Product,
    ProductLine,
    Topic,
)

logger = logging.getLogger(__name__)

IMPORT_LOG_ACTION = "kb.import"
DEFAULT_REVIEW_PERIOD = datetime.timedelta(days=180)
STEP_PREFIX = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")


class ImportLineError(Exception):
    """A line that cannot be imported; the message says why, in terms of the line's fields."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    warnings: list = field(default_factory=list)  # (line number, message)

    @property
    def failed(self):
        return len(self.errors)

    def summary(self):
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed, {len(self.warnings)} warnings"
        )


def import_articles(lines, user=None):
    """Import an iterable of JSON lines (str, or UTF-8 bytes); return an ImportReport. Blank lines are skipped."""
    report = ImportReport()
    site_tree.ensure_site_tree()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        warnings = []
        try:
            record = parse_line(line)
            with transaction.atomic():
                outcome = import_record(record, user=user, warnings=warnings)
        except ImportLineError as error:
            report.errors.append((number, str(error)))
            logger.warning("import line rejected line=%s reason=%s", number, error)
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.warnings.extend((number, message) for message in warnings)
    return report


def parse_line(line):
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportLineError("not UTF-8 text") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ImportLineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise ImportLineError("each line must be a JSON object")
    return record


def import_record(record, user=None, warnings=None):
    """Create, update or leave alone the article for one record. Returns 'created', 'updated' or 'unchanged'."""
    warnings = warnings if warnings is not None else []
    external_id = required_text(record, "external_id", max_length=100)
    article_type = record.get("type")
    if article_type not in ARTICLE_TYPES:
        raise ImportLineError(f"type must be one of {', '.join(ARTICLE_TYPES)}, not {article_type!r}")
    model = ARTICLE_TYPES[article_type]
    checksum = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    existing = ArticlePage.objects.filter(external_id=external_id).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise ImportLineError(f"external_id {external_id} is already a {existing.article_type}, not a {article_type}")
        if page.import_checksum == checksum:
            return "unchanged"
    else:
        page = model(external_id=external_id, live=False)

    values = common_values(record, warnings)
    for name, value in (values["scalars"] | TYPE_PARSERS[article_type](record)["scalars"]).items():
        setattr(page, name, value)
    page.import_checksum = checksum

    if existing is None:
        section = target_section(record, article_type)
        page.slug = free_slug(section, page.title, external_id)
        save_or_reject(lambda: section.add_child(instance=page))
    page.tags.set(values["tags"])
    page.products.set(values["products"])
    page.topics.set(values["topics"])
    revision = save_or_reject(lambda: page.save_revision(user=user))
    log(instance=page, action=IMPORT_LOG_ACTION, user=user, revision=revision, data={"external_id": external_id})
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    if page.live and page.expire_at and page.expire_at <= timezone.now():
        page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    return "created" if existing is None else "updated"


def save_or_reject(save):
    try:
        return save()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            messages = [f"{name}: {' '.join(errors)}" for name, errors in error.message_dict.items()]
        else:
            messages = error.messages
        raise ImportLineError("; ".join(messages)) from None


def common_values(record, warnings):
    body = text(record, "body")
    body_format = record.get("body_format", "markdown")
    if body_format not in ("markdown", "html"):
        raise ImportLineError("body_format must be 'markdown' or 'html'")
    body_html = markdown_to_html(body) if body_format == "markdown" else sanitise_html(body)
    summary = text(record, "summary") or plain_summary(body)
    if not summary:
        raise ImportLineError("summary or body is required")
    language = record.get("language", Language.ITALIAN)
    if language not in Language.values:
        raise ImportLineError(f"language must be one of {', '.join(Language.values)}, not {language!r}")
    go_live_at = optional_datetime(record, "go_live_at")
    expire_at = optional_datetime(record, "expire_at")
    if go_live_at and expire_at and expire_at <= go_live_at:
        raise ImportLineError("expire_at must be after go_live_at")
    return {
        "scalars": {
            "title": required_text(record, "title", max_length=255),
            "summary": summary[:400],
            "body": [("paragraph", RichText(body_html))] if body_html.strip() else [],
            "language": language,
            "review_by": optional_date(record, "review_by") or timezone.localdate() + DEFAULT_REVIEW_PERIOD,
            "go_live_at": go_live_at,
            "expire_at": expire_at,
            "content_owner": owner(record, warnings),
        },
        "tags": string_list(record, "tags"),
        "products": [product_named(name) for name in names(record, "product", "products")],
        "topics": [topic_named(name) for name in names(record, "topic", "topics")],
    }


def offer_values(record):
    return {
        "scalars": {
            "offer_code": required_text(record, "offer_code", max_length=50),
            "eligibility": required_text(record, "eligibility"),
            "upsell_script": text(record, "upsell_script"),
            "channels": choice_list(record, "channels", Channel.values),
            "prices": [("price", price) for price in prices(record)],
        }
    }


def defect_values(record):
    return {
        "scalars": {
            "symptoms": required_text(record, "symptoms"),
            "affected_versions": text(record, "affected_versions")[:255],
            "workaround": [("step", step) for step in steps(record, "workaround")],
            "status": choice(record, "status", DefectStatus.values, DefectStatus.INVESTIGATING),
            "expected_fix_date": optional_date(record, "expected_fix_date"),
            "customer_wording": text(record, "customer_wording"),
        }
    }


def crisis_values(record):
    faq = record.get("faq") or []
    if not isinstance(faq, list) or not all(
        isinstance(item, dict) and item.get("question") and item.get("answer") for item in faq
    ):
        raise ImportLineError("faq must be a list of objects with 'question' and 'answer'")
    updates = record.get("updates") or []
    if not isinstance(updates, list) or not all(isinstance(item, dict) and item.get("text") for item in updates):
        raise ImportLineError("updates must be a list of objects with 'at' and 'text'")
    return {
        "scalars": {
            "severity": choice(record, "severity", CrisisSeverity.values),
            "status": choice(record, "status", CrisisStatus.values, CrisisStatus.ACTIVE),
            "affected_regions": text(record, "regions")[:255],
            "affected_services": text(record, "services")[:255],
            "started_at": optional_datetime(record, "started_at") or timezone.now(),
            "ended_at": optional_datetime(record, "ended_at"),
            "holding_statement": required_text(record, "what_to_say"),
            "do_not_say": text(record, "what_not_to_say"),
            "faq": [("item", {"question": str(item["question"])[:300], "answer": str(item["answer"])}) for item in faq],
            "updates": [
                ("update", {"at": parse_when(item.get("at"), "updates.at"), "text": str(item["text"])})
                for item in updates
            ],
        }
    }


def answer_values(record):
    variants = record.get("variants") or []
    if isinstance(variants, str):
        variants = variants.splitlines()
    if not isinstance(variants, list):
        raise ImportLineError("variants must be a list of strings")
    return {
        "scalars": {
            "customer_question": required_text(record, "customer_question", max_length=300),
            "question_variants": "\n".join(str(v).strip() for v in variants if str(v).strip()),
            "approved_answer": required_text(record, "approved_answer"),
            "steps": [("step", step) for step in steps(record, "steps")],
        }
    }


TYPE_PARSERS = {"offer": offer_values, "defect": defect_values, "crisis": crisis_values, "answer": answer_values}


# Field readers: each raises ImportLineError naming the field, so the report says what to fix.


def text(record, name):
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportLineError(f"{name} must be a string")
    return value.strip()


def required_text(record, name, max_length=None):
    value = text(record, name)
    if not value:
        raise ImportLineError(f"{name} is required")
    if max_length and len(value) > max_length:
        raise ImportLineError(f"{name} is longer than {max_length} characters")
    return value


def string_list(record, name):
    value = record.get(name) or []
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ImportLineError(f"{name} must be a list of strings")
    return [item.strip()[:100] for item in value if item.strip()]


def names(record, single, plural):
    return string_list(record, plural) or ([required_text(record, single)] if record.get(single) else [])


def choice(record, name, allowed, default=None):
    value = record.get(name, default)
    if value not in allowed:
        raise ImportLineError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def choice_list(record, name, allowed):
    values = string_list(record, name)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ImportLineError(f"{name}: unknown values {', '.join(unknown)} (allowed: {', '.join(allowed)})")
    return values


def parse_when(value, name):
    if not isinstance(value, str):
        raise ImportLineError(f"{name} must be an ISO date-time string")
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ImportLineError(f"{name} is not an ISO date-time: {value!r}")
        moment = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def optional_datetime(record, name):
    value = record.get(name)
    return None if value in (None, "") else parse_when(value, name)


def optional_date(record, name):
    value = record.get(name)
    if value in (None, ""):
        return None
    day = parse_date(value) if isinstance(value, str) else None
    if day is None:
        raise ImportLineError(f"{name} is not an ISO date (YYYY-MM-DD): {value!r}")
    return day


def prices(record):
    rows = record.get("prices") or []
    if not isinstance(rows, list):
        raise ImportLineError("prices must be a list")
    parsed = []
    for row in rows:
        if not isinstance(row, dict) or not row.get("label"):
            raise ImportLineError("each price needs a label, an amount and a period")
        try:
            amount = Decimal(str(row.get("amount")))
        except InvalidOperation:
            raise ImportLineError(f"price amount is not a number: {row.get('amount')!r}") from None
        if amount < 0 or not amount.is_finite():
            raise ImportLineError(f"price amount must be zero or more: {amount}")
        period = row.get("period", "month")
        if period not in ("month", "one_off", "year"):
            raise ImportLineError(f"price period must be month, one_off or year, not {period!r}")
        parsed.append({"label_text": str(row["label"])[:120], "amount": amount.quantize(Decimal("0.01")), "period": period})
    return parsed


def steps(record, name):
    """Steps from a list of strings, or from Markdown list lines."""
    value = record.get(name) or []
    if isinstance(value, str):
        value = [STEP_PREFIX.sub("", line) for line in value.splitlines()]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ImportLineError(f"{name} must be a list of strings or Markdown list lines")
    return [item.strip()[:500] for item in value if item.strip()]


def plain_summary(body):
    plain = re.sub(r"[#*_`>\[\]()]", "", body or "")
    return " ".join(plain.split())[:300]


def owner(record, warnings):
    username = text(record, "owner")
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        warnings.append(f"owner {username!r} is not a Sportello user; the article has no owner")
    return user


def product_named(name):
    product = Product.objects.filter(name__iexact=name).first() or Product.objects.filter(slug=slugify(name)).first()
    return product or Product.objects.create(name=name[:100], line=ProductLine.OTHER)


def topic_named(name):
    return Topic.objects.filter(name__iexact=name).first() or Topic.objects.create(name=name[:100])


def target_section(record, article_type):
    slug = text(record, "section")
    section = site_tree.section_by_slug(slug) if slug else site_tree.section_for_type(article_type)
    if section is None:
        raise ImportLineError(f"section {slug!r} does not exist")
    return section


def free_slug(section, title, external_id):
    slug = slugify(title, allow_unicode=True)[:80] or slugify(external_id)
    if section.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{slugify(external_id)}"[:255]
    return slug
