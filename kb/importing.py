"""Import of articles from a JSON-lines export of another knowledge base.

One JSON object per line (format in README.md, "Importing articles"), checked against a declared
schema (kb.import_schema) before anything is written. Each line is imported in its own transaction: a bad line is reported with its number and the others still import. Import is
idempotent by `external_id`: a new id creates a page, a known id updates it with a new revision, and
an unchanged line leaves it alone. Every imported revision is logged in the page history as an import.
"""

import datetime
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.rich_text import RichText

from core.markup import markdown_to_html, sanitise_html
from kb import site_tree
from kb.import_schema import MAX_LINE_BYTES, InvalidRecord, validate
from kb.models import ARTICLE_TYPES, ArticlePage, Product, ProductLine, Topic
from kb.reply_text import CHANNEL_FIELDS

logger = logging.getLogger(__name__)

IMPORT_LOG_ACTION = "kb.import"
DEFAULT_REVIEW_PERIOD = datetime.timedelta(days=180)


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


class OversizedLine:
    """Stands for a line longer than MAX_LINE_BYTES, which `read_lines` skipped without keeping it."""

    def __init__(self, size):
        self.size = size

    def strip(self):
        return self


def read_lines(handle, limit=MAX_LINE_BYTES):
    """The lines of a binary file, never holding more than `limit` bytes of one line in memory: a longer
    line is read through in chunks and yields an OversizedLine."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = handle.readline(limit)
            size += len(line)
        yield OversizedLine(size)


def import_articles(lines, user=None):
    """Import an iterable of JSON lines (str, UTF-8 bytes, or OversizedLine from `read_lines`); return an
    ImportReport. Blank lines are skipped."""
    report = ImportReport()
    site_tree.ensure_site_tree()
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, OversizedLine) and not line.strip():
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
    if isinstance(line, OversizedLine) or len(line) > MAX_LINE_BYTES:
        size = line.size if isinstance(line, OversizedLine) else len(line)
        raise ImportLineError(f"line is {size:,} bytes long; at most {MAX_LINE_BYTES:,} are read")
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportLineError(f"not UTF-8 text (byte {error.start + 1})") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ImportLineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except (ValueError, RecursionError) as error:  # a 5,000-digit number, nesting thousands deep
        raise ImportLineError(f"not valid JSON ({type(error).__name__}: {str(error)[:100]})") from None
    if not isinstance(record, dict):
        raise ImportLineError("each line must be a JSON object")
    return record


def import_record(record, user=None, warnings=None):
    """Create, update or leave alone the article for one record. Returns 'created', 'updated' or 'unchanged'."""
    warnings = warnings if warnings is not None else []
    try:
        values = validate(record)
    except InvalidRecord as error:
        raise ImportLineError(str(error)) from None
    external_id, article_type = values["external_id"], values["type"]
    model = ARTICLE_TYPES[article_type]
    # surrogatepass: a lone surrogate in a field the schema ignores must not stop the import.
    checksum = hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ).hexdigest()

    existing = ArticlePage.objects.filter(external_id=external_id).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise ImportLineError(f"external_id: {external_id} is already a {existing.article_type}, not a {article_type}")
        if page.import_checksum == checksum:
            return "unchanged"
    else:
        page = model(external_id=external_id, live=False)

    for name, value in (common_values(values, warnings) | TYPE_VALUES[article_type](values)).items():
        setattr(page, name, value)
    page.import_checksum = checksum

    if existing is None:
        section = target_section(values, article_type)
        page.slug = free_slug(section, page.title, external_id)
        save_or_reject(lambda: section.add_child(instance=page))
    page.tags.set(values.get("tags") or [])
    page.products.set([product_named(name) for name in names(values, "product", "products")])
    page.topics.set([topic_named(name) for name in names(values, "topic", "topics")])
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


def common_values(values, warnings):
    """Page fields shared by every type, from validated values."""
    body = values.get("body") or ""
    if values["body_format"] == "markdown":
        body_html = markdown_to_html(body)
    else:
        body_html = sanitise_html(body)
    return {
        "title": values["title"],
        "summary": values.get("summary") or plain_summary(body),
        "body": [("paragraph", RichText(body_html))] if body_html.strip() else [],
        "language": values["language"],
        "review_by": values.get("review_by") or timezone.localdate() + DEFAULT_REVIEW_PERIOD,
        "go_live_at": values.get("go_live_at"),
        "expire_at": values.get("expire_at"),
        "content_owner": owner(values.get("owner"), warnings),
    }


def offer_values(values):
    return {
        "offer_code": values["offer_code"],
        "eligibility": values["eligibility"],
        "upsell_script": values.get("upsell_script") or "",
        "channels": values.get("channels") or [],
        "prices": [
            ("price", {"label_text": price["label"], "amount": price["amount"], "period": price["period"]})
            for price in values.get("prices") or []
        ],
    }


def defect_values(values):
    return {
        "symptoms": values["symptoms"],
        "affected_versions": values.get("affected_versions") or "",
        "workaround": [("step", step) for step in values.get("workaround") or []],
        "status": values["status"],
        "expected_fix_date": values.get("expected_fix_date"),
        "customer_wording": values.get("customer_wording") or "",
    }


def crisis_values(values):
    return {
        "severity": values["severity"],
        "status": values["status"],
        "affected_regions": values.get("regions") or "",
        "affected_services": values.get("services") or "",
        "started_at": values.get("started_at") or timezone.now(),
        "ended_at": values.get("ended_at"),
        "next_update_at": values.get("next_update_at"),
        "holding_statement": values["what_to_say"],
        "do_not_say": values.get("what_not_to_say") or "",
        "faq": [("item", {"question": item["question"], "answer": item["answer"]}) for item in values.get("faq") or []],
        "updates": [("update", {"at": item["at"], "text": item["text"]}) for item in values.get("updates") or []],
    }


def answer_values(values):
    return {
        "customer_question": values["customer_question"],
        "question_variants": "\n".join(values.get("variants") or []),
        "approved_answer": values["approved_answer"],
        **{name: values.get(name) or "" for name in CHANNEL_FIELDS.values()},
        "steps": [("step", step) for step in values.get("steps") or []],
    }


TYPE_VALUES = {"offer": offer_values, "defect": defect_values, "crisis": crisis_values, "answer": answer_values}


def names(values, single, plural):
    return values.get(plural) or ([values[single]] if values.get(single) else [])


def plain_summary(body):
    plain = re.sub(r"[#*_`>\[\]()]", "", body or "")
    return " ".join(plain.split())[:300]


def owner(username, warnings):
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


def target_section(values, article_type):
    slug = values.get("section")
    section = site_tree.section_by_slug(slug) if slug else site_tree.section_for_type(article_type)
    if section is None:
        raise ImportLineError(f"section: {slug!r} does not exist")
    return section


def free_slug(section, title, external_id):
    slug = slugify(title, allow_unicode=True)[:80] or slugify(external_id)
    if section.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{slugify(external_id)}"[:255]
    return slug
