"""Knowledge health, market needs and crisis read receipts across crises, on fixture data with known answers."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from accounts.models import Team
from collaboration.actions import contributions, questions
from collaboration.models import ArticleReport, MarketNeed, MarketNeedSupport
from insights import crisis_receipts, knowledge_health, market_needs
from insights.periods import Period
from kb import acknowledgements
from kb.models import AnswerPage, CrisisPage
from search.models import SearchClick, SearchLog
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db


def this_month():
    return Period.ending_today(days=30)


def test_articles_past_review_are_counted_per_owner(home, approver):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    published_article(AnswerPage, title="Disdetta online", review_by=yesterday, content_owner=approver)
    published_article(AnswerPage, title="Cambio piano", review_by=yesterday, content_owner=approver)
    published_article(AnswerPage, title="Portabilità", review_by=timezone.localdate() + datetime.timedelta(days=30))
    assert knowledge_health.past_review_by_owner() == [{"owner": "approvatore", "articles": 2}]


def test_reports_opens_and_links_from_answers(home, csr, csr2, everyone):
    article = published_article(AnswerPage, title="Disdetta online")
    other = published_article(AnswerPage, title="Cambio piano")
    for reporter, closed in ((csr, None), (csr2, timezone.now())):
        ArticleReport.objects.create(article=article, reporter=reporter, kind="outdated", note="Modulo cambiato", closed_at=closed)
    search = SearchLog.objects.create(query="disdetta", result_count=2, latency_ms=5, engine="database")
    for position, target in ((1, article), (2, article), (1, other)):
        SearchClick.objects.create(search=search, result_type="answer", result_id=target.pk, position=position)
    question = questions.do_create_question(csr, everyone, "Disdetta senza penali?", "Dettagli")
    questions.do_post_answer(csr2, question, f"Vedi [la procedura]({article.url})")

    period = this_month()
    assert knowledge_health.most_flagged(period) == [{"article": article.pk, "article__title": "Disdetta online", "reports": 2, "open": 1}]
    opened = knowledge_health.most_opened(period)
    assert opened == [
        {"article": article.pk, "title": "Disdetta online", "opened": 2},
        {"article": other.pk, "title": "Cambio piano", "opened": 1},
    ]
    from collaboration.models import Question

    assert knowledge_health.linked_from_answers(opened, period, Question.objects.all()) == {article.pk: 1, other.pk: 0}


def test_needs_are_ranked_by_support_with_their_trend(csr, csr2, team_lead, everyone, experts_space, expert):
    quiet = contributions.do_flag_need(csr, everyone, "Fattura in inglese", "Chiesta da clienti esteri", "monthly", 3, "email")
    loud = contributions.do_flag_need(csr, everyone, "eSIM per smartwatch", "La chiedono in molti", "daily", 10, "phone")
    contributions.do_support_need(csr2, loud, "Anche in chat", customers=5)
    contributions.do_support_need(team_lead, loud, "Anche in negozio")
    MarketNeedSupport.objects.filter(need=loud, user=team_lead).update(created_at=timezone.now() - datetime.timedelta(days=10))
    contributions.do_flag_need(expert, experts_space, "Segreto del back office", "Solo esperti", "weekly", 1, "phone")
    rows = market_needs.ranked(team_lead, this_month())
    assert [(row["title"], row["support"], row["customers"], row["trend"]) for row in rows] == [
        # The author and csr2 in the last 7 days, the team lead in the 7 before; the author counts.
        ("eSIM per smartwatch", 3, 16, 1),
        ("Fattura in inglese", 1, 3, 1),
    ]
    assert rows[0]["status"] == MarketNeed.Status.NEW.label and quiet.pk == rows[1]["need"].pk


def test_crisis_receipts_per_crisis_and_team(home, csr, csr2):
    milano = Team.objects.create(name="Consumer Milano")
    milano.members.add(csr)
    Team.objects.create(name="Business Napoli").members.add(csr2)
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    acknowledgements.do_acknowledge(csr, crisis)
    make_user("redazione.crisi", roles.CONTENT_OWNER)  # not a CSR: not expected to read
    rows = crisis_receipts.per_crisis(this_month())
    assert [(row["crisis"].pk, row["acknowledged"], row["expected"], row["rate"]) for row in rows] == [(crisis.pk, 1, 2, 50.0)]
    assert [(team.name, team.acknowledged, team.expected) for team in rows[0]["teams"]] == [
        ("Business Napoli", 0, 1), ("Consumer Milano", 1, 1),
    ]
    only_milano = crisis_receipts.per_crisis(this_month(), team=milano)
    assert (only_milano[0]["acknowledged"], only_milano[0]["expected"], only_milano[0]["rate"]) == (1, 1, 100.0)


def test_crisis_receipts_list_only_crises_the_viewer_may_read(home, csr, team_lead):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    secret = published_article(CrisisPage, title="Incidente riservato agli esperti")
    public = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=roles.EXPERT)])
    expert_lead = make_user("capo.esperti", roles.EXPERT, roles.TEAM_LEAD)

    assert [row["crisis"].pk for row in crisis_receipts.per_crisis(this_month(), viewer=team_lead)] == [public.pk]
    assert {row["crisis"].pk for row in crisis_receipts.per_crisis(this_month(), viewer=expert_lead)} == {secret.pk, public.pk}


def test_read_over_time_uses_regular_steps_ending_now():
    from kb.read_receipts import cumulative

    start = timezone.make_aware(datetime.datetime(2026, 11, 24, 9, 0))
    reads = [start + datetime.timedelta(minutes=minutes) for minutes in (3, 20, 21, 95)]
    points = cumulative(start, start + datetime.timedelta(hours=3), reads)  # 15-minute steps: 12 points
    expected = [(15, 1), (30, 3), (45, 3), (60, 3), (75, 3), (90, 3)] + [(minutes, 4) for minutes in range(105, 181, 15)]
    assert [(point - start, count) for point, count in points] == [
        (datetime.timedelta(minutes=minutes), count) for minutes, count in expected
    ]
    assert cumulative(start, start, reads) == [(start, 0)]


def test_reads_are_counted_per_day_and_ranked(csr_client, home):
    from kb import page_views

    page_views.flush()  # reads counted by earlier tests, of articles that no longer exist, are dropped
    read_twice = published_article(AnswerPage, title="Disdetta online")
    read_once = published_article(AnswerPage, title="Cambio piano")
    for page in (read_twice, read_twice, read_once):
        assert csr_client.get(page.url).status_code == 200
    page_views.record_view(read_once.pk, day=timezone.localdate() - datetime.timedelta(days=60))  # outside the period
    page_views.flush()  # reads are written in batches
    assert knowledge_health.most_viewed(this_month()) == [
        {"article": read_twice.pk, "title": "Disdetta online", "views": 2},
        {"article": read_once.pk, "title": "Cambio piano", "views": 1},
    ]


def test_knowledge_health_never_shows_an_article_the_viewer_may_not_read(client, home, csr, expert, team_lead):
    """Experts read, open and report an article restricted to them; a team lead's dashboard and its exports
    show the unrestricted article only, while an expert's show both."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from kb import page_views

    page_views.flush()
    secret = published_article(AnswerPage, title="Piano riservato agli esperti")
    public = published_article(AnswerPage, title="Disdetta online")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=roles.EXPERT)])
    search = SearchLog.objects.create(user=expert, query="piano", result_count=2, latency_ms=5, engine="database")
    for article in (secret, public):
        ArticleReport.objects.create(article=article, reporter=expert, kind="outdated", note="Da rivedere")
        SearchClick.objects.create(search=search, result_type="answer", result_id=article.pk, position=1)
        page_views.record_view(article.pk)
    page_views.flush()
    make_user("capo.esperti", roles.EXPERT, roles.TEAM_LEAD)

    for username, sees_secret in (("teamleader", False), ("capo.esperti", True)):
        client.force_login(get_user(username))
        page = client.get("/insights/knowledge/").content.decode()
        exports = "".join(client.get("/insights/knowledge/", {"export": table}).content.decode()
                          for table in ("viewed", "flagged", "opened"))
        for text in (page, exports):
            assert "Disdetta online" in text
            assert ("Piano riservato agli esperti" in text) is sees_secret


def get_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
