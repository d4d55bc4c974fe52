"""Live crisis banners and read receipts over a real Channels consumer (WebsocketCommunicator, in-memory layer)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator

from accounts import roles
from accounts.models import Team
from config.asgi import application
from kb import acknowledgements
from kb.models import CrisisAcknowledgement, CrisisPage
from notifications.models import Delivery, DeliveryPreference, Kind, Notification
from tests.factories import make_user, published_article
from tests.realtime.sockets import HOST, ORIGIN, session_headers, socket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_anonymous_socket_is_closed_with_the_logged_out_code():
    """Accepted then closed with 4401 (not refused at the handshake), so the page knows to stop retrying."""

    async def scenario():
        communicator = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, HOST])
        connected, _subprotocol = await communicator.connect()
        closed = await communicator.receive_output(timeout=2)
        await communicator.disconnect()
        return connected, closed

    connected, closed = async_to_sync(scenario)()
    assert connected is True
    assert closed == {"type": "websocket.close", "code": 4401}


def test_crisis_publish_reaches_connected_operators(csr, home):
    headers = session_headers(csr)

    async def scenario():
        async with socket(headers) as communicator:
            # Published through a revision, as the admin does; the event is sent when it commits.
            await sync_to_async(published_article)(CrisisPage, title="Blackout rete mobile Sardegna")
            return await communicator.receive_json_from(timeout=5)

    event = async_to_sync(scenario)()
    assert event["type"] == "crisis.banners"
    assert [banner["title"] for banner in event["banners"]] == ["Blackout rete mobile Sardegna"]


def test_crisis_publish_is_also_an_unmutable_notification(csr, home):
    DeliveryPreference.objects.create(user=csr, kind=Kind.CRISIS, delivery=Delivery.OFF)  # ignored
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    assert Notification.objects.filter(user=csr, kind=Kind.CRISIS, page=crisis).count() == 1


def test_banners_are_rendered_in_the_user_language(client, csr, home):
    published_article(CrisisPage, title="Blackout rete mobile Sardegna", severity="critical")
    client.force_login(csr)
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fills the shared banner cache
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Crisis in progress · Critical" in " ".join(english.split())
    assert "Crisi in corso · Critica" in " ".join(html.split()) and "Ho letto" in html
    assert 'data-severity-critical="Critica"' in html  # for banners drawn live by the page


def test_acknowledgement_is_recorded_once_per_user_and_hides_the_banner(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    client.force_login(csr)
    for _attempt in range(2):
        response = client.post(f"/kb/crises/{crisis.pk}/acknowledge/", {"next": "/"})
        assert response.status_code == 302 and response["Location"] == "/"
    assert CrisisAcknowledgement.objects.filter(crisis=crisis, user=csr).count() == 1
    assert 'data-crisis-id="%d"' % crisis.pk not in client.get("/").content.decode()


def test_unacknowledged_operator_sees_the_banner_on_the_next_page(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    colleague = make_user("operatore2", roles.CSR)
    acknowledgements.do_acknowledge(colleague, crisis)
    client.force_login(csr)
    assert 'data-crisis-id="%d"' % crisis.pk in client.get("/").content.decode()


def test_republished_crisis_asks_again(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    acknowledgements.do_acknowledge(csr, crisis)
    crisis.status = "monitoring"
    crisis.save_revision().publish()
    client.force_login(csr)
    assert 'data-crisis-id="%d"' % crisis.pk in client.get("/").content.decode()
    acknowledgements.do_acknowledge(csr, CrisisPage.objects.get(pk=crisis.pk))
    assert CrisisAcknowledgement.objects.filter(crisis=crisis, user=csr).count() == 1


def test_acknowledging_an_unknown_crisis_is_a_404(client, csr, home):
    client.force_login(csr)
    assert client.post("/kb/crises/999999/acknowledge/").status_code == 404


def test_read_receipts_count_who_has_and_has_not_read(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    late = make_user("operatore2", roles.CSR, first_name="Marco", last_name="Bianchi")
    team = Team.objects.create(name="Consumer Milano")
    team.members.add(csr, late)
    acknowledgements.do_acknowledge(csr, crisis)
    client.force_login(make_user("teamleader", roles.TEAM_LEAD))
    html = client.get(f"/kb/crises/{crisis.pk}/receipts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 of 2 operators has read the current version of this briefing (50.0%)" in html
    assert "Marco Bianchi" in html.split("data-missing")[1]
    csv = client.get(f"/kb/crises/{crisis.pk}/receipts/?format=csv").content.decode("utf-8-sig")
    rows = {line.split(";")[0]: line.split(";") for line in csv.splitlines()[1:]}
    assert rows["operatore2"] == ["operatore2", "Marco Bianchi", "Consumer Milano", "", ""]
    assert rows["operatore"][2:3] == ["Consumer Milano"] and rows["operatore"][3] and rows["operatore"][4] == ""


def test_csrs_cannot_read_receipts(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout rete mobile Sardegna")
    client.force_login(csr)
    assert client.get(f"/kb/crises/{crisis.pk}/receipts/").status_code == 403
