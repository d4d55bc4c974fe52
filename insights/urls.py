from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("content-gaps/", views.content_gaps_view, name="content-gaps"),
    path("content-gaps/draft/", views.draft_for_search, name="draft"),
    path("emerging/", views.emerging_view, name="emerging"),
    path("questions/", views.questions_view, name="questions"),
    path("knowledge/", views.knowledge_view, name="knowledge"),
    path("use/", views.knowledge_use_view, name="use"),
    path("needs/", views.needs_view, name="needs"),
    path("crises/", views.crises_view, name="crises"),
    path("signals/", views.signals_view, name="signals"),
    path("social-support/", views.social_support_view, name="social-support"),
]
