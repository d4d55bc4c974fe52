"""The one Elasticsearch client of the process, from ELASTICSEARCH_URL.

ELASTICSEARCH_URL names one node (or one load balancer in front of a cluster) or several nodes separated
by commas. With several, the client spreads requests over them in turn and, when one refuses the
connection or times out, marks it dead for a while and sends the same request to the next one, so a
node that dies is invisible to users (bench/cluster_check.py proves it on a 3-node cluster).

Sniffing (asking the cluster for its nodes) stays off: behind a proxy or in a container the addresses
the nodes publish are not the ones this process can reach, and the list given is the truth.
https://www.elastic.co/guide/en/elasticsearch/client/python-api/8.19/config.html
"""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.dsl import connections

# Writing and managing indices (creating one, switching an alias, a bulk of a thousand documents) may take
# far longer than a search may, on a busy cluster or while a lost node's shards are reallocated; none of it
# runs while a user waits (the worker and `search_index` do it).
WRITE_TIMEOUT_SECONDS = 120


def enabled():
    return bool(settings.ELASTICSEARCH_URL)


def node_urls(value):
    """The node addresses in ELASTICSEARCH_URL: comma-separated, blanks ignored."""
    return [url.strip() for url in (value or "").split(",") if url.strip()]


def client_options(urls, timeout):
    """How the client treats its nodes: each retry goes to the next node, so with several nodes every one
    is tried once; a lone address (a node, or a load balancer that already fails over) is retried once
    on a refused connection only, since a timeout there would just wait on the same slow target again."""
    several = len(urls) > 1
    return {
        "request_timeout": timeout,
        "max_retries": len(urls) - 1 if several else 1,
        "retry_on_timeout": several,
        "sniff_on_start": False,
        "sniff_before_requests": False,
        "sniff_on_node_failure": False,
    }


@lru_cache(maxsize=1)
def _client(url, timeout):
    urls = node_urls(url)
    client = Elasticsearch(urls, **client_options(urls, timeout))
    connections.add_connection("default", client)
    return client


def get_client():
    return _client(settings.ELASTICSEARCH_URL, settings.SEARCH_TIMEOUT_SECONDS)


def get_write_client():
    """The client for indexing and index management, with WRITE_TIMEOUT_SECONDS instead of the search limit."""
    return get_client().options(request_timeout=WRITE_TIMEOUT_SECONDS)
