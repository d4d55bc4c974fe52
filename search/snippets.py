"""Snippets as plain text with marked words, never as HTML.

Elasticsearch marks the matched words with two private-use characters instead of tags; everything else
of the fragment is made plain text (core.markup.plain_text), then split at the marks into (text, marked)
parts. Templates print the parts with autoescaping and wrap marked ones in <mark>, so no summary, body or
imported text can ever reach a page as markup, whichever backend answered.
"""

from core.markup import plain_text

MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_LENGTH = 240


def parts(fragment):
    """[(text, marked), ...] of a highlighted fragment; plain text throughout."""
    text = plain_text(fragment)
    pieces, marked = [], False
    for chunk in text.replace(MARK_END, MARK_START).split(MARK_START):
        if chunk:
            pieces.append((chunk, marked))
        marked = not marked
    return pieces


def unmarked(text):
    """The parts of a text with nothing marked: a summary when no word was highlighted."""
    plain = plain_text(text, limit=SNIPPET_LENGTH)
    return [(plain, False)] if plain else []


def joined(snippet_parts):
    return "".join(text for text, _marked in snippet_parts)
