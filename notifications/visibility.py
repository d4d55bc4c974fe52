"""Whether what a notification is about is still the reader's to see.

A notification keeps the title of its article or question as it was when sent. Since then the article may
have been restricted to other groups, the question moved to a space the reader no longer views: the inbox,
the e-mail digest and a reconnecting page's catch-up then say only that the item is no longer available to
the reader, never its title (`withhold`). The notification itself stays, read or unread, as it was.
"""

from api.articles import may_read
from kb.models import ArticlePage
from notifications.models import Kind

# Kinds about an article every reader was told of. The editorial kinds (approval, review) concern pages the
# editor works on in the admin, where the admin's own permissions apply.
READER_PAGE_KINDS = {Kind.CRISIS, Kind.OFFER, Kind.DEFECT}


def unreadable(user, notifications):
    """Ids of `notifications` whose article `user` may no longer read (its view restrictions) or whose
    question is in a space `user` no longer views. One query for the articles (their view restrictions are
    cached: kb.view_restrictions; a restricted one costs its groups' check) and one for the questions."""
    from collaboration.access import visible_questions

    page_ids = {n.page_id for n in notifications if n.page_id and n.kind in READER_PAGE_KINDS}
    question_ids = {n.question_id for n in notifications if n.question_id}
    hidden_pages = set()
    if page_ids:
        hidden_pages = {page.pk for page in ArticlePage.objects.filter(pk__in=page_ids) if not may_read(user, page)}
    hidden_questions = set()
    if question_ids:
        hidden_questions = question_ids - set(visible_questions(user).filter(pk__in=question_ids).values_list("pk", flat=True))
    return {
        n.pk for n in notifications
        if (n.page_id in hidden_pages and n.kind in READER_PAGE_KINDS) or n.question_id in hidden_questions
    }


def withhold(user, notifications):
    """`notifications` as a list, with the title, actor and detail blanked (in memory, never saved) on those
    about something `user` may no longer see, which are marked `withheld`."""
    notifications = list(notifications)
    hidden = unreadable(user, notifications)
    for notification in notifications:
        notification.withheld = notification.pk in hidden
        if notification.withheld:
            notification.subject = notification.actor = notification.detail = ""
    return notifications
