from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="page"),
    path("open/", views.result_click, name="click"),
    path("copied/", views.result_copied, name="copied"),
    path("phrasings/", views.learned_phrasings, name="phrasings"),
    path("phrasings/<id:pk>/remove/", views.remove_phrasing, name="remove-phrasing"),
    path("health/", views.health_page, name="health"),
]

api_urlpatterns = [
    path("search", views.api_search, name="api-search"),
    path("search/suggest", views.api_suggest, name="api-suggest"),
    path("search/similar", views.api_similar, name="api-similar"),
]
