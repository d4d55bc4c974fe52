"""Nothing reaches a CSR unapproved or out of date: drafts, scheduled and expired articles stay hidden."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from kb import selectors
from kb.models import OfferPage
from kb.tasks import publish_scheduled_pages
from tests.factories import draft_article, published_article

pytestmark = pytest.mark.django_db


def test_every_page_requires_login(home, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_csr_cannot_see_a_draft(home, csr_client):
    draft = draft_article(OfferPage, title="Offerta segreta")
    assert csr_client.get(draft.url).status_code == 404
    assert "Offerta segreta" not in csr_client.get("/").content.decode()
    assert "Offerta segreta" not in csr_client.get("/offerte/").content.decode()


def test_draft_changes_to_a_live_article_are_not_shown(home, csr_client):
    offer = published_article(OfferPage, title="Versione approvata")
    offer.title = "Versione non approvata"
    offer.save_revision()
    html = csr_client.get(offer.url).content.decode()
    assert "Versione approvata" in html
    assert "Versione non approvata" not in html


def test_expired_offer_is_hidden_even_before_the_scheduler_runs(home, csr_client):
    offer = published_article(OfferPage, title="Offerta estiva")
    OfferPage.objects.filter(pk=offer.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert csr_client.get(offer.url).status_code == 404
    assert offer.pk not in [o.pk for o in selectors.current_offers()]
    assert "Offerta estiva" not in csr_client.get("/offerte/").content.decode()


def test_scheduler_unpublishes_expired_offers(home):
    offer = published_article(OfferPage)
    OfferPage.objects.filter(pk=offer.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    offer.refresh_from_db()
    assert not offer.live
    assert offer.expired


def test_scheduled_offer_goes_live_when_the_worker_task_runs(home, csr_client):
    offer = draft_article(OfferPage, go_live_at=timezone.now() + datetime.timedelta(seconds=1))
    offer.get_latest_revision().publish()
    offer.refresh_from_db()
    assert not offer.live
    assert csr_client.get(offer.url).status_code == 404
    time.sleep(1.1)
    publish_scheduled_pages.enqueue()
    offer.refresh_from_db()
    assert offer.live
    assert csr_client.get(offer.url).status_code == 200


def test_restricted_section_is_left_out_of_lists(home, csr_client):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    offer = published_article(OfferPage, title="Offerta riservata")
    restriction = PageViewRestriction.objects.create(page=offer.get_parent(), restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Approver"))
    assert "Offerta riservata" not in csr_client.get("/").content.decode()


def test_restricted_article_is_not_served_to_users_outside_the_group(home, csr_client):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    offer = published_article(OfferPage, title="Listino riservato")
    assert csr_client.get(offer.url).status_code == 200  # caches "no restrictions"
    restriction = PageViewRestriction.objects.create(page=offer.get_parent(), restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Approver"))
    assert csr_client.get(offer.url).status_code != 200


def test_crisis_banner_appears_once_the_publish_commits(home, csr_client, django_capture_on_commit_callbacks):
    from kb.models import CrisisPage

    assert 'class="crisis-banners"' not in csr_client.get("/").content.decode()  # caches "no crisis"
    with django_capture_on_commit_callbacks(execute=True):
        published_article(CrisisPage, title="Blackout rete mobile Sicilia")
    assert "Blackout rete mobile Sicilia" in csr_client.get("/").content.decode()
