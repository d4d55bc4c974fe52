from django.urls import path

from collaboration.views import contributions, questions

app_name = "collaboration"

urlpatterns = [
    path("", questions.home, name="home"),
    path("spaces/<slug:slug>/", questions.space_detail, name="space"),
    path("ask/", questions.ask, name="ask"),
    path("questions/<id:pk>/", questions.question_detail, name="question"),
    path("questions/<id:pk>/edit/", questions.edit_question, name="edit-question"),
    path("questions/<id:pk>/comment/", questions.comment, name="comment"),
    path("questions/<id:pk>/follow/", questions.follow, name="follow"),
    path("questions/<id:pk>/escalate/", questions.escalate, name="escalate"),
    path("questions/<id:pk>/duplicate/", questions.close_duplicate, name="duplicate"),
    path("questions/<id:pk>/close/", questions.close, name="close"),
    path("questions/<id:pk>/move/", questions.move, name="move"),
    path("answers/<id:pk>/edit/", questions.edit_answer, name="edit-answer"),
    path("questions/<id:pk>/reassign/", questions.reassign, name="reassign"),
    path("questions/<id:pk>/request-information/", questions.request_information, name="request-information"),
    path("questions/<id:pk>/resolve/", questions.resolve, name="resolve"),
    path("vote/<str:kind>/<id:pk>/", questions.vote, name="vote"),
    path("answers/<id:pk>/accept/", questions.accept, name="accept"),
    path("answers/<id:pk>/certify/", questions.certify, name="certify"),
    path("answers/<id:pk>/revoke/", questions.revoke, name="revoke"),
    path("answers/<id:pk>/promote/", questions.promote, name="promote"),
    path("queue/", questions.queue, name="queue"),
    path("practices/", contributions.practices, name="practices"),
    path("practices/new/", contributions.share_practice, name="share-practice"),
    path("practices/<id:pk>/", contributions.practice_detail, name="practice"),
    path("practices/<id:pk>/edit/", contributions.edit_practice, name="edit-practice"),
    path("practices/<id:pk>/useful/", contributions.practice_useful, name="practice-useful"),
    path("practices/<id:pk>/promote/", contributions.promote_practice, name="promote-practice"),
    path("needs/", contributions.needs, name="needs"),
    path("needs/new/", contributions.flag_need, name="flag-need"),
    path("needs/<id:pk>/", contributions.need_detail, name="need"),
    path("needs/<id:pk>/edit/", contributions.edit_need, name="edit-need"),
    path("needs/<id:pk>/support/", contributions.support_need, name="support-need"),
    path("needs/<id:pk>/status/", contributions.change_need_status, name="need-status"),
    path("report/<id:page_id>/", contributions.report_article, name="report-article"),
    path("reports/", contributions.reports, name="reports"),
    path("reports/<id:pk>/close/", contributions.close_report, name="close-report"),
]
