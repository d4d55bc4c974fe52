"""Routing by the impact table: for every signal (a new question, a new market need, a need passing a
support threshold, a report on an article, an emerging problem, a spike of searches without result) the
most specific matching row decides the responsible group, priority and SLAs, records the step in the
item's history and puts it in the informed groups' digest. SLA clocks run on the responsible group's
calendar (collaboration.service_levels)."""

from django.db.models import Q
from django.utils import timezone

from collaboration import events, service_levels
from collaboration.models import EventKind, ImpactRule, WorkflowStep


def present(ids):
    """The ids set among one id or several (an article has several products and topics)."""
    return [pk for pk in (ids if isinstance(ids, (list, tuple, set, frozenset)) else [ids]) if pk is not None]


def matching_rule(product_id, topic_id, tags, kind=EventKind.QUESTION, support=None):
    """The row whose every set condition matches the event; more conditions (the event kind counts as one)
    beat fewer, then the first by name. `product_id` and `topic_id` may each be a list (any of them
    matches). `support`: how many operators gave a +1 to a market need."""
    candidates = ImpactRule.objects.filter(
        Q(event_kind="") | Q(event_kind=kind),
        Q(product__isnull=True) | Q(product_id__in=present(product_id)),
        Q(topic__isnull=True) | Q(topic_id__in=present(topic_id)),
        Q(tag="") | Q(tag__in=[tag.lower() for tag in tags]),
        Q(support_threshold__isnull=True) | Q(support_threshold__lte=support or 0),
    ).select_related("responsible_group").prefetch_related("channel_levels")
    ranked = sorted(candidates, key=lambda rule: (-rule.specificity, rule.name))
    return ranked[0] if ranked else None


def do_route_question(question, now=None):
    """Apply the matching row to a question (call inside the transaction that saves it)."""
    now = now or question.created_at or timezone.now()
    rule = matching_rule(question.product_id, question.topic_id, question.tags.names())
    question.impact_rule = rule
    if rule:
        group = rule.responsible_group
        first, resolution = rule.service_level(question.channel)
        question.responsible_group = group
        question.priority = rule.priority
        question.first_response_due = service_levels.due_after(now, first, group)
        question.resolution_due = service_levels.due_after(now, resolution, group)
        WorkflowStep.objects.create(question=question, kind=WorkflowStep.Kind.ROUTED, group=group, note=rule.name, created_at=now)
        events.on_commit(events.inform_groups, rule.pk, "question", question.pk)
    question.save(update_fields=["impact_rule", "responsible_group", "priority", "first_response_due", "resolution_due"])
    return rule


def do_route_need(need, kind=EventKind.NEED, now=None):
    """Give a market need its owner function, priority and decision SLA from the matching row. Re-routing
    (kind NEED_SUPPORT, when the +1s pass a row's threshold) only moves it to a different row."""
    now = now or timezone.now()
    rule = matching_rule(need.product_id, None, (), kind=kind, support=need.supports.count())  # collaboration.supporters: its rows, counted now
    if rule is None or rule.pk == need.impact_rule_id:
        return None
    if kind == EventKind.NEED_SUPPORT and rule.event_kind != EventKind.NEED_SUPPORT:
        return None  # below every threshold: a +1 never moves a need to a less specific, generic row
    group = rule.responsible_group
    need.impact_rule, need.responsible_group, need.priority = rule, group, rule.priority
    need.decision_due = service_levels.due_after(now, rule.service_level(need.channel)[1], group)
    need.save(update_fields=["impact_rule", "responsible_group", "priority", "decision_due"])
    WorkflowStep.objects.create(need=need, kind=WorkflowStep.Kind.ROUTED, group=group, note=rule.name, created_at=now)
    events.on_commit(events.need_routed, need.pk)
    events.on_commit(events.inform_groups, rule.pk, "need", need.pk)
    return rule


def route_need_after_support(need):
    """After a +1: the need may now pass a row's support threshold."""
    return do_route_need(need, kind=EventKind.NEED_SUPPORT)


def do_route_signal(signal, products=(), topics=(), tags=(), now=None):
    """Give an article report, an emerging problem or a search gap the matching row's responsible group
    (its queue), priority and SLAs on that group's calendar, like a question: raised at night, its clocks
    wait for the group to open (the fallback takes it only at the second breach, escalation ladder).
    Call inside the transaction that saves it; returns the row, or None when no row matches."""
    now = now or signal.created_at or timezone.now()
    rule = matching_rule(list(products), list(topics), tags, kind=signal.kind)
    if rule is None:
        return None
    group = rule.responsible_group
    first, resolution = rule.service_level()
    signal.impact_rule, signal.responsible_group, signal.assigned_group, signal.priority = rule, group, group, rule.priority
    signal.first_response_due = service_levels.due_after(now, first, group)
    signal.resolution_due = service_levels.due_after(now, resolution, group)
    signal.save(update_fields=["impact_rule", "responsible_group", "priority", "assigned_group", "first_response_due", "resolution_due"])
    WorkflowStep.objects.create(signal=signal, kind=WorkflowStep.Kind.ROUTED, group=group, note=rule.name, created_at=now)
    events.on_commit(events.signal_assigned, signal.pk)
    events.on_commit(events.inform_groups, rule.pk, "signal", signal.pk)
    return rule
