from types import SimpleNamespace

from django import template
from django.core.cache import cache

from core.markup import plain_text
from kb.models import HomePage, SectionIndexPage
from kb.section_names import section_name

register = template.Library()

SECTION_NAV_CACHE_KEY = "kb:section-nav:v2"
SECTION_NAV_SECONDS = 60


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """Links to the top-level sections; cached briefly because every page shows them."""
    links = cache.get(SECTION_NAV_CACHE_KEY)
    if links is None:
        home = HomePage.objects.first()
        sections = SectionIndexPage.objects.child_of(home).live().order_by("path") if home else []
        links = [(section.depth, section.slug, section.title, section.url) for section in sections]
        cache.set(SECTION_NAV_CACHE_KEY, links, SECTION_NAV_SECONDS)
    # Cached language-free; named in the reader's language at each render.
    named = [(section_name(SimpleNamespace(depth=depth, slug=slug, title=title)), url) for depth, slug, title, url in links]
    return {"links": named, "request": context.get("request")}


@register.filter
def plain_lines(text):
    """Text to show and copy as it will be pasted: no Markdown or tags, line breaks kept (core.markup)."""
    return plain_text(text, keep_lines=True)
