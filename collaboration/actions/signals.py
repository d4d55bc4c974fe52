"""Business signals other than questions and needs: raised (an article report, an emerging problem, a
spike of searches without result), routed by the impact table (routing.do_route_signal), taken in hand
and closed with an outcome by the function that owns them (after its row's reviewers signed off), and
moved up the escalation ladder when their SLAs pass, like questions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from collaboration import access, events, service_levels
from collaboration.actions import reviews, routing
from collaboration.models import ArticleReport, BusinessSignal, EventKind, WorkflowStep


def do_raise_signal(kind, key, title, source, count=0, people=0, products=(), topics=(), tags=(), quiet_since=None, now=None):
    """Raise and route one signal, or nothing: when a signal with the same `key` is open (or was closed
    after `quiet_since`: the same spike is not raised again right after its outcome) or when no row of
    the impact table matches. Returns the new signal or None."""
    now = now or timezone.now()
    same = BusinessSignal.objects.filter(key=key[:250])
    if same.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=quiet_since or now)).exists():
        return None
    if routing.matching_rule(list(products), list(topics), tags, kind=kind) is None:
        return None
    try:
        with transaction.atomic():
            signal = BusinessSignal.objects.create(
                kind=kind, key=key[:250], title=title[:255], source=source, count=count, people=people, created_at=now,
            )
            routing.do_route_signal(signal, products, topics, tags, now=now)
    except IntegrityError:
        return None  # another worker raised the same one meanwhile (one_open_signal_per_key)
    return signal


def article_topics(article):
    """What the impact table matches a report on: the article's products, topics, tags and the slugs of
    the sections it sits in (a row's tag "offerte" matches every article under Offerte)."""
    sections = article.get_ancestors().filter(depth__gt=2).values_list("slug", flat=True)
    tags = [*article.tags.names(), *sections]
    return list(article.products.values_list("pk", flat=True)), list(article.topics.values_list("pk", flat=True)), tags


def do_route_report(report):
    """Every report becomes a signal, so its reporter follows it on one page; the impact table routes it
    to a function when a row matches, else the article's owner keeps it (Reports on my articles)."""
    products, topics, tags = article_topics(report.article)
    signal = BusinessSignal.objects.create(
        kind=EventKind.ARTICLE_REPORT, key=f"article_report:{report.pk}", title=report.article.title[:255],
        source=BusinessSignal.Source.REPORT, count=1, people=1, report=report, created_at=report.created_at,
    )
    routing.do_route_signal(signal, products, topics, tags, now=report.created_at)
    return signal


def my_signals(user):
    """Open signals assigned to one of the user's groups, the soonest due first."""
    return (
        access.visible_signals(user)
        .filter(closed_at__isnull=True, assigned_group__in=user.groups.all())
        .select_related("assigned_group", "responsible_group", "report__article")
        .order_by(F("resolution_due").asc(nulls_last=True), "created_at")
    )


def can_work_on(user, signal):
    """The groups that own or work the signal, the reported article's owner, approvers and administrators."""
    if user.is_superuser or roles.has_role(user, roles.APPROVER, roles.ADMINISTRATOR):
        return True
    if signal.report_id and signal.report.article.content_owner_id == user.pk:
        return True
    groups = {signal.responsible_group_id, signal.assigned_group_id} - {None}
    return bool(groups) and user.groups.filter(pk__in=groups).exists()


def check_work_on(user, signal):
    access.require(can_work_on(user, signal), _("This signal is not in your queue."))
    if signal.closed_at:
        raise ValidationError(_("This signal is already closed."))


@transaction.atomic
def do_take_signal(user, signal, now=None):
    """The first action: someone of the function has it in hand (stops the first-action clock)."""
    signal = BusinessSignal.objects.select_for_update().get(pk=signal.pk)
    check_work_on(user, signal)
    if signal.first_action_at:
        raise ValidationError(_("Someone has already taken this in hand."))
    now = now or timezone.now()
    signal.first_action_at, signal.taken_by = now, user
    signal.save(update_fields=["first_action_at", "taken_by"])
    WorkflowStep.objects.create(signal=signal, kind=WorkflowStep.Kind.TAKEN, user=user, created_at=now)
    return signal


@transaction.atomic
def do_close_signal(user, signal, outcome):
    """Close with an outcome for the front line; when the signal's row has reviewers, the outcome waits
    for their sign-off (collaboration.actions.reviews) and the signal stays open meanwhile."""
    # Only the signal's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of the joins.
    signal = (BusinessSignal.objects.select_for_update(of=("self",)).select_related("report__article", "impact_rule")
              .get(pk=signal.pk))
    check_work_on(user, signal)
    if not outcome.strip():
        raise ValidationError(_("Write the outcome for the front line."))
    if not signal.first_action_at:
        signal.first_action_at, signal.taken_by = timezone.now(), user
        signal.save(update_fields=["first_action_at", "taken_by"])
    if reviews.reviewer_groups(signal.impact_rule):
        reviews.do_request_review(user, signal.impact_rule, signal=signal, comment=outcome.strip())
        return signal
    return apply_signal_outcome(user, signal, outcome)


def apply_signal_outcome(user, signal, outcome):
    """Call inside a transaction, after the rights and the reviewers' sign-off were checked. A report's
    outcome is its reply: the report closes and its reporter is told."""
    signal = BusinessSignal.objects.select_for_update().get(pk=signal.pk)
    if signal.closed_at:
        raise ValidationError(_("This signal is already closed."))
    now = timezone.now()
    signal.closed_at, signal.closed_by, signal.outcome = now, user, outcome.strip()
    signal.save(update_fields=["closed_at", "closed_by", "outcome"])
    WorkflowStep.objects.create(signal=signal, kind=WorkflowStep.Kind.CLOSED, user=user, created_at=now)
    if signal.report_id:
        ArticleReport.objects.filter(pk=signal.report_id, closed_at__isnull=True).update(
            closed_at=now, closed_by=user, reply=signal.outcome
        )
        events.on_commit(events.report_closed, signal.report_id)
    return signal


def missed_due_times(signal, now):
    """How many of the signal's service levels have passed unmet (0, 1 or 2)."""
    missed_first = bool(signal.first_response_due and not signal.first_action_at and now > signal.first_response_due)
    missed_resolution = bool(signal.resolution_due and now > signal.resolution_due)
    return int(missed_first) + int(missed_resolution)


def climb_signal_ladder(now=None):
    """The questions' escalation ladder for open signals: at the first breach the responsible function's
    lead is told, at the second the signal goes to its fallback group (the Expert group if it names none);
    each rung once, recorded in the signal's history. Returns how many rungs were climbed."""
    from collaboration.actions.escalation import fallback_group

    now = now or timezone.now()
    candidates = BusinessSignal.objects.filter(closed_at__isnull=True, breach_level__lt=2).filter(
        Q(first_response_due__lt=now) | Q(resolution_due__lt=now)
    )
    climbed = 0
    for signal in candidates:
        for level in range(signal.breach_level + 1, missed_due_times(signal, now) + 1):
            with transaction.atomic():
                locked = BusinessSignal.objects.select_for_update().get(pk=signal.pk)
                if locked.breach_level >= level or locked.closed_at:
                    continue
                function = service_levels.business_function(locked.responsible_group)
                locked.breach_level = level
                if level == 1:
                    lead = function.lead if function else None
                    locked.save(update_fields=["breach_level"])
                    WorkflowStep.objects.create(
                        signal=locked, kind=WorkflowStep.Kind.LEAD_NOTIFIED, group=locked.responsible_group, user=lead, created_at=now,
                    )
                    if lead is not None:
                        events.on_commit(events.lead_told_of_signal_breach, locked.pk, lead.pk)
                else:
                    locked.assigned_group = (function.fallback_group if function else None) or fallback_group()
                    locked.save(update_fields=["breach_level", "assigned_group"])
                    WorkflowStep.objects.create(signal=locked, kind=WorkflowStep.Kind.FALLBACK, group=locked.assigned_group, created_at=now)
                    events.on_commit(events.signal_assigned, locked.pk)
            climbed += 1
    return climbed
