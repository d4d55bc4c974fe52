"""Typos: the known words one typo away from a word the index does not know (the vocabularies are read by
the database's own module: FTS5's in query.py, PostgreSQL's in postgres.py)."""

import re

# Words of at least CORRECTED_LENGTH letters (a shorter one is a typo away from many others), at most
# CORRECTED_WORDS of them, each searched also as its CORRECTIONS most common neighbours.
CORRECTED_LENGTH = 5
CORRECTED_WORDS = 2
CORRECTIONS = 2
TOKEN = re.compile(r"[^\W_]+")


def candidates(words):
    """The words worth correcting."""
    return [word for word in words if len(word) >= CORRECTED_LENGTH and word.isalpha()]


def one_typo_apart(typed, known):
    """Whether `known` is `typed` with one letter added, dropped or changed, or two neighbours swapped."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    same = next((i for i, (a, b) in enumerate(zip(typed, known)) if a != b), min(len(typed), len(known)))
    typed, known = typed[same:], known[same:]
    swapped = typed[:2] == known[1::-1] and typed[2:] == known[2:]
    return typed[1:] in (known[1:], known) or typed == known[1:] or swapped


def nearest(word, vocabulary):
    """The CORRECTIONS most common of the (term, documents) of `vocabulary` one typo away from `word`."""
    near = sorted((-documents, term) for term, documents in vocabulary if one_typo_apart(word, term))
    return [term for _documents, term in near[:CORRECTIONS]]


def first_letters(word):
    """The range of terms sharing the word's first two letters, where its neighbours are: [first, after)."""
    return word[:2], word[0] + chr(ord(word[1]) + 1)
