"""Article reports, emerging problems and search gaps go through the impact table like questions and
needs: the most specific row wins across event kinds, SLA clocks run on the responsible function's
calendar, the escalation ladder tells the lead then hands to the fallback, the row's reviewers sign off
before a report is closed, the reporter is told the outcome, and only the people concerned read a signal."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts import roles
from collaboration.actions import contributions, questions, signals
from collaboration.models import (
    ArticleReport,
    BusinessCalendar,
    BusinessFunction,
    BusinessSignal,
    EventKind,
    ImpactRule,
    WorkflowStep,
)
from kb.models import AnswerPage
from notifications.models import Kind, Notification
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
FRIDAY_EVENING = datetime.datetime(2026, 11, 27, 19, tzinfo=ROME)
Source = BusinessSignal.Source


@pytest.fixture
def legal(db):
    group = Group.objects.create(name="Legale")
    make_user("avvocato", roles.APPROVER).groups.add(group)
    return group


@pytest.fixture
def product(db):
    group = Group.objects.create(name="Prodotto")
    make_user("prodotto", roles.EXPERT).groups.add(group)
    return group


@pytest.fixture
def report_rule(billing_rule, billing_back_office):
    """Reports on billing articles: the Billing back office acts, 4 working hours to act, 8 to close."""
    return ImpactRule.objects.create(
        name="Segnalazioni fatturazione", event_kind=EventKind.ARTICLE_REPORT, topic=billing_rule.topic,
        responsible_group=billing_back_office, priority="high", first_response_minutes=4 * 60, resolution_minutes=8 * 60,
    )


@pytest.fixture
def billing_article(home, billing_rule, offers_owner):
    article = published_article(AnswerPage, title="Seconda copia della fattura", content_owner=offers_owner)
    article.topics.add(billing_rule.topic)
    article.save()
    return article


def report(user, article, when=None):
    """A report through the action; `when` moves it back in time and routes it again as of then."""
    found = contributions.do_report_article(user, article, "outdated", "Il costo è cambiato")
    if when is not None:
        ArticleReport.objects.filter(pk=found.pk).update(created_at=when)
        found.refresh_from_db()
        found.signal.delete()
        signals.do_route_report(found)
    return BusinessSignal.objects.get(report=found)


def test_most_specific_row_wins_across_event_kinds(csr, everyone, billing_rule, billing_back_office, report_rule, billing_article, legal, product):
    ImpactRule.objects.create(name="Problemi emergenti", event_kind=EventKind.EMERGING_PROBLEM, responsible_group=product)
    ImpactRule.objects.create(name="Guasti emergenti", event_kind=EventKind.EMERGING_PROBLEM, tag="guasto", responsible_group=legal)
    ImpactRule.objects.create(name="Ricerche vuote", event_kind=EventKind.SEARCH_GAP, responsible_group=product)

    # The topic row without an event kind takes questions; the report row (kind + topic) takes reports.
    assert questions.do_create_question(csr, everyone, "Fattura", "x", topic=billing_rule.topic).impact_rule == billing_rule
    assert report(csr, billing_article).impact_rule == report_rule

    problem = signals.do_raise_signal(EventKind.EMERGING_PROBLEM, "emerging_problem:tags:guasto", "guasto", Source.TAGS, tags=["guasto"])
    assert (problem.impact_rule.name, problem.assigned_group) == ("Guasti emergenti", legal)
    other = signals.do_raise_signal(EventKind.EMERGING_PROBLEM, "emerging_problem:tags:modem", "modem", Source.TAGS, tags=["modem"])
    assert other.impact_rule.name == "Problemi emergenti"
    gap = signals.do_raise_signal(EventKind.SEARCH_GAP, "search_gap:esim estero", "esim estero", Source.NO_RESULT, tags=["esim"])
    assert (gap.impact_rule.name, gap.responsible_group) == ("Ricerche vuote", product)
    assert signals.do_raise_signal(EventKind.SEARCH_GAP, "search_gap:esim estero", "esim estero", Source.NO_RESULT) is None  # open: not twice


def test_report_sla_runs_on_the_function_calendar_and_climbs_the_ladder(
    django_capture_on_commit_callbacks, client, csr, expert, team_lead, billing_back_office, report_rule, billing_article
):
    on_call = Group.objects.create(name="Reperibilità")
    on_call_member = make_user("reperibile", roles.EXPERT)
    on_call_member.groups.add(on_call)
    BusinessFunction.objects.create(
        group=billing_back_office, calendar=BusinessCalendar.objects.create(name="Uffici 9-18"), lead=team_lead, fallback_group=on_call,
    )
    signal = report(csr, billing_article, when=FRIDAY_EVENING)
    # Friday 19:00 + 4 working hours = Monday 13:00; + 8 = Monday 17:00 (9-18, weekend closed).
    assert signal.first_response_due == datetime.datetime(2026, 11, 30, 13, tzinfo=ROME)
    assert signal.resolution_due == datetime.datetime(2026, 11, 30, 17, tzinfo=ROME)
    assert signal.assigned_group == billing_back_office and signal.priority == "high"
    client.force_login(expert)
    queue = client.get("/collaboration/signals/").content.decode()
    assert queue.count(f'data-business-signal="{signal.pk}"') == 1  # once, in the page's body
    assert "<section" not in queue.split("<title>")[1].split("</title>")[0]  # the title is text
    assert "30/11/2026 13:00 CET" in client.get(signal.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert signals.climb_signal_ladder(now=datetime.datetime(2026, 11, 30, 12, tzinfo=ROME)) == 0
        assert signals.climb_signal_ladder(now=datetime.datetime(2026, 11, 30, 14, tzinfo=ROME)) == 1
        assert signals.climb_signal_ladder(now=datetime.datetime(2026, 11, 30, 15, tzinfo=ROME)) == 0
    assert Notification.objects.filter(user=team_lead, kind=Kind.BREACH).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert signals.climb_signal_ladder(now=datetime.datetime(2026, 11, 30, 18, tzinfo=ROME)) == 1
    signal.refresh_from_db()
    assert signal.breach_level == 2 and signal.assigned_group == on_call
    assert Notification.objects.filter(user=on_call_member, kind=Kind.SIGNAL, url=signal.get_absolute_url()).count() == 1
    assert list(signal.steps.values_list("kind", flat=True)) == [
        WorkflowStep.Kind.ROUTED, WorkflowStep.Kind.LEAD_NOTIFIED, WorkflowStep.Kind.FALLBACK,
    ]


def test_reviewers_sign_off_before_a_report_closes_then_the_reporter_is_told(
    django_capture_on_commit_callbacks, client, csr, csr2, expert, team_lead, offers_owner, report_rule, billing_article, legal
):
    report_rule.reviewer_groups.add(legal)
    report_rule.informed_groups.add(Group.objects.get(name=roles.TEAM_LEAD))
    with django_capture_on_commit_callbacks(execute=True):
        signal = report(csr, billing_article)
    assert Notification.objects.filter(user=expert, kind=Kind.SIGNAL).count() == 1  # the responsible group
    assert Notification.objects.filter(user=team_lead, kind=Kind.INFORMED, detail=report_rule.name).count() == 1  # digest

    client.force_login(expert)
    client.post(f"/collaboration/signals/{signal.pk}/take/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/collaboration/signals/{signal.pk}/close/", {"reply": "Listino aggiornato: 2 € a copia."})
    signal.refresh_from_db()
    assert signal.is_open and signal.report.is_open and signal.first_action_at is not None
    assert not Notification.objects.filter(user=csr, kind=Kind.REPORT_REPLY).exists()
    with pytest.raises(ValidationError):
        contributions.do_close_report(offers_owner, signal.report, "Un'altra risposta")  # one outcome under review at a time
    lawyer = legal.user_set.get()
    assert Notification.objects.filter(user=lawyer, kind=Kind.SIGN_OFF).count() == 1

    client.force_login(lawyer)
    assert "Listino aggiornato" in client.get("/collaboration/signals/").content.decode()
    review = signal.reviews.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/collaboration/reviews/{review.pk}/sign-off/", {"decision": "approve", "reason": ""})
    signal.refresh_from_db()
    assert not signal.is_open and signal.report.reply == "Listino aggiornato: 2 € a copia."
    told = Notification.objects.get(user=csr, kind=Kind.REPORT_REPLY)
    assert told.url == signal.get_absolute_url()

    client.force_login(csr)
    html = client.get(signal.get_absolute_url()).content.decode()
    assert "data-outcome" in html and "Listino aggiornato" in html
    client.force_login(csr2)  # another operator: not theirs to read
    assert client.get(signal.get_absolute_url()).status_code == 404
    assert client.post(f"/collaboration/signals/{signal.pk}/close/", {"reply": "x"}).status_code == 404


def test_an_unrouted_report_stays_with_the_article_owner_who_closes_it_and_the_reporter_is_told(
    django_capture_on_commit_callbacks, client, csr, offers_owner, home
):
    article = published_article(AnswerPage, title="Disdetta online", content_owner=offers_owner)
    signal = report(csr, article)
    assert signal.responsible_group is None and signal.resolution_due is None
    client.force_login(offers_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/collaboration/reports/{signal.report_id}/close/", {"reply": "Corretto il link al modulo."})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.report.reply == "Corretto il link al modulo." and not signal.is_open
    assert Notification.objects.filter(user=csr, kind=Kind.REPORT_REPLY, url=signal.get_absolute_url()).count() == 1
    assert client.post(f"/collaboration/signals/{signal.pk}/close/", {"reply": ""}).status_code == 302  # refused, nothing lost
    assert BusinessSignal.objects.get(pk=signal.pk).outcome == "Corretto il link al modulo."
