"""Acknowledging crisis briefings ("Ho letto") and reading who has and has not.

A banner keeps showing to a user until they acknowledge the crisis's current version; a crisis republished
with new information asks again, a minor correction does not (kb.crisis_versions). The acknowledgement row
is one per user and crisis and names the version read.
"""

from django.http import Http404
from django.utils import timezone

from kb import crisis_versions, selectors
from kb.models import CrisisAcknowledgement, CrisisPage, CrisisSeverity


def banner_state(user):
    """(banners of the ongoing crises `user` has not acknowledged in their current version, with labels
    in the active language; "crisis id:revision id" of those they have). One query, none without crises."""
    banners = selectors.crisis_banners()
    read = set()
    if banners and user.is_authenticated:
        read = set(
            CrisisAcknowledgement.objects.filter(user=user, crisis_id__in=[banner["id"] for banner in banners])
            .values_list("crisis_id", "revision_id")
        )
    now = timezone.now()
    unread = [
        {
            **banner, "severity_label": CrisisSeverity(banner["severity"]).label,
            "overdue": bool(banner["next_update_at"] and banner["next_update_at"] <= now),
        }
        for banner in banners if (banner["id"], banner["revision_id"]) not in read
    ]
    return unread, [f"{crisis_id}:{revision_id}" for crisis_id, revision_id in sorted(read)]


def banners_for(user):
    return banner_state(user)[0]


def access_crisis(pk):
    """A crisis every operator may read (live, unrestricted, not expired), or 404."""
    crisis = CrisisPage.objects.visible_to_readers().filter(pk=pk).first()
    if crisis is None:
        raise Http404
    return crisis


def do_acknowledge(user, crisis, now=None):
    """Record that `user` read the current version of `crisis`. Idempotent: one row per user."""
    now = now or timezone.now()
    version = crisis_versions.history(crisis).version_revision_id
    acknowledgement, created = CrisisAcknowledgement.objects.get_or_create(
        crisis=crisis, user=user,
        defaults={"revision_id": version, "first_acknowledged_at": now, "acknowledged_at": now},
    )
    if not created and acknowledgement.revision_id != version:
        acknowledgement.revision_id, acknowledgement.acknowledged_at = version, now
        acknowledgement.save(update_fields=["revision", "acknowledged_at"])
    return acknowledgement
