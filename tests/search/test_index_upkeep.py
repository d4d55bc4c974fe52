"""Keeping the index true: the outbox survives Elasticsearch being down, and rebuilds swap the alias
while search keeps answering."""

import threading

import pytest
from django.core.management import call_command

from kb.models import AnswerPage
from search import outbox, reindex, service
from search.backends.elasticsearch import ElasticsearchBackend
from search.client import get_client
from search.documents import ALL_READERS
from search.indexing import alias
from search.models import IndexJob
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]

UNREACHABLE = "http://127.0.0.1:9"


def test_edits_are_saved_and_queued_while_elasticsearch_is_down_then_applied(csr, index_pending, settings):
    live_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = UNREACHABLE
    page = published_article(AnswerPage, title="Guasto durante il blackout")
    page.title = "Guasto durante il blackout, aggiornato"
    page.save_revision().publish()
    assert AnswerPage.objects.get(pk=page.pk).title.endswith("aggiornato")
    applied, postponed = outbox.process()
    assert (applied, postponed) == (0, IndexJob.objects.count())
    job = IndexJob.objects.first()
    assert job.attempts == 1 and job.last_error and job.next_attempt_at > job.created_at

    settings.ELASTICSEARCH_URL = live_url
    IndexJob.objects.update(next_attempt_at=job.created_at)  # the back-off has elapsed
    index_pending()
    assert IndexJob.objects.count() == 0
    assert reindex.check("article").in_sync
    assert [h.title for h in service.search(csr, "blackout").results] == ["Guasto durante il blackout, aggiornato"]


def test_search_falls_back_to_the_database_when_elasticsearch_fails(csr, search_index, settings):
    published_article(AnswerPage, title="Trasloco della linea")
    settings.ELASTICSEARCH_URL = UNREACHABLE
    response = service.search(csr, "trasloco")
    assert response.engine == "database"
    assert response.message == service.DEGRADED_MESSAGE
    assert [h.title for h in response.results] == ["Trasloco della linea"]


def test_rebuild_swaps_the_alias_while_search_keeps_answering(csr, index_pending):
    for number in range(30):
        published_article(AnswerPage, title=f"Procedura fatturazione {number}")
    index_pending()
    before = list(get_client().indices.get_alias(name=alias("article")))
    failures, totals, stop = [], [], threading.Event()

    backend = ElasticsearchBackend()

    def keep_searching():
        # The engine alone: the search log would need the test database from another thread.
        while not stop.is_set():
            try:
                totals.append(backend.search(csr, "fatturazione", {}, 1, 10, {ALL_READERS}).total)
            except Exception as error:  # any error here is what the test is about
                failures.append(error)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        name, count = reindex.rebuild("article")
    finally:
        stop.set()
        searcher.join()
    assert count == 30
    assert failures == []
    assert totals and min(totals) == 30
    assert list(get_client().indices.get_alias(name=alias("article"))) == [name]
    assert name not in before
    assert not get_client().indices.exists(index=before[0])


def test_check_lists_differences_and_update_fixes_them(index_pending, capsys):
    kept = published_article(AnswerPage, title="Articolo indicizzato")
    index_pending()
    missing = published_article(AnswerPage, title="Articolo mai indicizzato")
    IndexJob.objects.all().delete()  # as if the change had been lost before the outbox existed
    get_client().delete(index=alias("article"), id=kept.pk, refresh=True)
    get_client().index(index=alias("article"), id=999999, document={"title_it": "fantasma"}, refresh=True)

    call_command("search_index", "check")
    out = capsys.readouterr().out
    assert f"missing from the index: {kept.pk}, {missing.pk}" in out
    assert "in the index but not visible: 999999" in out

    call_command("search_index", "update")
    assert reindex.check("article").in_sync


def test_rebuild_command_shows_progress(index_pending, capsys):
    published_article(AnswerPage, title="Una procedura")
    index_pending()
    call_command("search_index", "rebuild")
    out = capsys.readouterr().out
    assert "[########################################] 1/1" in out
    assert "alias switched" in out


def test_rebuild_is_not_held_to_the_search_time_limit(index_pending, settings):
    """Creating an index and switching its alias may take seconds on a busy cluster: a rebuild must not give
    up after the few seconds a search may take (bench/cluster_check.py's rebuild failed that way)."""
    published_article(AnswerPage, title="Subentro nella linea")
    settings.SEARCH_TIMEOUT_SECONDS = 0.001  # no request could answer within the search limit

    name, total = reindex.rebuild("article")

    assert total == 1
    assert list(get_client().options(request_timeout=30).indices.get_alias(name=alias("article"))) == [name]
