"""Emerging problems on the real Elasticsearch node: words and tags rising this week against the previous
four weeks, never from a space the viewer cannot read."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from collaboration.actions import questions
from collaboration.models import Question
from insights import emerging
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def asked(user, space, title, days_ago, tags=()):
    question = questions.do_create_question(user, space, title, "Dettagli del caso.", tags=tags)
    Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return question


def test_a_new_problem_rises_and_private_spaces_stay_private(
    search_index, index_pending, settings, csr, expert, team_lead, everyone, experts_space
):
    settings.COLLABORATION_POST_RATE = (100, 60)
    for days_ago in (9, 12, 15, 18, 21, 24, 27, 30):
        asked(csr, everyone, "Bolletta con importo doppio rispetto al mese scorso", days_ago, tags=["bolletta"])
    this_week = [
        ("Modem Aurora lampeggia arancione dopo l'aggiornamento", "Centrale Torino sovraccarica dopo la manutenzione"),
        ("Cliente con il modem Aurora che lampeggia", "Sovraccarico della centrale di Torino nord"),
        ("Aurora: modem arancione fisso da stamattina", "Torino, centrale ferma: clienti senza linea"),
        ("Il modem Aurora non si connette più", "Centrale di Torino ancora sovraccarica"),
    ]
    for days_ago, (public_title, private_title) in enumerate(this_week, start=1):
        asked(csr, everyone, public_title, days_ago, tags=["firmware"])
        asked(expert, experts_space, private_title, days_ago, tags=["centrale"])
    asked(csr, everyone, "Bolletta con importo doppio anche questa settimana", 2, tags=["bolletta"])
    index_pending()

    found = emerging.significant(team_lead)
    terms = [term for term, _count, _score in found["terms"]]
    tags = [tag for tag, _count, _score in found["tags"]]
    assert "modem" in terms and "aurora" in terms
    assert "bolletta" not in terms  # steady: every week, not rising
    assert tags == ["firmware"]
    assert not any(term.startswith(("centra", "torin", "sovracc")) for term in terms)  # experts' space only

    assert "centrale" in [tag for tag, _count, _score in emerging.significant(expert)["tags"]]


def test_words_rising_in_searches(search_index, team_lead):
    from search.models import SearchLog
    from search.search_log_index import index_new_searches

    now = timezone.now()
    steady = ["fattura non arrivata", "costo chiamate estero", "fattura doppia", "recesso contratto"]
    rows = [(query, days_ago) for days_ago in range(1, 35, 3) for query in steady]
    rows += [(query, days_ago) for days_ago in (0, 1, 2, 3) for query in ("app MyAurora crash", "MyAurora non si apre")]
    rows += [("similar lookup ignored", 1)] * 5
    operators = [make_user(f"op{n}", roles.CSR) for n in range(3)]  # a word must come from 3 operators to show
    SearchLog.objects.bulk_create([
        SearchLog(query=query, result_count=3, latency_ms=5, engine="elasticsearch", created_at=now - datetime.timedelta(days=days_ago),
                  source="similar" if query.startswith("similar") else "page", user=operators[number % 3])
        for number, (query, days_ago) in enumerate(rows)
    ])
    assert index_new_searches() == len(rows) - 5
    assert index_new_searches() == 0  # only what is new

    words = [word for word, _count, _score in emerging.significant(team_lead)["searches"]]
    assert "myaurora" in words
    assert not {"fattura", "recesso", "similar"} & set(words)
