"""Search pages and the JSON API. Thin: parse, call `search.service`, respond."""

from dataclasses import asdict

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from rest_framework.decorators import api_view
from rest_framework.response import Response

from search import health, service
from search.facets import labelled_facets, type_labels
from search.models import SearchClick, SearchLog


@require_GET
def search_page(request):
    response = service.search(request.user, request.GET.get("q", ""), request.GET, request.GET.get("page", 1))
    filters = service.clean_filters(request.GET)
    return render(
        request,
        "search/search_page.html",
        {
            "query": response.query,
            "response": response,
            "filters": filters,
            "facets": labelled_facets(response.facets, filters, response.query),
            "first_position": (response.page - 1) * response.page_size + 1,
            "type_labels": type_labels(),
        },
    )


@require_GET
def result_click(request):
    """Record which result of which search was opened, then go there. Works without JavaScript."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    try:
        search = SearchLog.objects.get(pk=int(request.GET.get("search", "")), user=request.user)
        SearchClick.objects.create(
            search=search,
            result_type=request.GET.get("type", "")[:30],
            result_id=int(request.GET.get("id", "")),
            position=max(1, int(request.GET.get("position", ""))),
        )
        SearchLog.objects.filter(pk=search.pk, first_click_position__isnull=True).update(
            first_click_position=max(1, int(request.GET["position"]))
        )
    except (SearchLog.DoesNotExist, ValueError):
        pass  # A stale or hand-made link still takes the user to the result.
    return HttpResponseRedirect(target)


@require_GET
def health_page(request):
    state = health.search_health()
    return render(request, "search/health.html", {"state": state}, status=200 if state["ok"] else 503)


@api_view(["GET"])
def api_search(request):
    response = service.search(
        request.user, request.query_params.get("q", ""), request.query_params,
        request.query_params.get("page", 1), source="api",
    )
    return Response(response.as_dict())


@api_view(["GET"])
def api_suggest(request):
    return Response({"suggestions": service.suggest(request.user, request.query_params.get("q", ""))})


@api_view(["GET"])
def api_similar(request):
    hits = service.similar(request.user, request.query_params.get("q", ""))
    return Response({"results": [asdict(hit) for hit in hits]})
