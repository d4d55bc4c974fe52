"""Reports on articles cannot be used as spam: one open report per operator and article, and the same
rate limit as every post. A refused report keeps what was typed."""

import pytest
from django.core.exceptions import ValidationError

from collaboration.actions import contributions
from collaboration.models import ArticleReport
from kb.models import AnswerPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(home):
    return published_article(AnswerPage, title="Disdetta online")


def test_a_second_report_while_the_first_is_open_is_refused_and_keeps_the_text(client, csr, approver, article):
    client.force_login(csr)
    client.post(f"/collaboration/report/{article.pk}/", {"kind": "outdated", "note": "Il modulo è cambiato"})
    response = client.post(f"/collaboration/report/{article.pk}/", {"kind": "wrong", "note": "Ancora: il modulo è cambiato"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have already reported this article: its owner has not replied yet." in html
    assert "Ancora: il modulo è cambiato" in html
    assert ArticleReport.objects.count() == 1

    contributions.do_close_report(approver, ArticleReport.objects.get(), "Corretto")
    contributions.do_report_article(csr, article, "wrong", "Di nuovo sbagliato")
    assert ArticleReport.objects.filter(closed_at__isnull=True).count() == 1


def test_reports_share_the_posting_rate_limit(csr, home, settings):
    settings.COLLABORATION_POST_RATE = (3, 60)
    articles = [published_article(AnswerPage, title=f"Articolo {n}") for n in range(4)]
    for article in articles[:3]:
        contributions.do_report_article(csr, article, "unclear", "Poco chiaro")
    with pytest.raises(ValidationError, match="posting too fast"):
        contributions.do_report_article(csr, articles[3], "unclear", "Poco chiaro")
    assert ArticleReport.objects.count() == 3
