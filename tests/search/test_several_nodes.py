"""ELASTICSEARCH_URL with several nodes: requests go round the nodes and a dead one is skipped, for searches
and for indexing alike. The dead node here is a loopback port nobody listens on, listed before the real
node, so every other request first meets a refused connection. (The 3-node cluster with a node killed
mid-rebuild is `make cluster-check`, bench/cluster_check.py.)"""

import socket

import pytest

from kb.models import AnswerPage
from search import client, reindex, service
from search.indexing import alias
from tests.factories import published_article

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_node_urls_are_split_on_commas_and_blanks_ignored():
    assert client.node_urls(" http://a:9200, http://b:9200 ,,") == ["http://a:9200", "http://b:9200"]
    assert client.node_urls("https://user:secret@es.internal:9200") == ["https://user:secret@es.internal:9200"]


def test_every_node_is_tried_once_before_a_request_fails():
    options = client.client_options(["http://a:9200", "http://b:9200", "http://c:9200"], 5)
    assert options["max_retries"] == 2 and options["retry_on_timeout"] is True
    assert not any(options[name] for name in ("sniff_on_start", "sniff_before_requests", "sniff_on_node_failure"))


def test_searches_answer_from_elasticsearch_with_a_dead_node_in_the_list(csr, index_pending, settings):
    published_article(AnswerPage, title="Rimborso della ricarica non riuscita")
    index_pending()
    settings.ELASTICSEARCH_URL = f"{closed_port_url()},{settings.ELASTICSEARCH_URL}"
    assert len(client.get_client().transport.node_pool.all()) == 2

    responses = [service.search(csr, "rimborso ricarica") for _ in range(6)]

    assert {(response.engine, response.message) for response in responses} == {("elasticsearch", None)}
    assert all([hit.title for hit in response.results] == ["Rimborso della ricarica non riuscita"]
               for response in responses)


def test_changes_reach_the_index_with_a_dead_node_in_the_list(index_pending, settings):
    settings.ELASTICSEARCH_URL = f"{closed_port_url()},{settings.ELASTICSEARCH_URL}"
    pages = [published_article(AnswerPage, title=f"Voltura della linea {number}") for number in range(4)]

    index_pending()

    assert reindex.check("article").in_sync
    assert client.get_client().count(index=alias("article"))["count"] == len(pages)
