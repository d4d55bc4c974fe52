from django_tasks import task

from collaboration.actions.escalation import escalate_overdue, warn_service_levels


@task()
def escalate_overdue_questions():
    """Escalate questions unanswered past their first-response SLA (run every minute by the worker)."""
    return escalate_overdue()


@task()
def warn_service_levels_at_risk():
    """Warn assignees of escalated questions about to breach their resolution SLA (every minute)."""
    return warn_service_levels()
