"""Articles past their review date are marked 'needs review' to CSRs and listed for their owner."""

import datetime

import pytest
from django.utils import timezone

from kb import selectors
from kb.models import AnswerPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db


def test_article_past_review_is_marked_needs_review(home, csr_client, offers_owner):
    article = published_article(AnswerPage, review_by=timezone.localdate() - datetime.timedelta(days=1))
    assert article.needs_review
    html = csr_client.get(article.url).content.decode()
    assert '<span class="badge badge--review">Da rivedere</span>' in html


def test_article_due_later_is_not_marked(home, csr_client):
    article = published_article(AnswerPage, review_by=timezone.localdate() + datetime.timedelta(days=1))
    assert not article.needs_review
    assert "badge--review" not in csr_client.get(article.url).content.decode()


def test_owner_sees_own_articles_past_review_on_the_admin_dashboard(home, client, offers_owner, approver):
    mine = published_article(
        AnswerPage, title="Mia da rivedere", content_owner=offers_owner, review_by=datetime.date(2020, 1, 1)
    )
    published_article(AnswerPage, title="Di altri", content_owner=approver, review_by=datetime.date(2020, 1, 1))
    assert [a.pk for a in selectors.articles_past_review(owner=offers_owner)] == [mine.pk]
    client.force_login(offers_owner)
    html = client.get("/admin/").content.decode()
    assert "Mia da rivedere" in html
    assert "Di altri" not in html
