"""Turning Markdown or foreign HTML into safe HTML.

Everything that reaches a page from outside the Wagtail editor (imports now, operators' posts
later) goes through `sanitise_html`: an allow-list of tags and attributes (nh3 / ammonia), so
no script, inline event handler or `javascript:` link survives.
"""

from html import unescape

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "b", "strong", "i", "em", "a",
    "blockquote", "code", "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def markdown_to_html(text):
    """Markdown to sanitised HTML; raw HTML inside the Markdown is sanitised too."""
    return sanitise_html(markdown.markdown(text or "", extensions=["sane_lists"], output_format="html"))


def plain_text(text, limit=None):
    """Markdown or HTML as plain text: no tags, no Markdown marks, entities decoded, spaces collapsed.

    For everything shown or copied as text (search snippets, summaries, answers copied from the results
    page): the template escapes it, so nothing in it can become markup.
    """
    html = markdown.markdown(text or "", output_format="html")
    plain = " ".join(unescape(nh3.clean(html, tags=set())).split())
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return plain
