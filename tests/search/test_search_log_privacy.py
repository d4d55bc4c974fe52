"""The search-log trends index on the real node: a word rises on the dashboard only once enough different
operators typed it, and the retention purge removes old searches from the index as from the database."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from insights import emerging
from search import client, retention, search_log_index
from search.models import SearchLog
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def logged(rows):
    SearchLog.objects.bulk_create([
        SearchLog(query=query, user=user, result_count=3, latency_ms=5, engine="elasticsearch", created_at=at)
        for query, user, at in rows
    ])
    search_log_index.index_new_searches()


def test_a_word_only_one_operator_typed_does_not_rise(search_index, team_lead, csr):
    now = timezone.now()
    operators = [make_user(f"op{n}", roles.CSR) for n in range(3)]
    steady = ["fattura non arrivata", "costo chiamate estero", "recesso contratto"]
    rows = [(query, operators[days % 3], now - datetime.timedelta(days=days)) for days in range(1, 35, 3) for query in steady]
    rows += [("app myaurora crash", operators[n % 3], now - datetime.timedelta(days=n % 4)) for n in range(6)]
    rows += [("rssmra85t10a562s esposito", csr, now - datetime.timedelta(days=n % 4)) for n in range(6)]
    logged(rows)
    words = [word for word, _count, _score in emerging.significant(team_lead)["searches"]]
    assert "myaurora" in words
    assert not {"rssmra85t10a562s", "esposito"} & set(words)


def test_the_purge_empties_the_trends_index_of_old_searches(search_index, csr, settings):
    now = timezone.now()
    logged([("vecchia ricerca", csr, now - datetime.timedelta(days=200)), ("nuova ricerca", csr, now)])
    assert retention.purge_search_log() == 1
    left = client.get_client().search(index=search_log_index.index_name(), query={"match_all": {}})["hits"]["hits"]
    assert [hit["_source"]["query"] for hit in left] == ["nuova ricerca"]
    assert list(SearchLog.objects.values_list("query", flat=True)) == ["nuova ricerca"]
