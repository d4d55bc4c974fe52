"""Search pages and the JSON API. Thin: parse, call `search.service`, respond."""

from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.menus import require_tool
from core.after_response import after_response
from kb.reply_preferences import preferred_channel
from kb.reply_text import ReplyChannel, answer_copies, fill_answers
from search import clicks, health, learning, queries, service
from search.facets import labelled_facets, type_labels
from search.models import LearnedPhrasing


@require_GET
def search_page(request):
    try:
        response = service.search(request.user, request.GET.get("q", ""), request.GET, request.GET.get("page", 1))
    except service.Throttled as throttled:
        return throttled_page(request, throttled)
    filters = service.clean_filters(request.GET)
    # An approved answer is copied as the CSR's reply channel wants it (kb.reply_text), like everywhere else.
    channel = preferred_channel(request.user)
    copies = answer_copies([hit.id for hit in response.results if hit.type == "answer"], operator=request.user)
    labels = type_labels()
    for hit in response.results:
        # Named here rather than by looping over every label inside the results loop of the template.
        hit.type_label = capfirst(labels.get(hit.type, ""))
        if hit.type == "answer" and hit.id in copies:
            hit.channel_texts = copies[hit.id][0]
            hit.answer = hit.channel_texts[channel]
    return render(
        request,
        "search/search_page.html",
        {
            "reply_channel": channel,
            "reply_channel_choices": ReplyChannel.choices,
            "query": response.query,
            "is_message": queries.is_message(response.query) if response.query else False,
            "response": response,
            "filters": filters,
            "facets": labelled_facets(response.facets, filters, response.query),
            "first_position": (response.page - 1) * response.page_size + 1,
        },
    )


def throttled_page(request, throttled):
    page = render(request, "search/throttled.html", {"query": request.GET.get("q", "")[:200],
                                                      "retry_after": throttled.retry_after}, status=429)
    page["Retry-After"] = str(throttled.retry_after)
    return page


def api_throttled(throttled):
    return Response({"detail": _("Too many searches at once: try again in %(seconds)d s.") % {"seconds": throttled.retry_after}},
                    status=429, headers={"Retry-After": str(throttled.retry_after)})


@require_GET
def result_click(request):
    """Record which result of which search was opened, then go there. Works without JavaScript.

    Malformed parameters are a 400; a well-formed open of something the search did not show (a stale
    page, a forged link) still takes the user there but counts for nothing (search.clicks)."""
    form = clicks.ResultForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(_("This link to a search result is not valid."))
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    clicks.record_open(request.user, form.cleaned_data)
    return HttpResponseRedirect(target)


@require_POST
def result_copied(request):
    """The results page's copy button: the answer of result `id` was copied after search `search`."""
    form = clicks.ResultForm(request.POST)
    if not form.is_valid() or not clicks.record_copy(request.user, form.cleaned_data):
        return HttpResponse(status=400)
    return HttpResponse(status=204)


def learned_phrasings(request):
    """How operators search for the articles the user owns, as learned; each can be removed."""
    return render(request, "search/learned_phrasings.html", {"phrasings": learning.phrasings_for_owner(request.user)[:500]})


@require_POST
def remove_phrasing(request, pk):
    phrasing = get_object_or_404(LearnedPhrasing.objects.select_related("page"), pk=pk, removed_at__isnull=True)
    try:
        learning.remove(request.user, phrasing)
    except PermissionError:
        raise PermissionDenied from None
    messages.success(request, _("“%(phrase)s” removed: it will not be learned again.") % {"phrase": phrasing.phrase})
    return redirect("search:phrasings")


@require_GET
@require_tool("search_health")
def health_page(request):
    # Document counts per index are totals over every space and draft, and index names are internals:
    # only administrators may see them (accounts.menus).
    state = health.search_health()
    return render(request, "search/health.html", {"state": state}, status=200 if state["ok"] else 503)


@api_view(["GET"])
def api_search(request):
    try:
        response, log = service.search_then_log(
            request.user, request.query_params.get("q", ""), request.query_params,
            request.query_params.get("page", 1), source="api",
        )
    except service.Throttled as throttled:
        return api_throttled(throttled)
    data = response.as_dict()
    # An answer's text as the user would copy it on their channel (kb.reply_text), never the index's raw copy.
    fill_answers(data["results"], preferred_channel(request.user), request.user)
    # The answer does not carry the log row's id: the row is written once the answer has left.
    answer = Response(data)
    return after_response(answer, log) if log is not None else answer


@api_view(["GET"])
def api_suggest(request):
    try:
        return Response({"suggestions": service.suggest(request.user, request.query_params.get("q", ""))})
    except service.Throttled as throttled:
        return api_throttled(throttled)


@api_view(["GET"])
def api_similar(request):
    """Similar content for a title being typed: `for=need` looks among market needs, anything else among
    answers, questions, known defects and open crises."""
    types = service.SIMILAR_NEED_TYPES if request.query_params.get("for") == "need" else service.SIMILAR_TYPES
    hits = service.similar(request.user, request.query_params.get("q", ""), types=types)
    results = fill_answers([asdict(hit) for hit in hits], preferred_channel(request.user), request.user)
    return Response({"results": results})
