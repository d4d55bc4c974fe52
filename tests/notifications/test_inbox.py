"""The inbox and the preferences page, without JavaScript: unread count, reading, preferences with
clear errors, crises that cannot be muted."""

import pytest

from notifications import services
from notifications.models import DEFAULT_DELIVERY, Delivery, DeliveryPreference, Kind, Notification

pytestmark = pytest.mark.django_db


def notify_csr(csr, count=1):
    for number in range(count):
        services.notify([csr.pk], Kind.OFFER, f"Offerta {number}", "/offerte/")


def test_header_shows_the_unread_count(csr_client, csr, home):
    notify_csr(csr, 3)
    html = csr_client.get("/notifications/").content.decode()
    assert '<span data-count-value>3</span>' in html
    assert "Nuova offerta: Offerta 2" in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(csr_client, csr):
    notify_csr(csr)
    notification = Notification.objects.get(user=csr)
    response = csr_client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/offerte/"
    assert services.unread_count(csr) == 0


def test_nobody_opens_someone_elses_notification(client, csr, approver):
    notify_csr(csr)
    client.force_login(approver)
    assert client.get(f"/notifications/{Notification.objects.get().pk}/open/").status_code == 404


def test_mark_all_read(csr_client, csr):
    notify_csr(csr, 2)
    csr_client.post("/notifications/read-all/")
    assert services.unread_count(csr) == 0


def test_preferences_are_saved_and_crises_are_not_offered(csr_client, csr, fibra):
    form = csr_client.get("/notifications/preferences/").content.decode()
    assert 'name="delivery_crisis"' not in form and 'name="delivery_mention"' in form
    # Each kind's default (live, or the digest for the impact table's informed signals) stores nothing.
    data = {f"delivery_{kind}": DEFAULT_DELIVERY.get(kind, Delivery.LIVE) for kind in Kind.values if kind != Kind.CRISIS}
    data |= {"delivery_mention": Delivery.EMAIL, "delivery_offer": Delivery.OFF, "delivery_informed": Delivery.LIVE}
    data |= {"products": [fibra.pk], "tags": ""}
    assert csr_client.post("/notifications/preferences/", data).status_code == 302
    assert dict(DeliveryPreference.objects.filter(user=csr).values_list("kind", "delivery")) == {
        Kind.MENTION: Delivery.EMAIL, Kind.OFFER: Delivery.OFF, Kind.INFORMED: Delivery.LIVE,
    }
    assert list(csr.interests.products.all()) == [fibra]


def test_unknown_tags_are_refused_with_what_was_typed_kept(csr_client, csr):
    data = {f"delivery_{kind}": Delivery.LIVE for kind in Kind.values if kind != Kind.CRISIS} | {"tags": "fibra-inesistente"}
    html = csr_client.post("/notifications/preferences/", data, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Nessun articolo o domanda usa questi tag: fibra-inesistente." in html
    assert 'value="fibra-inesistente"' in html
    assert not DeliveryPreference.objects.filter(user=csr).exists()
