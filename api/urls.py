from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import articles, records, search
from api.views.base import not_found

app_name = "api"

# The documentation page runs Swagger UI from our static files. Its scripts are files (the split view serves
# Swagger's setup as one), but it styles the page with a <style> element: allowed on this page only. (ReDoc
# is not offered: its page loads Google's fonts.)
docs_policy = csp_update({"style-src": [SELF, UNSAFE_INLINE]})

urlpatterns = [
    path("search", search.SearchView.as_view(), name="search"),
    path("search/suggest", search.SuggestView.as_view(), name="suggest"),
    path("assist", search.AssistView.as_view(), name="assist"),
    path("check-reply", search.CheckReplyView.as_view(), name="check-reply"),
    path("articles/<int:id>", articles.ArticleView.as_view(), name="article"),
    re_path(rf"^articles/external/(?P<external_id>{articles.EXTERNAL_ID})$", articles.ArticleByExternalIdView.as_view(),
            name="article-by-external-id"),
    path("crises", articles.CrisisListView.as_view(), name="crises"),
    path("usage", records.UsageView.as_view(), name="usage"),
    path("feedback", records.FeedbackView.as_view(), name="feedback"),
    path("contacts", records.ContactView.as_view(), name="contacts"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    # Anything else under /api/v1/ is a JSON 404, like a missing object, never the site's HTML page.
    re_path(r"^", not_found),
]
