"""Routing by the impact table: the most specific matching rule decides group, priority and SLAs."""

import datetime

from django.db.models import Q
from django.utils import timezone

from collaboration.models import ImpactRule


def matching_rule(product_id, topic_id, tags):
    """The rule whose every set condition matches; more conditions beat fewer, then the first by name."""
    candidates = ImpactRule.objects.filter(
        Q(product__isnull=True) | Q(product_id=product_id),
        Q(topic__isnull=True) | Q(topic_id=topic_id),
        Q(tag="") | Q(tag__in=[tag.lower() for tag in tags]),
    ).select_related("responsible_group")
    ranked = sorted(candidates, key=lambda rule: (-rule.specificity, rule.name))
    return ranked[0] if ranked else None


def do_route_question(question, now=None):
    """Apply the matching rule to a question (call inside the transaction that saves it)."""
    now = now or question.created_at or timezone.now()
    rule = matching_rule(question.product_id, question.topic_id, question.tags.names())
    question.impact_rule = rule
    if rule:
        question.responsible_group = rule.responsible_group
        question.priority = rule.priority
        question.first_response_due = now + datetime.timedelta(minutes=rule.first_response_minutes)
        question.resolution_due = now + datetime.timedelta(minutes=rule.resolution_minutes)
    question.save(update_fields=["impact_rule", "responsible_group", "priority", "first_response_due", "resolution_due"])
    return rule
