"""What drafts are checked against, derived once from published content and kept in each process.

Deriving the rules (stems of every "what not to say", codes and prices of every offer, shingles of every
revoked certified answer) costs queries; checking a draft against them costs none, which is what lets the
panel run the check as the CSR types. Each process keeps the rules it built with the version they were
built for; publishing or unpublishing a crisis or an offer and certifying or revoking an answer change the
version in the shared cache (api.signal_handlers → `forget`), and every process rebuilds at its next check.
`REBUILD_SECONDS` bounds staleness if a change of version is lost (the shared cache down).

What changes with the clock alone (a crisis or an offer passing its expiry) is not baked in: each rule
keeps its expiry and the check compares it with the time of the check.
"""

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import Site

from api.reply_check import wording
from collaboration.models import Answer
from core.markup import plain_text
from kb.models import CrisisPage, CrisisStatus, OfferPage

logger = logging.getLogger(__name__)

VERSION_KEY = "api:reply-check-rules"
REBUILD_SECONDS = 300
SHINGLE = 3  # consecutive content words: a revoked answer is recognised by its word sequences


@dataclass(frozen=True)
class ForbiddenItem:
    written: str
    stems: frozenset

    @property
    def needed(self):
        """Words of the item a draft sentence must contain: all of a short item, three quarters of a long one,
        so one word reworded does not hide a forbidden sentence and one shared word does not flag a draft."""
        size = len(self.stems)
        return size if size <= 3 else -(-3 * size // 4)


@dataclass(frozen=True)
class CrisisRule:
    id: int
    title: str
    url: str
    path: str
    expire_at: datetime | None
    holding_statement: str
    items: tuple


@dataclass(frozen=True)
class OfferRule:
    id: int
    title: str
    url: str
    path: str
    live: bool
    expire_at: datetime | None
    published_at: datetime | None
    code: str
    compact_code: str
    prices: tuple  # ((label, Decimal amount, period), …)
    products: frozenset
    channels: frozenset
    name_stems: frozenset

    def expired(self, now):
        return self.expire_at is not None and self.expire_at <= now

    def current(self, now):
        return self.live and not self.expired(now)

    @property
    def amounts(self):
        return {amount for _label, amount, _period in self.prices}


@dataclass(frozen=True)
class RevokedAnswerRule:
    id: int
    question_id: int
    question_title: str
    url: str
    space_id: int
    reason: str
    shingles: frozenset
    use_instead: str  # the answer certified in its place, or (when none) the promoted article's approved answer
    instead_page_id: int | None = None  # that article: its text is made for the user at check time

    @property
    def needed(self):
        return min(len(self.shingles), 3)


@dataclass
class Rules:
    crises: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    codes: dict = field(default_factory=dict)  # compact code → [OfferRule]
    amounts: dict = field(default_factory=dict)  # Decimal → [OfferRule]
    revoked: list = field(default_factory=list)
    shingles: dict = field(default_factory=dict)  # shingle → [RevokedAnswerRule]


# Words of offer names that say nothing about which offer it is.
GENERIC_NAME_WORDS = frozenset(wording.stems(
    "offerta offerte promo promozione promozioni tariffa piano mese mesi nuova nuovo speciale special offer plan"
))


def shingles(stems):
    return {tuple(stems[index:index + SHINGLE]) for index in range(len(stems) - SHINGLE + 1)}


def public_url(url_path, root_path):
    """The page's URL on the site ("/offerte/x/") from Wagtail's url_path ("/sportello/offerte/x/"), without
    the per-page site lookup of `Page.url` (one cache or database hit per page, a thousand times over)."""
    return "/" + url_path[len(root_path):] if root_path and url_path.startswith(root_path) else url_path


def site_root_path():
    return Site.objects.filter(is_default_site=True).values_list("root_page__url_path", flat=True).first() or ""


def crisis_rules(root_path):
    rules = []
    crises = CrisisPage.objects.live().exclude(status=CrisisStatus.RESOLVED).exclude(do_not_say="").values_list(
        "id", "title", "url_path", "path", "expire_at", "holding_statement", "do_not_say")
    for crisis_id, title, url_path, path, expire_at, holding_statement, do_not_say in crises:
        items = tuple(ForbiddenItem(written, frozenset(stems)) for written, stems in wording.forbidden_items(do_not_say))
        if items:
            rules.append(CrisisRule(crisis_id, title, public_url(url_path, root_path), path, expire_at,
                                    plain_text(holding_statement), items))
    return rules


def price_lines(stream):
    """((label, amount, period), …) from the stored JSON of a price list, without building its blocks."""
    lines = []
    for item in stream.raw_data:
        value = item.get("value") or {}
        try:
            lines.append((value.get("label_text", ""), Decimal(str(value["amount"])).quantize(Decimal("0.01")),
                          value.get("period", "")))
        except (KeyError, ArithmeticError, ValueError):
            continue  # an incomplete line is not a price anyone can quote
    return tuple(lines)


def offer_rules(root_path):
    """Every live offer (the current ones, and those whose expiry has just passed) and every offer that was
    unpublished by its expiry."""
    pages = OfferPage.objects.filter(Q(live=True) | Q(expired=True) | Q(expire_at__isnull=False, live_revision__isnull=False))
    pages = pages.filter(first_published_at__isnull=False)
    products = {}
    for article_id, product_id in OfferPage.products.through.objects.filter(articlepage__in=pages.values("pk")).values_list(
        "articlepage_id", "product_id"
    ):
        products.setdefault(article_id, set()).add(product_id)
    rules = []
    for (offer_id, title, url_path, path, live, expire_at, go_live_at, first_published_at, code, prices,
         channels) in pages.values_list("id", "title", "url_path", "path", "live", "expire_at", "go_live_at",
                                        "first_published_at", "offer_code", "prices", "channels"):
        rules.append(OfferRule(
            offer_id, title, public_url(url_path, root_path), path, live, expire_at, go_live_at or first_published_at,
            code, wording.compact_code(code), price_lines(prices), frozenset(products.get(offer_id, ())),
            frozenset(channels or ()), frozenset(wording.stems(title)) - GENERIC_NAME_WORDS,
        ))
    return rules


def revoked_answer_rules():
    """Revoked certified answers, each by the word sequences that the answer certified in its place (or the
    article the question was promoted to) does not share: what made it wrong, not the question's topic."""
    revoked = list(Answer.objects.filter(revoked_at__isnull=False, certified_at__isnull=True).select_related(
        "question", "question__promoted_page"
    ))
    current = {}  # question id → the body of its most recently certified answer
    for question_id, body in Answer.objects.filter(
        question__in={answer.question_id for answer in revoked}, certified_at__isnull=False
    ).order_by("question_id", "certified_at").values_list("question_id", "body"):
        current[question_id] = body
    rules = []
    for answer in revoked:
        question = answer.question
        page = question.promoted_page if question.promoted_page and question.promoted_page.live else None
        body = current.get(question.id)
        use_instead = plain_text(body) if body else (plain_text(page.approved_answer) if page else "")
        instead_page_id = page.pk if page and not body else None
        distinctive = shingles(wording.stems(plain_text(answer.body))) - shingles(wording.stems(use_instead))
        if distinctive:
            rules.append(RevokedAnswerRule(
                answer.id, question.id, question.title, f"{question.get_absolute_url()}#answer-{answer.id}",
                question.space_id, answer.revoked_reason, frozenset(distinctive), use_instead, instead_page_id,
            ))
    return rules


def build():
    started = time.monotonic()
    root_path = site_root_path()
    rules = Rules(crises=crisis_rules(root_path), offers=offer_rules(root_path), revoked=revoked_answer_rules())
    for offer in rules.offers:
        if len(offer.compact_code) >= 4:
            rules.codes.setdefault(offer.compact_code, []).append(offer)
        for value in offer.amounts:
            rules.amounts.setdefault(value, []).append(offer)
    for answer in rules.revoked:
        for shingle in answer.shingles:
            rules.shingles.setdefault(shingle, []).append(answer)
    logger.info("reply check rules built crises=%d offers=%d revoked_answers=%d ms=%d", len(rules.crises),
                len(rules.offers), len(rules.revoked), (time.monotonic() - started) * 1000)
    return rules


_lock = threading.Lock()
_built = {"version": None, "at": 0.0, "rules": None}


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def rules():
    """The rules for the content published now (built at most once per version in this process)."""
    version = current_version()
    if _built["rules"] is not None and _built["version"] == version and time.monotonic() - _built["at"] < REBUILD_SECONDS:
        return _built["rules"]
    with _lock:
        if _built["rules"] is None or _built["version"] != version or time.monotonic() - _built["at"] >= REBUILD_SECONDS:
            _built.update(rules=build(), version=version, at=time.monotonic())
        return _built["rules"]


def forget():
    """Every process rebuilds its rules at its next check (call after commit)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
