"""Best practices, market needs with +1s and status decisions, and flag-it-or-fix-it on KB articles."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from collaboration.actions import contributions, promotion, votes
from collaboration.models import ArticleReport, MarketNeed
from collaboration.supporters import need_supporters
from kb.models import AnswerPage
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db


def test_practice_is_shared_voted_useful_and_promoted(csr, csr2, expert, everyone):
    practice = contributions.do_share_practice(csr, everyone, "Ascoltare prima di proporre la retention", "1. Ascolto\n2. Propongo")
    assert "<ol>" in practice.body_html
    assert votes.do_vote(csr2, practice, 1) == 1
    page = promotion.do_promote_practice(expert, practice)
    assert not page.live and practice.promoted_page == page
    with pytest.raises(PermissionDenied):
        promotion.do_promote_practice(csr, practice)


def flag(user, space):
    return contributions.do_flag_need(
        user, space, "IP statico per clienti privati", "Chiedono IP statico per la VPN", MarketNeed.Frequency.DAILY,
        10, MarketNeed.Channel.PHONE,
    )


def test_need_is_supported_once_per_operator(csr, csr2, everyone):
    need = flag(csr, everyone)
    contributions.do_support_need(csr2, need, "Anche in chat", customers=3)
    assert (need_supporters(need), need.customers_affected) == (2, 13)  # the author and csr2
    with pytest.raises(ValidationError):
        contributions.do_support_need(csr2, need)


def test_business_owner_changes_status_with_a_comment_the_front_line_sees(client, csr, expert, everyone):
    need = flag(csr, everyone)
    with pytest.raises(PermissionDenied):
        contributions.do_change_need_status(csr, need, MarketNeed.Status.UNDER_REVIEW, "x")
    with pytest.raises(ValidationError):
        contributions.do_change_need_status(expert, need, MarketNeed.Status.PLANNED, "Saltare gli stati no")
    with pytest.raises(ValidationError):
        contributions.do_change_need_status(expert, need, MarketNeed.Status.UNDER_REVIEW, " ")
    contributions.do_change_need_status(expert, need, MarketNeed.Status.UNDER_REVIEW, "Lo valutiamo con il marketing")
    client.force_login(csr)
    html = client.get(f"/collaboration/needs/{need.pk}/").content.decode()
    assert "Lo valutiamo con il marketing" in html


def test_needs_are_ranked_by_support(client, csr, csr2, everyone):
    quiet = contributions.do_flag_need(csr, everyone, "Esigenza poco sentita", "x", MarketNeed.Frequency.RARE, 1, MarketNeed.Channel.CHAT)
    loud = flag(csr, everyone)
    contributions.do_support_need(csr2, loud)
    client.force_login(csr)
    html = client.get("/collaboration/needs/").content.decode()
    assert html.index(loud.title) < html.index(quiet.title)


def test_report_goes_to_the_owner_who_closes_it_with_a_reply(client, csr, home):
    from accounts import roles

    owner = make_user("redazione.procedure", roles.CONTENT_OWNER)
    other_owner = make_user("redazione.offerte", roles.CONTENT_OWNER)
    article = published_article(AnswerPage, title="Rimborso in 30 giorni", content_owner=owner)
    client.force_login(csr)
    assert f"/collaboration/report/{article.pk}/" in client.get(article.url).content.decode()
    response = client.post(f"/collaboration/report/{article.pk}/", {"kind": "outdated", "note": "Ora sono 15 giorni"})
    assert response.status_code == 302
    report = ArticleReport.objects.get()

    client.force_login(other_owner)
    assert "Ora sono 15 giorni" not in client.get("/collaboration/reports/").content.decode()
    with pytest.raises(PermissionDenied):
        contributions.do_close_report(other_owner, report, "Non è mio")

    client.force_login(owner)
    assert "Ora sono 15 giorni" in client.get("/collaboration/reports/").content.decode()
    client.post(f"/collaboration/reports/{report.pk}/close/", {"reply": "Corretto, grazie"})
    report.refresh_from_db()
    assert not report.is_open and report.reply == "Corretto, grazie"


def test_report_without_a_note_keeps_the_form(client, csr, home):
    article = published_article(AnswerPage, title="Rimborso in 30 giorni")
    client.force_login(csr)
    response = client.post(f"/collaboration/report/{article.pk}/", {"kind": "wrong", "note": ""})
    assert response.status_code == 200
    assert not ArticleReport.objects.exists()
