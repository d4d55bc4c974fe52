from django.urls import path

from kb import views

app_name = "kb"

urlpatterns = [
    path("crisis-banners/", views.crisis_banners, name="crisis-banners"),
]
