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
    use_instead: str

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


def crisis_rules():
    rules = []
    for crisis in CrisisPage.objects.live().exclude(status=CrisisStatus.RESOLVED).exclude(do_not_say=""):
        items = tuple(ForbiddenItem(written, frozenset(stems)) for written, stems in wording.forbidden_items(crisis.do_not_say))
        if items:
            rules.append(CrisisRule(crisis.id, crisis.title, crisis.url, crisis.path, crisis.expire_at,
                                    plain_text(crisis.holding_statement), items))
    return rules


def offer_rules():
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
    for offer in pages.only("id", "title", "url_path", "path", "live", "expire_at", "go_live_at", "first_published_at",
                            "offer_code", "prices", "channels", "depth"):
        prices = tuple(
            (price.value["label_text"], Decimal(price.value["amount"]).quantize(Decimal("0.01")), price.value["period"])
            for price in offer.prices
        )
        name_stems = frozenset(wording.stems(offer.title)) - GENERIC_NAME_WORDS
        rules.append(OfferRule(
            offer.id, offer.title, offer.url or "", offer.path, offer.live, offer.expire_at,
            offer.go_live_at or offer.first_published_at, offer.offer_code, wording.compact_code(offer.offer_code),
            prices, frozenset(products.get(offer.id, ())), frozenset(offer.channels or ()), name_stems,
        ))
    return rules


def revoked_answer_rules():
    """Revoked certified answers, each by the word sequences that the answer certified in its place (or the
    article the question was promoted to) does not share: what made it wrong, not the question's topic."""
    revoked = Answer.objects.filter(revoked_at__isnull=False, certified_at__isnull=True).select_related(
        "question", "question__promoted_page"
    )
    rules = []
    for answer in revoked:
        question = answer.question
        current = Answer.objects.filter(question=question, certified_at__isnull=False).order_by("-certified_at").first()
        page = question.promoted_page if question.promoted_page and question.promoted_page.live else None
        use_instead = plain_text(current.body) if current else (plain_text(page.approved_answer) if page else "")
        distinctive = shingles(wording.stems(plain_text(answer.body))) - shingles(wording.stems(use_instead))
        if distinctive:
            rules.append(RevokedAnswerRule(
                answer.id, question.id, question.title, f"{question.get_absolute_url()}#answer-{answer.id}",
                question.space_id, answer.revoked_reason, frozenset(distinctive), use_instead,
            ))
    return rules


def build():
    started = time.monotonic()
    rules = Rules(crises=crisis_rules(), offers=offer_rules(), revoked=revoked_answer_rules())
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
