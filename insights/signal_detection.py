"""Emerging problems and spikes of searches without result become business signals, routed by the impact
table to a function's queue (collaboration.actions.signals). Run by the worker every
SIGNAL_DETECTION_MINUTES (insights.tasks.raise_business_signals).

- A *search gap*: a search term that found nothing for SIGNAL_SEARCH_GAP_MIN_USERS different operators
  (never fewer than SEARCH_TERM_MIN_USERS, so no single person's search is shown) within the last
  SIGNAL_SEARCH_GAP_WINDOW_HOURS.
- An *emerging problem*: a word or tag rising in questions and market needs, or a search rising, this week
  against the four before (insights.emerging: Elasticsearch's significance, else the database's weekly
  means), seen at least SIGNAL_EMERGING_MIN_COUNT times; the SIGNAL_EMERGING_LIMIT strongest of each kind.

Posts are read in the spaces every operator reads (those the CSR role may view), so a signal names no
word taken from a private space. The same problem is not raised twice while its signal is open, nor
again within its window once closed (`do_raise_signal`'s key and `quiet_since`).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone

from accounts import roles
from collaboration import access
from collaboration.actions.signals import do_raise_signal
from collaboration.models import BusinessSignal, EventKind, Space, SpaceGroupObjectPermission
from insights import emerging
from insights.content_gaps import min_users
from search.documents import ALL_READERS
from search.kinds import space_acl
from search.models import SearchLog
from search.search_log_index import TYPED_SOURCES

logger = logging.getLogger(__name__)


def front_line_spaces():
    """The spaces every operator reads: those the CSR role may view."""
    csr = Group.objects.filter(name=roles.CSR).first()
    granted = SpaceGroupObjectPermission.objects.filter(group=csr, permission__codename=access.VIEW)
    return Space.objects.filter(pk__in=granted.values("content_object_id"))


def search_gap_min_users():
    return max(settings.SIGNAL_SEARCH_GAP_MIN_USERS, min_users())


def search_gaps(now=None):
    """[(term, operators, searches)] of the terms that found nothing for enough different operators in
    the window, most operators first."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=settings.SIGNAL_SEARCH_GAP_WINDOW_HOURS)
    rows = (
        SearchLog.objects.filter(created_at__gte=since, created_at__lt=now, source__in=TYPED_SOURCES, result_count=0)
        .exclude(term="")
        .values("term")
        .annotate(users=Count("user", distinct=True), searches=Count("pk"))
        .filter(users__gte=search_gap_min_users())
        .order_by("-users", "term")
    )
    return [(row["term"], row["users"], row["searches"]) for row in rows]


def emerging_problems(now=None):
    """{source: [(key, count this week)]} for the sources words, tags and searches, the strongest first."""
    now = now or timezone.now()
    spaces = front_line_spaces()
    limit, minimum = settings.SIGNAL_EMERGING_LIMIT, settings.SIGNAL_EMERGING_MIN_COUNT
    acl = {ALL_READERS} | {space_acl(pk) for pk in spaces.values_list("pk", flat=True)}
    found = emerging.significant(None, now=now, min_doc_count=minimum, acl=acl)
    if found is None:
        posts = emerging.rising_in_posts(None, now=now, minimum=minimum, spaces=spaces)
        found = {**posts, "searches": emerging.rising_searches(now=now, minimum=minimum)}
    Source = BusinessSignal.Source
    return {
        source: [(row[0], row[1]) for row in found[name] if row[1] >= minimum][:limit]
        for source, name in ((Source.WORDS, "terms"), (Source.TAGS, "tags"), (Source.SEARCHES, "searches"))
    }


def raise_detected_signals(now=None):
    """Raise a signal for every search gap and emerging problem not already raised. Returns how many."""
    now = now or timezone.now()
    raised = 0
    gap_window = now - datetime.timedelta(hours=settings.SIGNAL_SEARCH_GAP_WINDOW_HOURS)
    for term, users, searches in search_gaps(now):
        raised += bool(do_raise_signal(
            EventKind.SEARCH_GAP, f"search_gap:{term}", term, BusinessSignal.Source.NO_RESULT, count=searches, people=users,
            tags=[term, *term.split()], quiet_since=gap_window, now=now,
        ))
    for source, rows in emerging_problems(now).items():
        for key, count in rows:
            raised += bool(do_raise_signal(
                EventKind.EMERGING_PROBLEM, f"emerging_problem:{source}:{key}", key, source, count=count,
                tags=[key, *key.split()], quiet_since=now - emerging.WEEK, now=now,
            ))
    logger.info("business signals raised count=%s", raised)
    return raised
