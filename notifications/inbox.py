"""The inbox as a person reads it: filtered by kind and by unread, grouped by day and, within a day, by kind.

Days are the reader's local days (TIME_ZONE); the page says which time zone its times are in.
"""

from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.forms import kinds_for
from notifications.models import Kind, Notification
from notifications.rendering import sentence
from notifications.visibility import withhold

KIND_ORDER = {kind.value: number for number, kind in enumerate(Kind)}


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [(kind.value, kind.label) for kind in kinds_for(user)]


def notifications_for(user, kind="", unread=False):
    notifications = Notification.objects.filter(user=user)
    if kind:
        notifications = notifications.filter(kind=kind)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def grouped(user, notifications):
    """[(local day, [(kind label, [(notification, sentence), …]), …]), …]: newest day first, kinds in a fixed
    order, newest first within a kind; what `user` may no longer see without its title (visibility)."""
    days = []
    for day, of_day in groupby(withhold(user, notifications), key=lambda n: timezone.localdate(n.created_at)):
        by_kind = sorted(of_day, key=lambda n: (KIND_ORDER.get(n.kind, 99), -n.pk))
        kinds = [
            (Kind(kind).label, [(n, sentence(n.kind, n.subject, n.actor, n.detail, n.withheld)) for n in items])
            for kind, items in groupby(by_kind, key=lambda n: n.kind)
        ]
        days.append((day, kinds))
    return days
