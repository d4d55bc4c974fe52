from django.urls import path

from panel import views

app_name = "panel"

urlpatterns = [
    path("", views.panel, name="panel"),
    path("results/", views.results, name="results"),
    path("assist/", views.assist, name="assist"),
    path("demo/", views.demo_host, name="demo"),
]
