"""The one Elasticsearch client of the process, from ELASTICSEARCH_URL."""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.dsl import connections


def enabled():
    return bool(settings.ELASTICSEARCH_URL)


@lru_cache(maxsize=1)
def _client(url, timeout):
    client = Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)
    connections.add_connection("default", client)
    return client


def get_client():
    return _client(settings.ELASTICSEARCH_URL, settings.SEARCH_TIMEOUT_SECONDS)
