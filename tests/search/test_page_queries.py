"""What one CSR request costs the database: the load bench's pages (search, article, question, an answer
posted) stay within a fixed number of SQL queries, whatever the number of results, answers or tags
(bench/request_cost.py measures the same pages with CPU time and Redis commands)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collaboration.actions import questions
from kb.models import AnswerPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db


def queries_of(request):
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return response, [query["sql"] for query in captured]


@pytest.fixture
def many_answers(home, index_pending):
    for number in range(12):
        published_article(AnswerPage, title=f"Fibra lenta la sera, caso {number}", summary="Fibra lenta: cosa verificare",
                          customer_question="La fibra è lenta?", approved_answer="Riavviare il modem.")
    index_pending()


def test_the_search_page_costs_a_few_queries_whatever_the_results(csr_client, many_answers):
    csr_client.get("/search/?q=fibra")  # caches warm, as in production
    response, sql = queries_of(lambda: csr_client.get("/search/?q=fibra lenta"))

    assert response.status_code == 200 and response.content.decode().count('class="search-result"') == 10
    assert len(sql) <= 5, sql  # the user, the reply channel, the inbox summary, the search log row (its transaction apart)


def test_an_article_page_costs_the_same_with_more_tags(csr_client, home):
    article = published_article(AnswerPage, title="Disdetta senza penali", approved_answer="Entro 30 giorni.")
    csr_client.get(article.url)
    response, sql = queries_of(lambda: csr_client.get(article.url))
    article.tags.add("disdetta", "penali", "recesso", "rimodulazione")
    article.save_revision().publish()
    csr_client.get(article.url)
    _response, more = queries_of(lambda: csr_client.get(article.url))

    assert response.status_code == 200
    assert len(more) == len(sql), more
    # the user, the page and its route, tags, products, topics, the reply channel, the inbox summary,
    # the section and the parent for the breadcrumbs
    assert len(sql) <= 11, sql


def test_a_question_page_costs_the_same_with_more_answers(csr_client, csr, csr2, everyone):
    question = questions.do_create_question(csr, everyone, "Fattura della fibra sbagliata", "Cosa dico al cliente?")
    url = f"/collaboration/questions/{question.pk}/"
    for number in range(3):
        questions.do_post_answer(csr2, question, f"Risposta numero {number}: verificare il canone.")
    csr_client.get(url)
    _response, fewer = queries_of(lambda: csr_client.get(url))
    for number in range(3, 6):
        questions.do_post_answer(csr2, question, f"Risposta numero {number}: verificare il canone.")
    response, sql = queries_of(lambda: csr_client.get(url))

    assert response.status_code == 200 and response.content.decode().count("Risposta numero") == 6
    assert len(sql) == len(fewer), sql
    # The user, the question (with the right to view it), the user's rights in its space (post and moderate:
    # one query, access.space_rights), follow, vote, the inbox summary, tags, the user's groups, reviews, the
    # workflow steps, comments, answers, answers' comments, revisions. Not an N+1: six answers cost what
    # three do.
    assert len(sql) <= 16, sql
    assert sum("objectpermission" in query for query in sql) == 2, sql  # the question's view right, then the rest
