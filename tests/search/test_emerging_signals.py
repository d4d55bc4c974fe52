"""Emerging problems and spikes of searches without result become business signals on the real
Elasticsearch node: the worker's periodic job (claimed once per its own period) raises one signal per
problem, routed by the impact table, never twice while open nor again right after its outcome, never
from a word of a private space; they show in the function's queue and on /insights/signals/."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from collaboration.actions import questions, signals
from collaboration.models import BusinessSignal, EventKind, ImpactRule, Question
from core import periodic
from insights.signal_detection import raise_detected_signals
from search.models import SearchLog
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.search]

TASK = "insights.tasks.raise_business_signals"


@pytest.fixture
def detection(settings):
    settings.SPORTELLO_PERIODIC_TASKS = [TASK]
    settings.SPORTELLO_PERIODIC_SECONDS = 60
    settings.SPORTELLO_PERIODIC_TASK_SECONDS = {TASK: 15 * 60}
    settings.SEARCH_TERM_MIN_USERS = 3
    settings.SIGNAL_SEARCH_GAP_MIN_USERS = 3
    settings.SIGNAL_SEARCH_GAP_WINDOW_HOURS = 24
    settings.SIGNAL_EMERGING_MIN_COUNT = 3
    settings.SIGNAL_EMERGING_LIMIT = 10


@pytest.fixture
def product(db):
    group = Group.objects.create(name="Prodotto")
    make_user("prodotto", roles.EXPERT).groups.add(group)
    return group


def searched(query, users, when, results=0):
    for user in users:
        SearchLog.objects.create(user=user, query=query, result_count=results, latency_ms=5, engine="elasticsearch", created_at=when)


def test_a_search_gap_is_raised_once_per_spike_by_the_periodic_job(search_index, detection, client, approver, product):
    ImpactRule.objects.create(name="Ricerche vuote", event_kind=EventKind.SEARCH_GAP, responsible_group=product, first_response_minutes=120)
    operators = [make_user(f"op{n}", roles.CSR) for n in range(3)]
    now = timezone.now()
    searched("eSIM  estero", operators, now - datetime.timedelta(hours=2))
    searched("esim estero", operators[:1], now - datetime.timedelta(hours=1))
    searched("codice fiscale rossi", operators[:2], now - datetime.timedelta(hours=1))  # two operators: below the threshold
    searched("bolletta", operators, now - datetime.timedelta(hours=1), results=4)  # found something
    searched("roaming cuba", operators, now - datetime.timedelta(hours=30))  # outside the window

    assert periodic.enqueue_due(now) == [TASK]
    gap = BusinessSignal.objects.get()
    assert (gap.kind, gap.title, gap.people, gap.count) == (EventKind.SEARCH_GAP, "esim estero", 3, 4)
    assert gap.responsible_group == product and gap.first_response_due is not None
    assert periodic.enqueue_due(now + datetime.timedelta(minutes=1)) == []  # its own period: 15 minutes
    assert periodic.enqueue_due(now + datetime.timedelta(minutes=15)) == [TASK]
    assert BusinessSignal.objects.count() == 1  # open: the same spike is not raised twice

    manager = product.user_set.get()
    signals.do_close_signal(manager, gap, "Aggiunto l'articolo sulle eSIM all'estero.")
    assert periodic.enqueue_due(now + datetime.timedelta(minutes=30)) == [TASK]
    assert BusinessSignal.objects.count() == 1  # closed within its window: the same spike stays closed

    client.force_login(approver)
    lines = client.get("/insights/signals/?export=signal_kinds").content.decode("utf-8-sig").splitlines()
    # function; event; received; first actions within SLA; closed with an outcome; oldest open (days)
    assert lines[1:] == ["Prodotto;Picco di ricerche senza risultato;1;100,0 %;100,0 %;—"]

    searched("esim estero", operators, now + datetime.timedelta(hours=30))
    assert raise_detected_signals(now + datetime.timedelta(hours=31)) == 1  # a new spike, a day later


def asked(user, space, title, days_ago, tags):
    question = questions.do_create_question(user, space, title, "Dettagli del caso.", tags=tags)
    Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_emerging_problems_become_signals_but_never_from_a_private_space(
    search_index, index_pending, detection, client, settings, csr, expert, everyone, experts_space, product
):
    settings.COLLABORATION_POST_RATE = (100, 60)
    ImpactRule.objects.create(name="Problemi emergenti", event_kind=EventKind.EMERGING_PROBLEM, responsible_group=product)
    for days_ago in (9, 14, 19, 24, 29):
        asked(csr, everyone, "Bolletta con importo doppio rispetto al mese scorso", days_ago, ["bolletta"])
    this_week = [
        ("Modem Aurora lampeggia arancione dopo l'aggiornamento", "Centrale Torino sovraccarica dopo la manutenzione"),
        ("Cliente con il modem Aurora che lampeggia", "Sovraccarico della centrale di Torino nord"),
        ("Aurora: modem arancione fisso da stamattina", "Torino, centrale ferma: clienti senza linea"),
        ("Il modem Aurora non si connette più", "Centrale di Torino ancora sovraccarica"),
    ]
    for days_ago, (public_title, private_title) in enumerate(this_week, start=1):
        asked(csr, everyone, public_title, days_ago, ["firmware"])
        asked(expert, experts_space, private_title, days_ago, ["centrale"])
    index_pending()

    assert periodic.enqueue_due(timezone.now()) == [TASK]
    keys = set(BusinessSignal.objects.filter(kind=EventKind.EMERGING_PROBLEM).values_list("key", flat=True))
    assert "emerging_problem:tags:firmware" in keys
    assert keys & {"emerging_problem:words:modem", "emerging_problem:words:aurora"}
    assert not any(word in key for key in keys for word in ("centr", "torin", "sovracc", "bollett"))
    firmware = BusinessSignal.objects.get(key="emerging_problem:tags:firmware")
    assert (firmware.count, firmware.responsible_group) == (4, product)

    client.force_login(product.user_set.get())
    html = client.get("/collaboration/signals/").content.decode()
    assert f'data-business-signal="{firmware.pk}"' in html
