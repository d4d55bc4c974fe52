"""A crisis briefing is exact: what changed and when, who read the current version, real dates, an overdue
update flagged, lists rendered. Republishing through the admin form, banners and pages as CSRs get them."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from accounts import roles
from insights import crisis_receipts
from insights.periods import Period
from kb import acknowledgements
from kb.models import CrisisPage
from notifications.models import Kind, Notification
from notifications.tasks import notify_overdue_crisis_updates
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db


def republish(crisis, kind, note, **changes):
    """Publish a new revision the way the admin does, with the publisher's kind of change and note; what
    runs after commit runs (the banners' cache is dropped, kb.signal_handlers)."""
    crisis = CrisisPage.objects.get(pk=crisis.pk)
    for name, value in {"change_kind": kind, "change_note": note, **changes}.items():
        setattr(crisis, name, value)
    with TestCase.captureOnCommitCallbacks(execute=True):
        crisis.save_revision().publish()
    return CrisisPage.objects.get(pk=crisis.pk)


def crisis_form_data(crisis, **overrides):
    data = {
        "title": crisis.title, "slug": crisis.slug, "summary": crisis.summary,
        "severity": crisis.severity, "status": crisis.status,
        "started_at": timezone.localtime(crisis.started_at).strftime("%Y-%m-%d %H:%M"), "ended_at": "", "next_update_at": "",
        "affected_regions": crisis.affected_regions, "affected_services": "",
        "holding_statement": crisis.holding_statement, "do_not_say": crisis.do_not_say,
        "updates": streamfield([]), "faq": streamfield([]), "body": streamfield([]),
        "language": "it", "review_by": crisis.review_by.isoformat(), "tags": "",
        "change_kind": "", "change_note": "", "comments": inline_formset([]),
        "action-publish": "Publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_republishing_in_the_admin_requires_a_change_note_and_its_kind(client, approver, home):
    crisis = published_article(CrisisPage, title="Blackout fibra Lombardia")
    client.force_login(approver)
    edit = reverse("wagtailadmin_pages:edit", args=(crisis.pk,))
    form = client.get(edit).content.decode()
    assert 'name="change_note"' in form and 'name="change_kind"' in form

    refused = client.post(edit, crisis_form_data(crisis, holding_statement="Nuovo testo."))
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"change_note", "change_kind"}
    assert CrisisPage.objects.get(pk=crisis.pk).holding_statement != "Nuovo testo."

    accepted = client.post(edit, crisis_form_data(
        crisis, holding_statement="Nuovo testo.", change_kind="new_information", change_note="Tecnici sul posto",
    ))
    assert accepted.status_code == 302
    live = CrisisPage.objects.get(pk=crisis.pk)
    assert live.holding_statement == "Nuovo testo."
    assert live.live_revision.content["change_note"] == "Tecnici sul posto"
    # The next change starts with an empty note: the last one is not silently repeated.
    assert 'value="Tecnici sul posto"' not in client.get(edit).content.decode()


def test_a_minor_correction_keeps_acknowledgements_and_new_information_asks_again(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout fibra Lombardia")
    acknowledgements.do_acknowledge(csr, crisis)
    client.force_login(csr)

    crisis = republish(crisis, "minor", "Refuso corretto")
    assert acknowledgements.banners_for(csr) == []
    assert f'data-crisis-id="{crisis.pk}"' not in client.get("/").content.decode()

    crisis = republish(crisis, "new_information", "Ripristino previsto in serata")
    html = client.get("/").content.decode()
    assert f'data-crisis-id="{crisis.pk}"' in html
    assert "Ripristino previsto in serata" in html.split(f'data-crisis-id="{crisis.pk}"')[1]
    page = client.get(crisis.url).content.decode()
    assert "Ripristino previsto in serata" in page.split("data-crisis-change")[1]
    changes = page.split("data-crisis-changes")[1]
    assert "correzione minore · Refuso corretto" in changes and "nuove informazioni · Ripristino previsto" in changes


def test_the_change_note_says_when_in_the_readers_language(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout fibra Lombardia")
    republish(crisis, "new_information", "Tecnici sul posto")
    client.force_login(csr)
    at = timezone.localtime().strftime("%H:%M")
    assert f"Aggiornata alle {at}: Tecnici sul posto" in client.get("/").content.decode()
    assert f"Updated at {at}: Tecnici sul posto" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_read_receipts_count_the_current_version_and_list_older_reads_apart(client, csr, csr2, team_lead, home):
    crisis = published_article(CrisisPage, title="Blackout fibra Lombardia")
    acknowledgements.do_acknowledge(csr, crisis)
    acknowledgements.do_acknowledge(csr2, crisis)
    crisis = republish(crisis, "new_information", "Estesa al Piemonte")
    acknowledgements.do_acknowledge(csr2, crisis)
    client.force_login(team_lead)

    html = client.get(f"/kb/crises/{crisis.pk}/receipts/").content.decode()
    assert "1 operatore su 2 ha letto la versione attuale di questo briefing (50,0 %)." in html
    assert "operatore" in html.split("data-read-earlier")[1] and "operatore2" not in html.split("data-read-earlier")[1]
    assert "operatore2" in html.split("data-read-current")[1].split("data-read-earlier")[0]

    crisis = republish(crisis, "new_information", "Ripristino in corso")
    html = client.get(f"/kb/crises/{crisis.pk}/receipts/").content.decode()
    assert "0 operatori su 2 hanno letto la versione attuale di questo briefing (0,0 %)." in html

    acknowledgements.do_acknowledge(csr, crisis)
    acknowledgements.do_acknowledge(csr2, crisis)
    html = client.get(f"/kb/crises/{crisis.pk}/receipts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 of 2 operators have read the current version of this briefing (100.0%)." in html
    # The dashboard counts the same way (one figure, one function).
    today = timezone.localdate()
    row = crisis_receipts.per_crisis(Period(today, today))[0]
    assert (row["acknowledged"], row["expected"]) == (2, 2)


def test_dashboard_does_not_count_a_read_of_an_older_version(csr, csr2, home):
    crisis = published_article(CrisisPage, title="Blackout fibra Lombardia")
    acknowledgements.do_acknowledge(csr, crisis)
    republish(crisis, "new_information", "Estesa al Piemonte")
    today = timezone.localdate()
    row = crisis_receipts.per_crisis(Period(today, today))[0]
    assert (row["acknowledged"], row["expected"], row["rate"]) == (0, 2, 0.0)


def test_a_crisis_started_days_ago_shows_its_date_and_an_overdue_update(client, csr, home):
    started = timezone.now() - datetime.timedelta(days=5)
    next_update = timezone.now() - datetime.timedelta(hours=2)
    crisis = published_article(
        CrisisPage, title="Blackout fibra Lombardia", started_at=started, next_update_at=next_update,
        do_not_say="- Non promettere indennizzi.\n- Non dare orari di ripristino.",
    )
    client.force_login(csr)
    banner = client.get("/").content.decode().split('class="crisis-banners"')[1]
    day = timezone.localtime(started).strftime("%d/%m/%Y")
    assert f"Iniziata il {day} alle" in banner and "di oggi" not in banner
    assert "Aggiornamento in ritardo" in banner.split("crisis-banner__overdue")[1].split("</span>")[0]
    page = client.get(crisis.url).content.decode()
    assert timezone.localtime(started).strftime("%d/%m/%Y %H:%M") in page
    assert "Aggiornamento in ritardo" in page.split("data-next-update")[1]
    assert "<li>Non promettere indennizzi.</li><li>Non dare orari di ripristino.</li>" in page
    assert "- Non promettere" not in page

    republish(crisis, "new_information", "Nuovo orario", next_update_at=timezone.now() + datetime.timedelta(hours=1))
    banner = client.get("/").content.decode().split('class="crisis-banners"')[1]
    assert banner.split("crisis-banner__overdue")[1].split(">")[0].endswith("hidden")


def test_the_owner_is_told_once_when_the_announced_update_is_overdue(home):
    owner = make_user("redazione.crisi", roles.CONTENT_OWNER)
    crisis = published_article(
        CrisisPage, title="Blackout fibra Lombardia", content_owner=owner,
        next_update_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    published_article(CrisisPage, title="Rallentamenti app", content_owner=owner,
                      next_update_at=timezone.now() + datetime.timedelta(hours=1))
    notify_overdue_crisis_updates.call()
    notify_overdue_crisis_updates.call()
    sent = Notification.objects.filter(user=owner, kind=Kind.CRISIS_OVERDUE)
    assert [n.page_id for n in sent] == [crisis.pk]

    # A new announced time that passes in turn is told again.
    republish(crisis, "minor", "Nuovo orario", next_update_at=timezone.now() - datetime.timedelta(minutes=1))
    notify_overdue_crisis_updates.call()
    assert Notification.objects.filter(user=owner, kind=Kind.CRISIS_OVERDUE).count() == 2
