from django.urls import path

from collaboration.views import contributions, questions

app_name = "collaboration"

urlpatterns = [
    path("", questions.home, name="home"),
    path("spaces/<slug:slug>/", questions.space_detail, name="space"),
    path("ask/", questions.ask, name="ask"),
    path("questions/<int:pk>/", questions.question_detail, name="question"),
    path("questions/<int:pk>/edit/", questions.edit_question, name="edit-question"),
    path("questions/<int:pk>/comment/", questions.comment, name="comment"),
    path("questions/<int:pk>/follow/", questions.follow, name="follow"),
    path("questions/<int:pk>/escalate/", questions.escalate, name="escalate"),
    path("questions/<int:pk>/duplicate/", questions.close_duplicate, name="duplicate"),
    path("questions/<int:pk>/close/", questions.close, name="close"),
    path("questions/<int:pk>/move/", questions.move, name="move"),
    path("answers/<int:pk>/edit/", questions.edit_answer, name="edit-answer"),
    path("questions/<int:pk>/reassign/", questions.reassign, name="reassign"),
    path("questions/<int:pk>/request-information/", questions.request_information, name="request-information"),
    path("questions/<int:pk>/resolve/", questions.resolve, name="resolve"),
    path("vote/<str:kind>/<int:pk>/", questions.vote, name="vote"),
    path("answers/<int:pk>/accept/", questions.accept, name="accept"),
    path("answers/<int:pk>/certify/", questions.certify, name="certify"),
    path("answers/<int:pk>/revoke/", questions.revoke, name="revoke"),
    path("answers/<int:pk>/promote/", questions.promote, name="promote"),
    path("queue/", questions.queue, name="queue"),
    path("practices/", contributions.practices, name="practices"),
    path("practices/new/", contributions.share_practice, name="share-practice"),
    path("practices/<int:pk>/", contributions.practice_detail, name="practice"),
    path("practices/<int:pk>/edit/", contributions.edit_practice, name="edit-practice"),
    path("practices/<int:pk>/useful/", contributions.practice_useful, name="practice-useful"),
    path("practices/<int:pk>/promote/", contributions.promote_practice, name="promote-practice"),
    path("needs/", contributions.needs, name="needs"),
    path("needs/new/", contributions.flag_need, name="flag-need"),
    path("needs/<int:pk>/", contributions.need_detail, name="need"),
    path("needs/<int:pk>/edit/", contributions.edit_need, name="edit-need"),
    path("needs/<int:pk>/support/", contributions.support_need, name="support-need"),
    path("needs/<int:pk>/status/", contributions.change_need_status, name="need-status"),
    path("report/<int:page_id>/", contributions.report_article, name="report-article"),
    path("reports/", contributions.reports, name="reports"),
    path("reports/<int:pk>/close/", contributions.close_report, name="close-report"),
]
