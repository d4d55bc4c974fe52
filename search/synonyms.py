"""The customer vocabulary, applied when a query runs: synonym rules (search.models.SynonymRule).

Content owners edit the rules in the admin (Snippets → Synonyms), with history; a data migration seeded
them from search/thesaurus/it_telco.txt. Rules are read from the database and kept in the process;
every RELOAD_SECONDS the process checks whether any rule changed (one small aggregate query), and a
save in this process takes effect at once. No reindex is ever needed: expansion happens in the query.

Matching is on accent-folded, lower-case words (`analysis.fold`), so "portabilita" meets
"portabilità", and on whole words only: "sim" does not fire inside "simile". A rule is either a group of
equivalent terms (each finds the others) or one-way (the customer's phrasings are also searched as the
KB's words, never the other way round).
"""

import logging
import re
import threading
import time
from dataclasses import dataclass

from search.analysis import fold

logger = logging.getLogger(__name__)

MAX_WORDS = 4  # words in one term
MAX_EXPANSIONS = 16  # phrases added to one query: bounds the cost of a long pasted message
MAX_PER_MATCH = 5  # alternatives of one matched phrase, so one word does not take every slot
RELOAD_SECONDS = 10
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Expansion:
    matched: str  # the query's words that fired the rule (folded)
    phrase: str  # what they are also searched as (folded)


def words(text):
    return WORD.findall(fold(text))


def split_members(text):
    """The terms of a comma-separated list, folded, without duplicates or empty ones."""
    members = (" ".join(words(member)) for member in (text or "").split(","))
    return [member for member in dict.fromkeys(members) if member]


def parse_rules(text):
    """Rules of a thesaurus file: (terms, expands_to) pairs as written, one per line.

    `a, b, c` is a group of equivalent terms; `a, b => c, d` maps a and b one way to c and d.
    `#` starts a comment. Used by the seeding migration and by tests.
    """
    rules = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        terms, _arrow, targets = line.partition("=>")
        if len(split_members(terms)) + len(split_members(targets)) >= 2:
            rules.append((terms.strip(), targets.strip()))
    return rules


class Thesaurus:
    def __init__(self, rules):
        self.lookup = {}
        for terms, targets in rules:
            members, expansions = split_members(terms), split_members(targets)
            for member in members:
                others = expansions or [other for other in members if other != member]
                known = self.lookup.setdefault(member, [])
                known.extend(phrase for phrase in others if phrase not in known and phrase != member)
        self.longest = max((len(member.split()) for member in self.lookup), default=0)

    def __len__(self):
        return len(self.lookup)

    def expansions(self, text):
        """What the words of `text` are also searched as: longest matches first, at most MAX_EXPANSIONS."""
        tokens = words(text)
        present = f" {' '.join(tokens)} "
        found, used = [], set()
        for size in range(min(self.longest, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                span = set(range(start, start + size))
                phrase = " ".join(tokens[start : start + size])
                if span & used or phrase not in self.lookup:
                    continue
                used |= span
                for other in self.lookup[phrase][:MAX_PER_MATCH]:
                    if f" {other} " in present or any(e.phrase == other for e in found):
                        continue
                    found.append(Expansion(phrase, other))
                    if len(found) >= MAX_EXPANSIONS:
                        return found
        return found


_lock = threading.Lock()
_state = {"thesaurus": None, "version": None, "checked": 0.0}


def version():
    from django.db.models import Count, Max

    from search.models import SynonymRule

    numbers = SynonymRule.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    return numbers["count"], numbers["changed"]


def current():
    """The thesaurus in force, re-read when a rule has changed (checked every RELOAD_SECONDS)."""
    now = time.monotonic()
    with _lock:
        thesaurus = _state["thesaurus"]
        if thesaurus is not None and now - _state["checked"] < RELOAD_SECONDS:
            return thesaurus
        _state["checked"] = now
    from search.models import SynonymRule

    latest = version()
    if thesaurus is None or latest != _state["version"]:
        thesaurus = Thesaurus(SynonymRule.objects.values_list("terms", "expands_to"))
        logger.info("synonyms loaded terms=%s", len(thesaurus))
        with _lock:
            _state.update(thesaurus=thesaurus, version=latest)
    return thesaurus


def forget():
    """Drop the thesaurus kept in this process, so the next search reads the rules again."""
    with _lock:
        _state.update(thesaurus=None, version=None, checked=0.0)


def expand(text):
    return current().expansions(text)


def known_words(text):
    """The words of `text` that are part of a phrase the thesaurus knows: customer vocabulary, no typos."""
    return {word for expansion in expand(text) for word in expansion.matched.split()}


def alternatives(text):
    """{matched words: [phrases]}: what each part of `text` the thesaurus knows is also searched as; both
    backends count the best phrase of each part, not their sum."""
    found = {}
    for expansion in expand(text):
        found.setdefault(expansion.matched, []).append(expansion.phrase)
    return found
