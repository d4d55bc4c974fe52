from django_tasks import task

from collaboration.actions.escalation import escalate_overdue


@task()
def escalate_overdue_questions():
    """Escalate questions unanswered past their first-response SLA (run every minute by the worker)."""
    return escalate_overdue()
