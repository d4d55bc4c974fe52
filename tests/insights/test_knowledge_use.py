"""The knowledge-use dashboard on fixture data with known answers: link rate per channel from the contacts the
CRM reports, reuse and helpfulness per article and per owner, answers used per team and channel, articles
never used; titles only of articles the viewer may read; CSV export."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts import roles
from accounts.models import Team
from api.actions.contacts import do_record_contact
from api.actions.usage import do_record_usage
from api.models import ArticleFeedback
from insights import knowledge_use
from insights.periods import Period
from kb.models import AnswerPage
from tests.factories import published_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def used(home, csr, csr2, team_lead, approver):
    """Desk Milano (csr, the lead) and Desk Roma (csr2); three answers, one used twice, one restricted to experts."""
    milano, roma = Team.objects.create(name="Desk Milano"), Team.objects.create(name="Desk Roma")
    milano.members.add(csr, team_lead)
    roma.members.add(csr2)
    disdetta = published_article(AnswerPage, title="Disdetta online", content_owner=approver)
    secret = published_article(AnswerPage, title="Procedura riservata")
    restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=roles.EXPERT))
    unused = published_article(AnswerPage, title="Trasloco linea")
    do_record_usage(csr, disdetta, disdetta.live_revision, "C-1", "chat")
    do_record_usage(csr2, disdetta, disdetta.live_revision, "C-2", "phone")
    do_record_usage(csr2, secret, secret.live_revision, "C-2", "phone")  # the same contact: counted once
    for contact_id, channel, user in (("C-3", "chat", csr), ("C-4", "phone", csr2), ("C-5", "phone", csr2),
                                      ("C-2", "phone", csr2)):  # a contact with a use reported again
        do_record_contact(user, contact_id, channel)
    ArticleFeedback.objects.create(article=disdetta, helpful=True, reason="answered", user=csr)
    ArticleFeedback.objects.create(article=disdetta, helpful=False, reason="outdated", user=csr2)
    ArticleFeedback.objects.create(article=secret, helpful=True, reason="answered", user=csr2)
    return {"milano": milano, "roma": roma, "disdetta": disdetta, "secret": secret, "unused": unused}


def today():
    return Period.ending_today(days=7)


def test_link_rate_counts_contacts_per_channel_and_once_in_the_total(used):
    *channels, total = knowledge_use.link_rate(today())
    assert [(row["channel"], row["reported"], row["linked"], row["rate"]) for row in channels] == [
        ("phone", 3, 1, 33.3), ("chat", 2, 1, 50.0)]
    assert (total["reported"], total["linked"], total["rate"]) == (5, 2, 40.0)
    *_channels, milano = knowledge_use.link_rate(today(), used["milano"])
    assert (milano["reported"], milano["linked"]) == (2, 1)


def test_reuse_and_helpfulness_show_only_articles_the_viewer_may_read(used, team_lead, expert):
    assert knowledge_use.reuse(team_lead, today()) == [
        {"article": used["disdetta"].pk, "title": "Disdetta online", "contacts": 2, "csrs": 2}]
    assert [row["title"] for row in knowledge_use.reuse(expert, today())] == ["Disdetta online", "Procedura riservata"]
    assert knowledge_use.helpfulness(team_lead, today()) == [
        {"article": used["disdetta"].pk, "title": "Disdetta online", "ratings": 2, "helpful": 1, "share": 50.0}]
    assert knowledge_use.helpfulness_by_owner(today()) == [
        {"owner": "approvatore", "ratings": 2, "helpful": 1, "share": 50.0},
        {"owner": "—", "ratings": 1, "helpful": 1, "share": 100.0}]


def test_answers_used_per_team_and_channel_and_articles_never_used(used, team_lead, expert):
    assert knowledge_use.used_by_team_and_channel(today()) == [
        {"team": "Desk Milano", "channel": "Chat", "uses": 1}, {"team": "Desk Roma", "channel": "Telefono", "uses": 2}]
    assert knowledge_use.used_by_team_and_channel(today(), used["roma"]) == [
        {"team": "Desk Roma", "channel": "Telefono", "uses": 2}]
    assert [row["title"] for row in knowledge_use.never_used(team_lead)] == ["Trasloco linea"]


def test_the_dashboard_shows_the_link_rate_and_exports_each_table(client, team_lead, used):
    client.force_login(team_lead)
    html = client.get("/insights/use/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Uso della conoscenza" in html and "40,0 %" in html and "Procedura riservata" not in html
    response = client.get("/insights/use/?export=link-rate")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [["Telefono", "3", "1", "33,3 %"], ["Chat", "2", "1", "50,0 %"]]
    assert client.get("/insights/use/?export=nothing").status_code == 404
