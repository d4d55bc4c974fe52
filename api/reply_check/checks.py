"""Checking a draft reply: what in it contradicts the messaging in force, and what to say instead.

Three kinds of conflict, each tied to the sentence of the draft where it is:
- `crisis`: a sentence says one of the things an ongoing crisis lists under "what not to say" (its words,
  folded and stemmed, most of them in the same sentence); use instead: the crisis's "what to say".
- `offer`: an expired offer's code, or one of its prices next to its name, while no current offer has that
  code or price; use instead: the current offer that took its place (same product, the most similar name,
  available on the channel), if there is one.
- `revoked_answer`: the draft reproduces word sequences of a certified answer that was revoked and that the
  answer certified in its place does not contain; use instead: that answer, or the article the question was
  promoted to, as the user would copy it on the reply channel (kb.reply_text).

Rights are those of the pages: a conflict comes from an article the user may read or a space they may read,
and so does the offer proposed instead.
"""

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from api.articles import may_read
from api.reply_check import wording
from api.reply_check.rules import SHINGLE, rules
from collaboration.access import readable_spaces
from kb.models import AnswerPage, ArticlePage
from kb.reply_preferences import reply_channel_for
from kb.reply_text import copy_text

EXCERPT_LENGTH = 200
MAX_CONFLICTS = 20


