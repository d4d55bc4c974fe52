from django_tasks import task

from collaboration.actions.escalation import (
    announce_escalations,
    climb_escalation_ladder,
    escalate_overdue,
    warn_service_levels,
)
from collaboration.actions.signals import climb_signal_ladder


@task()
def escalate_overdue_questions():
    """Escalate questions unanswered past their first-response SLA, climb the escalation ladder of every
    breach of a question or another business signal (lead, then fallback group), then send any escalation
    notice a killed worker lost (run every minute by the worker). Returns how many questions were escalated."""
    escalated = escalate_overdue()
    climb_escalation_ladder()
    climb_signal_ladder()
    announce_escalations()
    return escalated


@task()
def warn_service_levels_at_risk():
    """Warn assignees of escalated questions about to breach their resolution SLA (every minute)."""
    return warn_service_levels()
