"""Dashboards write numbers, percentages and dates in the reader's language (page, CSV and chart labels alike),
count axes have no fractions, and emerging problems answer from the database without Elasticsearch."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from accounts import roles
from collaboration.models import MarketNeed, Question
from insights import emerging
from kb import acknowledgements
from kb.models import CrisisPage
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = None


@pytest.fixture
def lead_client(client, team_lead, home):
    client.force_login(team_lead)
    return client


def charts(html):
    return {chart["id"]: chart for chart in json.loads(html.split('id="insights-charts" type="application/json">')[1].split("</script>")[0])}


def test_crisis_dashboard_writes_rates_and_times_in_each_language(lead_client, csr, csr2):
    crisis = published_article(CrisisPage, title="Blackout fibra Lombardia")
    acknowledgements.do_acknowledge(csr, crisis)
    italian = lead_client.get("/insights/crises/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    english = lead_client.get("/insights/crises/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>50,0 %</td>" in italian and "<td>50.0%</td>" in english
    today = timezone.localdate().strftime("%d/%m/%Y")
    over_time = italian.split('id="heading-over-time"')[1]
    assert f"<th scope=\"row\">{today} " in over_time and timezone.localdate().isoformat() not in over_time
    assert charts(italian)["chart-per-crisis"]["integer"] is False and charts(italian)["chart-per-crisis"]["percent"] is True

    csv = lead_client.get("/insights/crises/?export=per-crisis", HTTP_ACCEPT_LANGUAGE="it").content.decode("utf-8-sig")
    assert csv.splitlines()[1] == "Blackout fibra Lombardia;1;2;50,0 %"


def test_question_dashboard_writes_days_and_shares_and_counts_whole_numbers(lead_client):
    url = "/insights/questions/?start=2026-11-01&end=2026-11-03"
    italian = lead_client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert '<th scope="row">01/11/2026</th>' in italian and "2026-11-01</th>" not in italian
    assert "<dd>0,0 %</dd>" in italian
    per_day = charts(italian)["chart-per-day"]
    assert per_day["labels"] == ["01/11/2026", "02/11/2026", "03/11/2026"] and per_day["integer"] is True
    english = lead_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dd>0.0%</dd>" in english and '<th scope="row">01/11/2026</th>' in english
    csv = lead_client.get(url + "&export=per-day").content.decode("utf-8-sig").splitlines()
    assert csv[1:] == ["01/11/2026;0", "02/11/2026;0", "03/11/2026;0"]


def post(model, space, author, title, days_ago, **fields):
    at = timezone.now() - datetime.timedelta(days=days_ago, hours=1)
    if model is Question:
        item = Question.objects.create(space=space, author=author, title=title, body="x", body_html="x", **fields)
    else:
        item = MarketNeed.objects.create(space=space, author=author, title=title, customers_ask="x", customers_ask_html="x",
                                         frequency=MarketNeed.Frequency.choices[0][0], **fields)
    model.objects.filter(pk=item.pk).update(created_at=at)
    return item


def test_emerging_problems_without_elasticsearch_come_from_the_database(lead_client, csr, everyone, experts_space, expert):
    for days_ago in (0, 1, 2):
        question = post(Question, everyone, csr, "Roaming in Svizzera non funziona", days_ago)
        question.tags.add("roaming")
    post(MarketNeed, everyone, csr, "Pacchetto roaming per la Svizzera", 3)
    post(Question, everyone, csr, "Fattura non arrivata", 3)
    post(Question, everyone, csr, "Fattura non arrivata", 12)  # an old problem, not rising
    for days_ago in (0, 1, 2, 3):  # a private space the team lead cannot read: never counted
        post(Question, experts_space, expert, "Segreto interno esperti", days_ago)

    found = emerging.rising_in_posts(make_user("lead2", roles.TEAM_LEAD))
    assert found["terms"][:2] == [("roaming", 4, 0.0), ("svizzera", 4, 0.0)]
    assert all(term not in ("segreto", "interno", "esperti", "fattura") for term, _count, _mean in found["terms"])
    assert found["tags"] == [("roaming", 3, 0.0)]

    html = lead_client.get("/insights/emerging/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "questi dati vengono dal database" in html
    terms = html.split('id="heading-terms"')[1].split("</section>")[0]
    assert '<th scope="row">roaming</th><td>4</td><td>0,0</td>' in re.sub(r">\s+<", "><", terms)
    assert "segreto" not in html
