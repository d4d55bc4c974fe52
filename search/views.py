from django.shortcuts import render

from search import service


def search_page(request):
    response = service.search(request.user, request.GET.get("q", ""), request.GET, request.GET.get("page", 1))
    return render(
        request,
        "search/search_page.html",
        {"query": response.query, "response": response, "filters": service.clean_filters(request.GET)},
    )
