"""Signals to the business: per business function, known questions and market needs give known figures
(received, first answers and decisions within SLA, median hours to a decision, closed with an answer sent
back, oldest open item), through the dashboard's CSV."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from collaboration.actions import contributions, questions
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
        # function; received; first answers within SLA %; decisions within SLA %; median hours; closed %; oldest open days
        "Back office Fatturazione;2;50.0;0.0;—;50.0;3",
        "Prodotto;2;0.0;100.0;4.0;50.0;0",
    ]
    assert client.get("/insights/signals/?channel=store&export=functions").content.decode("utf-8-sig").splitlines()[1:] == [
        "Prodotto;1;0.0;0.0;—;0.0;0",
    ]
