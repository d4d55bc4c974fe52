"""The side panel: Sportello in a 380–420 px column of an agent desktop.

Only `panel` may be framed, and only by SPORTELLO_EMBED_ORIGINS (core.csp.embeddable); the fragments it
fetches and the demo host page refuse frames like every other page. A CSR who is not signed in gets a
framable page whose link opens the login in a new tab: the login form itself is never framed (a framed
password form invites clickjacking). Search and assist go through the same services as the pages and the
API (search.service, api.assist); copies through kb.reply_text.copy_text.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from api import assist as assist_service
from core.csp import embeddable
from kb.reply_preferences import preferred_channel
from kb.reply_text import ReplyChannel
from panel.answers import PANEL_RESULTS, from_search_hit, usage_channel, with_copy_texts
from panel.forms import PanelContextForm
from search import service


def contact_context(request, form):
    channel, contact_channel = form.contact_state(preferred_channel(request.user))
    return {
        "form": form,
        "reply_channel": channel,
        "reply_channel_choices": ReplyChannel.choices,
        "usage_channel": usage_channel(channel, contact_channel),
        "customer": form.value("customer"),
        "contact": form.value("contact"),
    }


def search_items(request, query, context):
    response = service.search(request.user, query, {}, 1, PANEL_RESULTS, source="panel", facets=False)
    items = [from_search_hit(hit) for hit in response.results]
    return with_copy_texts(items, context["reply_channel"], context["customer"], request.user), bool(response.message)


def assist_items(request, message, context):
    found = assist_service.assist(request.user, message, contact_id=context["contact"] or None)
    items = found["crises"] + found["answers"] + found["defects"]
    return with_copy_texts(items, context["reply_channel"], context["customer"], request.user), found["degraded"]


def throttled(request, error):
    response = render(request, "panel/message.html", {
        "text": _("Too many searches at once: try again in %(seconds)d s.") % {"seconds": error.retry_after}
    }, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


@login_not_required
@embeddable
@require_GET
def panel(request):
    if not request.user.is_authenticated:
        return render(request, "panel/sign_in.html", {"panel_url": request.get_full_path()})
    form = PanelContextForm(request.GET)
    form.is_valid()
    context = contact_context(request, form)
    context.update(
        embed_origins=" ".join(settings.SPORTELLO_EMBED_ORIGINS),
        query=form.value("q"),
        message=form.value("message"),
    )
    try:
        if context["query"]:
            context["search_items"], context["degraded"] = search_items(request, context["query"], context)
        if context["message"]:
            context["assist_items"], context["degraded"] = assist_items(request, context["message"], context)
    except service.Throttled as error:
        return throttled(request, error)
    return render(request, "panel/panel.html", context, status=200 if form.is_valid() else 400)


def fragment(request, form, run, text_field):
    if not form.is_valid():
        return render(request, "panel/message.html", {"errors": form.errors}, status=400)
    context = contact_context(request, form)
    text = form.value(text_field)
    if not service.clean_query(text):
        return render(request, "panel/results.html", {**context, "items": [], "empty": True})
    try:
        context["items"], context["degraded"] = run(request, text, context)
    except service.Throttled as error:
        return throttled(request, error)
    return render(request, "panel/results.html", context)


@require_GET
def results(request):
    """The search results the panel shows as the CSR types (an HTML fragment)."""
    return fragment(request, PanelContextForm(request.GET), search_items, "q")


@require_POST
def assist(request):
    """What fits the customer's message (an HTML fragment): crises first, then answers and defects."""
    return fragment(request, PanelContextForm(request.POST), assist_items, "message")


@require_GET
def demo_host(request):
    """A fake CRM case screen that frames the panel and talks to it, to show and test an integration."""
    return render(request, "panel/demo_host.html", {
        "case": {"id": "CASE-00042", "customer": "Maria Bianchi", "channel": "social",
                 "message": "Buongiorno, ho sbagliato il PIN tre volte e adesso il telefono mi chiede il PUK: "
                            "dove lo trovo? Non ho più la scheda della SIM."},
    })
