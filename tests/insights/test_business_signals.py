"""Signals to the business and the Social Support Index: known questions and market needs give known
figures through the dashboards' CSV (per business function: received, first answers and decisions within
SLA, median hours to a decision, closed with an answer sent back, oldest open item; per team and month: the
index, its trend and each weighted part)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Team
from collaboration.actions import contributions, escalation, questions
from collaboration.models import EventKind, ImpactRule, MarketNeed, Question

pytestmark = pytest.mark.django_db


def test_signals_per_business_function(client, csr, csr2, expert, team_lead, everyone, billing_rule, billing_back_office, home):
    now = timezone.now()
    on_time = questions.do_create_question(csr, everyone, "Addebito doppio", "x", topic=billing_rule.topic)
    questions.do_post_answer(csr2, on_time, "Nota di credito")  # within its 30 minutes
    late = questions.do_create_question(csr, everyone, "Addebito triplo", "x", topic=billing_rule.topic)
    Question.objects.filter(pk=late.pk).update(created_at=now - datetime.timedelta(days=3, hours=1))

    product = Group.objects.create(name="Prodotto")
    ImpactRule.objects.create(name="Esigenze", event_kind=EventKind.NEED, responsible_group=product, resolution_minutes=600)
    decided = contributions.do_flag_need(csr, everyone, "IP statico per privati", "x", "daily", 3, "phone")
    MarketNeed.objects.filter(pk=decided.pk).update(created_at=now - datetime.timedelta(hours=4))
    contributions.do_change_need_status(expert, decided, MarketNeed.Status.DECLINED, "Non previsto")
    contributions.do_flag_need(csr, everyone, "eSIM per tablet", "x", "weekly", 2, "store")

    client.force_login(team_lead)
    lines = client.get("/insights/signals/?export=functions").content.decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        # function; received; first answers within SLA; decisions within SLA; median hours; closed; oldest open days
        # (the reader's formats, as on every dashboard: core.formatting)
        "Back office Fatturazione;2;50,0 %;0,0 %;—;50,0 %;3",
        "Prodotto;2;0,0 %;100,0 %;4,0;50,0 %;0",
    ]
    assert client.get("/insights/signals/?channel=store&export=functions").content.decode("utf-8-sig").splitlines()[1:] == [
        "Prodotto;1;0,0 %;0,0 %;—;0,0 %;0",
    ]


def test_social_support_index_from_known_parts(client, csr, csr2, expert, team_lead, everyone, billing_rule, home):
    team = Team.objects.create(name="Team Fibra")
    team.members.add(csr, team_lead)
    peer = questions.do_create_question(csr, everyone, "Modem rosso", "x", topic=billing_rule.topic, channel="phone")
    questions.do_post_answer(csr2, peer, "Riavvialo")  # by a peer, within the channel's SLA
    escalated = questions.do_create_question(csr, everyone, "Rimborso doppio", "x", topic=billing_rule.topic)
    escalation.do_escalate(escalated, user=csr)
    escalation.do_resolve_with_certified_answer(expert, escalated, "Nota di credito")  # within SLA, not an article
    questions.do_create_question(csr, everyone, "Ancora aperta", "x")
    today = timezone.localdate()
    last_month = datetime.datetime.combine(today.replace(day=1) - datetime.timedelta(days=3), datetime.time(12), tzinfo=timezone.get_current_timezone())
    before = questions.do_create_question(csr, everyone, "Modem spento", "x", topic=billing_rule.topic, channel="phone")
    questions.do_post_answer(csr2, before, "Riaccendilo")  # by a peer, within the channel's SLA
    Question.objects.filter(pk=before.pk).update(created_at=last_month)

    client.force_login(team_lead)
    query = f"start={today.replace(day=1).isoformat()}&end={today.isoformat()}"
    lines = client.get(f"/insights/social-support/?{query}&export=teams").content.decode("utf-8-sig").splitlines()
    # peers 1/3 (weight .30), articles 0/1 (.15), coverage 1/1 (.20), business nothing to measure, channels 1/1
    # (.20): (.30/3 + 0 + .20 + .20) / .85 = 58.8. The month before: peers 1/1 and channels 1/1, 100, so the
    # index moved -41.2 points, peers -66.7 and channels 0; the other parts had nothing to compare.
    assert lines[1:] == [f"{today:%Y-%m};Team Fibra;58,8;-41,2;33,3 %;-66,7;0,0 %;—;100,0 %;—;—;—;100,0 %;0,0"]
