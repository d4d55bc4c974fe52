"""Turning Markdown or foreign HTML into safe HTML.

Everything that reaches a page from outside the Wagtail editor (imports now, operators' posts
later) goes through `sanitise_html`: an allow-list of tags and attributes (nh3 / ammonia), so
no script, inline event handler or `javascript:` link survives.
"""

import re
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


def markdown_to_html(text, extensions=()):
    """Markdown to sanitised HTML; raw HTML inside the Markdown is sanitised too. `extensions` (Markdown
    extensions of the caller, such as collaboration's @mentions) run before the sanitiser, never after."""
    return sanitise_html(markdown.markdown(text or "", extensions=["sane_lists", *extensions], output_format="html"))


MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=[^\W\d_])(.+?)(?<=\S)\1(?![\w*])")
MARKDOWN_LINE_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)", re.MULTILINE)


def plain_text(text, limit=None, keep_lines=False):
    """Markdown or HTML as plain text: no tags, no emphasis marks or link syntax, entities decoded.

    For everything shown or copied as text (search snippets, summaries, answers copied from the results
    page): the template escapes it, so nothing in it can become markup. Not a Markdown renderer on
    purpose: it would eat a telco's codes (*100*1# is no emphasis) and renumber steps. Emphasis is only
    removed around text that starts with a letter. Whitespace is collapsed, or with `keep_lines` only
    within lines.
    """
    plain = unescape(nh3.clean(text or "", tags=set()))
    plain = MARKDOWN_LINE_MARK.sub("", MARKDOWN_EMPHASIS.sub(r"\2", MARKDOWN_LINK.sub(r"\1", plain)))
    if keep_lines:
        plain = "\n".join(" ".join(line.split()) for line in plain.splitlines()).strip()
    else:
        plain = " ".join(plain.split())
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return plain
