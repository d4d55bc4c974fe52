from django.urls import path

from kb import views, workflow_views

app_name = "kb"

urlpatterns = [
    path("crises/<id:pk>/acknowledge/", views.acknowledge_crisis, name="acknowledge-crisis"),
    path("reply-channel/", views.set_reply_channel, name="reply-channel"),
    path("crises/<id:pk>/receipts/", views.crisis_receipts, name="crisis-receipts"),
    path("approvals/", workflow_views.approvals_inbox, name="approvals"),
    path("approvals/<id:pk>/", workflow_views.approval, name="approval"),
    path("articles/<id:pk>/verify/", workflow_views.verify_article, name="verify-article"),
]
