"""Dashboard metrics on fixture data with known answers: content gaps from the search log and Q&A health,
including empty periods, Italian day boundaries and spaces the viewer cannot read."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Team
from collaboration.actions import certification, questions
from collaboration.models import Question
from insights import content_gaps, qa_health
from insights.periods import Period
from search.models import SearchClick, SearchLog

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 10)
WEEK = Period(DAY, DAY + datetime.timedelta(days=6))


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def logged(query, results, at, user=None, clicks=(), source="page"):
    search = SearchLog.objects.create(
        query=query, result_count=results, latency_ms=10, engine="elasticsearch", source=source, created_at=at, user=user
    )
    for position in clicks:
        SearchClick.objects.create(search=search, result_type="answer", result_id=1, position=position)
    if clicks:
        search.first_click_position = clicks[0]  # as search.views.result_click records it
        search.save()
    return search


def test_empty_period_has_no_terms_and_no_rates():
    assert content_gaps.by_term(WEEK) == []
    assert content_gaps.click_through(WEEK) == {
        "searches": 0, "with_results": 0, "clicked": 0, "rate": 0.0, "mean_position": None,
    }


def test_terms_are_grouped_and_gaps_counted():
    logged("Roaming Svizzera", 0, local(DAY, 9))
    logged("  roaming svizzera ", 0, local(DAY, 10))
    logged("roaming svizzera", 4, local(DAY, 11), clicks=[2, 5])
    logged("fattura", 10, local(DAY, 12))
    logged("fattura", 10, local(DAY, 13), clicks=[1])
    logged("similar lookups are not typed searches", 0, local(DAY, 14), source="similar")
    assert content_gaps.by_term(WEEK) == [
        {"term": "roaming svizzera", "searches": 3, "no_result": 2, "no_click": 0, "clicked": 1, "position_sum": 2, "users": 0},
        {"term": "fattura", "searches": 2, "no_result": 0, "no_click": 1, "clicked": 1, "position_sum": 1, "users": 0},
    ]
    every_term = content_gaps.by_term(WEEK, limit=None)
    assert [row["term"] for row in content_gaps.without_results(every_term)] == ["roaming svizzera"]
    assert [row["term"] for row in content_gaps.without_clicks(every_term)] == ["fattura"]
    # 3 searches had results, 2 got a click; the first results opened were at positions 2 and 1.
    assert content_gaps.click_through(WEEK) == {
        "searches": 5, "with_results": 3, "clicked": 2, "rate": 66.7, "mean_position": 1.5,
    }


def test_days_are_italian_days():
    logged("prima della mezzanotte", 1, local(DAY - datetime.timedelta(days=1), 23, 30))  # 22:30 UTC, outside
    logged("dopo la mezzanotte", 1, local(DAY, 0, 30))  # 23:30 UTC the day before, inside
    assert [row["term"] for row in content_gaps.by_term(WEEK)] == ["dopo la mezzanotte"]


def test_team_filter(csr, csr2):
    team = Team.objects.create(name="Consumer Milano")
    team.members.add(csr)
    logged("fibra", 3, local(DAY, 9), user=csr)
    logged("fibra", 3, local(DAY, 9), user=csr2)
    assert content_gaps.by_term(WEEK, team=team)[0]["searches"] == 1


def ask(user, space, at, **fields):
    question = questions.do_create_question(user, space, f"Domanda delle {at:%H:%M} su un caso", "Dettagli")
    Question.objects.filter(pk=question.pk).update(created_at=at, **fields)
    return question


def test_qa_health_with_known_answers(team_lead, csr, everyone, experts_space, expert):
    answered_fast = ask(csr, everyone, local(DAY, 9), first_response_at=local(DAY, 9, 10), first_response_minutes=10,
                        first_response_due=local(DAY, 9, 30))
    ask(csr, everyone, local(DAY, 10), first_response_at=local(DAY, 11), first_response_minutes=60, first_response_due=local(DAY, 10, 30),
        escalated_at=local(DAY, 10, 31), resolution_due=local(DAY, 12), resolved_at=local(DAY, 13))
    ask(csr, everyone, local(DAY + datetime.timedelta(days=2), 15))
    ask(expert, experts_space, local(DAY, 9))  # unreadable for the team lead: never counted
    answered_fast.refresh_from_db()
    answer = questions.do_post_answer(expert, answered_fast, "Risposta")
    certification.do_certify_answer(expert, answer)
    found = qa_health.questions(team_lead, WEEK)
    result = qa_health.summary(found)
    assert (result["total"], result["answered"], result["answered_share"]) == (3, 2, 66.7)
    assert (result["with_sla"], result["within_sla"], result["within_sla_share"]) == (2, 1, 50.0)
    assert result["median_minutes_to_first_answer"] == 35.0  # 10 and 60 minutes
    assert (result["escalated"], result["breached"], result["certified"]) == (1, 1, 1)
    days = dict(qa_health.per_day(found, WEEK))
    assert len(days) == 7 and days[DAY] == 2 and days[DAY + datetime.timedelta(days=2)] == 1 and days[DAY + datetime.timedelta(days=1)] == 0


def test_qa_health_of_an_empty_period(team_lead):
    found = qa_health.questions(team_lead, WEEK)
    result = qa_health.summary(found)
    assert (result["total"], result["answered_share"], result["median_minutes_to_first_answer"]) == (0, 0.0, None)
    assert qa_health.per_day(found, WEEK) == [(day, 0) for day in WEEK.days]


def test_questions_per_day_follow_italian_midnight_also_across_the_clock_change(team_lead, csr, everyone):
    # 25 October 2026: summer time ends, so that day has 25 hours; midnights are 22:00 UTC before, 23:00 after.
    week = Period(datetime.date(2026, 10, 24), datetime.date(2026, 10, 26))
    for at in (local(datetime.date(2026, 10, 24), 23, 50), local(datetime.date(2026, 10, 25), 0, 10),
               local(datetime.date(2026, 10, 25), 23, 59), local(datetime.date(2026, 10, 26), 0, 1)):
        ask(csr, everyone, at)
    days = qa_health.per_day(qa_health.questions(team_lead, week), week)
    assert days == [(datetime.date(2026, 10, 24), 1), (datetime.date(2026, 10, 25), 2), (datetime.date(2026, 10, 26), 1)]
    assert qa_health.per_week(days) == [(datetime.date(2026, 10, 19), 3), (datetime.date(2026, 10, 26), 1)]
