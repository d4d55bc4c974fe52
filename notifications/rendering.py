"""Notifications as sentences and as JSON for the live client, in the language active when called."""

from django.utils.translation import gettext as _

from notifications.models import Kind

SENTENCES = {
    Kind.CRISIS: lambda n: _("Crisis: %(subject)s") % n,
    Kind.OFFER: lambda n: _("New offer: %(subject)s") % n,
    Kind.DEFECT: lambda n: _("New known defect: %(subject)s") % n,
    Kind.ANSWER: lambda n: _("%(actor)s answered “%(subject)s”") % n,
    Kind.MENTION: lambda n: _("%(actor)s mentioned you in “%(subject)s”") % n,
    Kind.ESCALATION: lambda n: _("Escalated to you: “%(subject)s”") % n,
    Kind.SLA: lambda n: _("Service level about to be breached: “%(subject)s”") % n,
    Kind.NEED_STATUS: lambda n: _("The market need “%(subject)s” is now: %(status)s") % n,
    Kind.CRISIS_OVERDUE: lambda n: _("The announced update of the crisis “%(subject)s” is overdue") % n,
    Kind.APPROVAL: lambda n: _("%(actor)s submitted “%(subject)s” for your approval") % n,
    Kind.REVIEW: lambda n: _("Your article “%(subject)s” is due for review") % n,
    Kind.BREACH: lambda n: _("Service level breached: “%(subject)s”") % n,
    Kind.SIGN_OFF: lambda n: _("Your sign-off is asked: “%(subject)s”") % n,
    Kind.INFORMED: lambda n: _("In “%(detail)s”: %(subject)s") % n,
    Kind.SIGNAL: lambda n: _("For your group to decide: “%(subject)s”") % n,
    Kind.REPORT_REPLY: lambda n: _("Your report on “%(subject)s” is closed: see the reply") % n,
}


def need_status_label(value):
    from collaboration.models import MarketNeed

    try:
        return MarketNeed.Status(value).label
    except ValueError:
        return value


def sentence(kind, subject, actor="", detail="", withheld=False):
    """What happened, in the active language; for a notification about something the reader may no longer
    see (notifications.visibility), only that."""
    if withheld:
        return _("About something you can no longer see")
    fields = {"subject": subject, "actor": actor or _("Someone"), "status": "", "detail": detail}
    if kind == Kind.NEED_STATUS:
        fields["status"] = str(need_status_label(detail))
    return SENTENCES[kind](fields)


def as_event(notification):
    """The JSON-able facts of a notification, sent over the channel layer (no sentence: see as_json)."""
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "subject": notification.subject,
        "actor": notification.actor,
        "detail": notification.detail,
        "question": notification.question_id,
        "withheld": getattr(notification, "withheld", False),
        "url": f"/notifications/{notification.pk}/open/",
        "created_at": notification.created_at.isoformat(),
    }


def as_json(event):
    """What the browser gets: the facts plus the sentence in the reader's language."""
    text = sentence(event["kind"], event["subject"], event["actor"], event["detail"], event.get("withheld", False))
    return {**event, "text": text}
