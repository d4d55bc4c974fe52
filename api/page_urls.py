from django.urls import path

from api.views import tokens_page

app_name = "api-tokens"

urlpatterns = [
    path("", tokens_page.token_list, name="list"),
    path("<int:pk>/revoke/", tokens_page.revoke_token, name="revoke"),
]
