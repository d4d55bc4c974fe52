from django_tasks import task

from search import outbox


@task()
def process_index_jobs():
    """Apply pending index jobs; what fails stays in the outbox for the next run."""
    applied, postponed = outbox.process_all()
    return {"applied": applied, "postponed": postponed}


@task()
def index_search_log():
    """Copy new searches to the search-log index used by the emerging-problems dashboard."""
    from django.conf import settings

    from search.search_log_index import index_new_searches

    return index_new_searches() if settings.ELASTICSEARCH_URL else 0


@task()
def fade_learned_phrasings():
    """Phrasings whose evidence has aged stop counting (search.learning)."""
    from search.learning import refresh_all

    return refresh_all()


@task()
def purge_search_log():
    """Searches older than SEARCH_LOG_RETENTION_DAYS are deleted (search.retention)."""
    from search.retention import purge_search_log as purge

    return purge()
