"""A CSR's first day in the inbox: an account starts empty (loading an existing knowledge base announces
nothing), the inbox groups by day and kind, filters without JavaScript and says its time zone."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from kb.announcements import without_announcements
from kb.models import OfferPage
from notifications import services
from notifications.models import Kind, Notification
from tests.factories import published_article

pytestmark = pytest.mark.django_db


def test_importing_an_existing_knowledge_base_announces_nothing_but_news_is_announced(
    home, csr, tmp_path, django_capture_on_commit_callbacks
):
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"external_id": "OFF-1", "type": "offer", "title": "Fibra 1 Giga",
                                  "offer_code": "F1G", "eligibility": "Tutti",
                                  "body": "Fibra a 1 Giga per tutti."}) + "\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_kb", str(export), "--no-announce", stdout=open("/dev/null", "w"))
        with without_announcements():
            published_article(OfferPage, title="Offerta del catalogo")
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        published_article(OfferPage, title="Offerta nuova")
    assert list(Notification.objects.values_list("user__username", "subject")) == [("operatore", "Offerta nuova")]


def test_inbox_groups_by_day_and_kind_and_filters_without_javascript(csr_client, csr, home):
    services.notify([csr.pk], Kind.OFFER, "Fibra 1 Giga", "/offerte/")
    services.notify([csr.pk], Kind.DEFECT, "Modem spento", "/guasti-noti/")
    services.notify([csr.pk], Kind.OFFER, "Mobile 100 Giga", "/offerte/")
    old = services.notify([csr.pk], Kind.OFFER, "Offerta di ieri", "/offerte/")[0]
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    html = csr_client.get("/notifications/").content.decode()
    assert html.index("Oggi") < html.index("Mobile 100 Giga") < html.index("Fibra 1 Giga") < html.index("Modem spento")
    assert html.index("Modem spento") < html.index("Offerta di ieri")
    assert '<h3 class="notification-kind">Nuove offerte <span class="badge">2</span></h3>' in html
    assert "ora italiana (CET)." in html or "ora italiana (CEST)." in html
    assert " CET</time>" in html or " CEST</time>" in html

    filtered = csr_client.get("/notifications/?kind=defect").content.decode()
    assert "Modem spento" in filtered and "Fibra 1 Giga" not in filtered
    assert csr_client.get("/notifications/?kind=escalation").status_code == 400  # not a CSR's kind
    csr_client.post("/notifications/read-all/", {"kind": "defect"})
    assert services.unread_count(csr) == 3
    unread = csr_client.get("/notifications/?unread=on").content.decode()
    assert "Modem spento" not in unread and "Fibra 1 Giga" in unread
    assert csr_client.post("/notifications/read-all/", {"kind": "nonsense"}).status_code == 400
    csr_client.post("/notifications/read-all/")
    assert services.unread_count(csr) == 0