def excerpt(text, start, end):
    """The sentence of the draft containing [start, end), as written, shortened around the match if long."""
    for begin, finish in wording.sentences(text):
        if begin <= start < finish or (begin < end <= finish):
            if finish - begin <= EXCERPT_LENGTH:
                return text[begin:finish]
            left = max(begin, start - EXCERPT_LENGTH // 2)
            return text[left:min(finish, left + EXCERPT_LENGTH)].strip()
    return text[start:end]


def crisis_conflicts(text, now, all_rules):
    found = []
    draft_sentences = [(begin, end, set(wording.stems(text[begin:end]))) for begin, end in wording.sentences(text)]
    for crisis in all_rules.crises:
        if crisis.expire_at is not None and crisis.expire_at <= now:
            continue
        for item in crisis.items:
            for begin, end, stems in draft_sentences:
                if len(item.stems & stems) >= item.needed:
                    found.append((begin, {
                        "kind": "crisis", "excerpt": excerpt(text, begin, end),
                        "reason": _("“%(item)s” is on the list of what not to say about the crisis “%(crisis)s”.")
                        % {"item": item.written, "crisis": crisis.title},
                        "use_instead": crisis.holding_statement,
                        "source": {"id": crisis.id, "title": crisis.title, "url": crisis.url},
                        "_page": crisis,
                    }))
                    break
    return found


def price_text(value):
    return f"{number_format(value, 2)} €"


PERIODS = {"month": lambda: _("per month"), "one_off": lambda: _("one-off"), "year": lambda: _("per year")}


def offer_wording(offer):
    """How the offer proposed instead is put: name, code and price list."""
    prices = "; ".join(f"{label} {price_text(value)} {PERIODS.get(period, str)()}".strip()
                       for label, value, period in offer.prices)
    wording_ = _("%(title)s (code %(code)s)") % {"title": offer.title, "code": offer.code}
    return f"{wording_}: {prices}" if prices else wording_


def replacement(offer, current, channel, may_see):
    """The current offer that took the place of the expired `offer`: one sharing a product or most of its
    name, sold on `channel`, newest first among the most similar; None if nothing is close enough."""
    best, best_key = None, None
    for candidate in current:
        if channel and candidate.channels and channel not in candidate.channels:
            continue
        shared_products = len(offer.products & candidate.products)
        union = offer.name_stems | candidate.name_stems
        name_overlap = len(offer.name_stems & candidate.name_stems) / len(union) if union else 0
        if not shared_products and name_overlap < 0.5:
            continue
        key = (shared_products + name_overlap, candidate.published_at or timezone.now())
        if (best_key is None or key > best_key) and may_see(candidate):
            best, best_key = candidate, key
    return best


def offer_conflict(text, start, end, offer, what, current, channel, may_see):
    instead = replacement(offer, current, channel, may_see)
    expired_on = date_format(timezone.localtime(offer.expire_at), "SHORT_DATE_FORMAT") if offer.expire_at else ""
    reason = _("The offer “%(title)s” expired on %(date)s: %(what)s is no longer valid.") % {
        "title": offer.title, "date": expired_on, "what": what}
    if instead is None:
        reason += " " + _("No current offer replaces it.")
    return (start, {
        "kind": "offer", "excerpt": excerpt(text, start, end), "reason": reason,
        "use_instead": offer_wording(instead) if instead else "",
        "source": {"id": offer.id, "title": offer.title, "url": offer.url},
        "_page": offer,
    })


def offer_conflicts(text, now, all_rules, channel, may_see):
    current = [offer for offer in all_rules.offers if offer.current(now)]
    current_codes = {offer.compact_code for offer in current}
    current_amounts = set().union(*(offer.amounts for offer in current)) if current else set()
    found, flagged = [], set()
    for start, end, compact in wording.code_candidates(text):
        written = text[start:end]
        if compact in current_codes or not (any(ch.isdigit() for ch in compact) or written.isupper()):
            continue
        for offer in all_rules.codes.get(compact, ()):
            if offer.expired(now) and offer.id not in flagged:
                flagged.add(offer.id)
                what = _("the code %(code)s") % {"code": offer.code}
                found.append(offer_conflict(text, start, end, offer, what, current, channel, may_see))
    draft_stems = set(wording.stems(text))
    for start, end, value in wording.prices(text):
        if value in current_amounts:
            continue
        for offer in all_rules.amounts.get(value, ()):
            if offer.expired(now) and offer.id not in flagged and offer.name_stems & draft_stems:
                flagged.add(offer.id)
                what = _("the price %(price)s") % {"price": price_text(value)}
                found.append(offer_conflict(text, start, end, offer, what, current, channel, may_see))
    return found


def revoked_answer_conflicts(text, all_rules):
    if not all_rules.revoked:
        return []
    words = []  # (stem, start of its sentence, end of its sentence)
    for begin, end in wording.sentences(text):
        words.extend((stem, begin, end) for stem in wording.stems(text[begin:end]))
    shared = {}  # answer → [(start, end) of the sentence of each shared sequence]
    for index in range(len(words) - SHINGLE + 1):
        sequence = tuple(stem for stem, _begin, _end in words[index:index + SHINGLE])
        for answer in all_rules.shingles.get(sequence, ()):
            shared.setdefault(answer, {}).setdefault(sequence, words[index][1:])
    found = []
    for answer, sequences in shared.items():
        if len(sequences) >= answer.needed:
            begin, end = min(sequences.values())
            found.append((begin, {
                "kind": "revoked_answer", "excerpt": excerpt(text, begin, end),
                "reason": _("This repeats an answer to “%(question)s” whose certification was revoked: %(why)s")
                % {"question": answer.question_title, "why": answer.reason},
                "use_instead": answer.use_instead,
                "source": {"id": answer.id, "title": answer.question_title, "url": answer.url},
                "_space": answer.space_id,
                **({"_instead_page": answer.instead_page_id} if answer.instead_page_id else {}),
            }))
    return found


class PageRights:
    """Whether the user may read the pages a check mentions: one query for all of them, made only when
    there is something to show."""

    def __init__(self, user):
        self.user, self.known = user, {}

    def load(self, rules_):
        wanted = [rule.id for rule in rules_ if rule.id not in self.known]
        if wanted:
            for page in ArticlePage.objects.filter(pk__in=wanted):
                self.known[page.pk] = self.user.is_authenticated and may_read(self.user, page)

    def __call__(self, rule):
        if rule.id not in self.known:
            self.load([rule])
        return self.known.get(rule.id, False)


def with_article_wording(conflicts, user, channel):
    """A revoked answer replaced by an article: `use_instead` becomes that article's answer as the user would
    copy it on the reply channel (kb.reply_text, placeholders filled, never as typed), or nothing if the user
    may not read it."""
    wanted = {conflict["_instead_page"] for _start, conflict in conflicts if "_instead_page" in conflict}
    if not wanted:
        return
    pages = {page.pk: page for page in AnswerPage.objects.live().filter(pk__in=wanted)
             if user.is_authenticated and may_read(user, page)}
    reply_channel = reply_channel_for(user, channel)
    for _start, conflict in conflicts:
        if "_instead_page" in conflict:
            page = pages.get(conflict["_instead_page"])
            conflict["use_instead"] = copy_text(page, reply_channel, "", user) if page else ""


def check_reply(user, text, channel=None):
    """The conflicts of the draft `text` for `user`, in the order they appear in it (at most MAX_CONFLICTS)."""
    if not text.strip():
        return []
    now = timezone.now()
    all_rules = rules()
    may_see = PageRights(user)
    found = crisis_conflicts(text, now, all_rules) + offer_conflicts(text, now, all_rules, channel, may_see)
    found += revoked_answer_conflicts(text, all_rules)
    may_see.load([conflict["_page"] for _start, conflict in found if "_page" in conflict])
    spaces = set()
    if any("_space" in conflict for _start, conflict in found):
        spaces = set(readable_spaces(user).values_list("pk", flat=True))
    visible = [
        (start, conflict) for start, conflict in found
        if (may_see(conflict["_page"]) if "_page" in conflict else conflict["_space"] in spaces)
    ]
    visible.sort(key=lambda pair: pair[0])
    with_article_wording(visible, user, channel)
    return [{key: value for key, value in conflict.items() if not key.startswith("_")}
            for _start, conflict in visible[:MAX_CONFLICTS]]
