from django.urls import path

from kb import views

app_name = "kb"

urlpatterns = [
    path("crises/<id:pk>/acknowledge/", views.acknowledge_crisis, name="acknowledge-crisis"),
    path("reply-channel/", views.set_reply_channel, name="reply-channel"),
    path("crises/<id:pk>/receipts/", views.crisis_receipts, name="crisis-receipts"),
]
