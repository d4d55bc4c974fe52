from django_tasks import task

from search import outbox


@task()
def process_index_jobs():
    """Apply pending index jobs; what fails stays in the outbox for the next run."""
    applied, postponed = outbox.process_all()
    return {"applied": applied, "postponed": postponed}
