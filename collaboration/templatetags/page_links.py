"""`{% page_link 3 %}`: the current page's query with another page number, so a filtered, sorted or
searched list keeps its choices from page to page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_link(context, number):
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
