from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search.urls import api_urlpatterns as search_api_urls

# A full database connection pool answers 503 with Retry-After; anything else is the 500 page (core/overload.py).
handler500 = "core.overload.server_error"

urlpatterns = [
    path("", include("core.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", include("search.urls")),
    path("collaboration/", include("collaboration.urls")),
    path("kb/", include("kb.urls")),
    path("notifications/", include("notifications.urls")),
    path("insights/", include("insights.urls")),
    path("api/v1/", include("api.urls")),
    path("panel/", include("panel.urls")),
    path("api/", include((search_api_urls, "search_api"))),
    path("settings/tokens/", include("api.page_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

