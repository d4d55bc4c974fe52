"""What the side panel lists: search hits and assist matches, each approved answer with the text to copy
for the chosen reply channel (kb.reply_text.copy_text, the same function as the answer page and the API)."""

from kb.reply_text import REPLY_TO_CONTACT, channel_copies
from search.facets import type_labels

PANEL_RESULTS = 8


def from_search_hit(hit):
    return {"type": hit.type, "id": hit.id, "title": hit.title, "url": hit.url, "snippet": hit.snippet,
            "certified": hit.certified, "why": []}


def with_copy_texts(items, channel, customer_name, operator):
    """`items` (dicts with type and id), answers given `copy` (the text to paste) and `revision` (the live
    revision a use is recorded against). Pages come from the hits the user's own search returned."""
    copies = channel_copies([item["id"] for item in items if item["type"] == "answer"], channel, operator, customer_name)
    labels = type_labels()
    for item in items:
        text, revision = copies.get(item["id"], (None, None)) if item["type"] == "answer" else (None, None)
        item.update(type_label=labels.get(item["type"], item["type"]), copy=text, revision=revision)
    return items


def usage_channel(reply_channel, contact_channel=""):
    """The contact channel a use is recorded under: the CRM's, else the one the reply channel implies."""
    return contact_channel or REPLY_TO_CONTACT[reply_channel]
