from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/open/", views.open_notification, name="open"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("preferences/", views.preferences_view, name="preferences"),
]
