"""Login throttling on both login pages (Sportello's and the Wagtail admin's): per account, per client
address, the lockout page, its end after the cool-off, and the ASGI path uvicorn serves."""

import pytest
from asgiref.sync import async_to_sync
from axes.models import AccessAttempt
from django.conf import settings
from django.test import AsyncClient
from django.utils import timezone

from accounts import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]
ACCOUNT_LIMIT = settings.AXES_FAILURE_LIMIT


def log_in(client, path, username, password, address="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def operator(db):
    return make_user("operatore", roles.CSR)


@pytest.fixture
def editor(db):
    return make_user("redattore", roles.CONTENT_OWNER)


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(client, operator, editor, path):
    user = editor if path.startswith("/admin/") else operator
    for _attempt in range(50):
        log_in(client, path, user.username, "sbagliata")
    response = log_in(client, path, user.username, "pw")
    assert response.status_code == 429
    assert not logged_in(client)
    assert "Troppi accessi non riusciti" in response.content.decode()


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_the_account_is_locked_at_its_limit_from_any_address(client, editor, path):
    for attempt in range(ACCOUNT_LIMIT - 1):
        assert log_in(client, path, editor.username, "sbagliata", address=f"10.0.1.{attempt}").status_code == 200
    assert log_in(client, path, editor.username, "sbagliata", address="10.0.2.1").status_code == 429
    assert log_in(client, path, editor.username, "pw", address="10.0.3.1").status_code == 429
    assert not logged_in(client)


def test_a_locked_account_does_not_lock_its_colleagues_on_the_same_address(client, operator):
    colleague = make_user("operatore2", roles.CSR)
    for _attempt in range(ACCOUNT_LIMIT):
        log_in(client, "/accounts/login/", operator.username, "sbagliata")
    assert log_in(client, "/accounts/login/", colleague.username, "pw").status_code == 302
    assert logged_in(client)


def test_an_address_is_locked_after_its_own_higher_limit_across_accounts(client, operator):
    for number in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        log_in(client, "/accounts/login/", f"indovinato{number}", "sbagliata", address="10.9.9.9")
    assert log_in(client, "/accounts/login/", operator.username, "pw", address="10.9.9.9").status_code == 429
    assert not logged_in(client)
    # The same account from another address is fine: the address was locked, not the account.
    assert log_in(client, "/accounts/login/", operator.username, "pw", address="10.8.8.8").status_code == 302
    assert logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, operator):
    for _attempt in range(ACCOUNT_LIMIT):
        log_in(client, "/accounts/login/", operator.username, "sbagliata")
    assert log_in(client, "/accounts/login/", operator.username, "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1))
    assert log_in(client, "/accounts/login/", operator.username, "pw").status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_account_but_not_the_address(client, operator):
    for number in range(ACCOUNT_LIMIT - 1):
        log_in(client, "/accounts/login/", operator.username, "sbagliata")
        log_in(client, "/accounts/login/", f"altro{number}", "sbagliata")
    assert log_in(client, "/accounts/login/", operator.username, "pw").status_code == 302
    assert not AccessAttempt.objects.filter(username=operator.username).exists()
    assert AccessAttempt.objects.filter(ip_address="10.0.0.1").count() == ACCOUNT_LIMIT - 1


def test_a_wrong_password_below_the_limit_shows_the_login_form_error(client, operator):
    response = log_in(client, "/accounts/login/", operator.username, "sbagliata")
    assert response.status_code == 200
    assert "Nome utente o password errati" in response.content.decode()


def test_the_lockout_page_in_english(client, operator):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _attempt in range(ACCOUNT_LIMIT):
        log_in(client, "/accounts/login/", operator.username, "sbagliata")
    response = log_in(client, "/accounts/login/", operator.username, "pw")
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Try again in {minutes} minutes" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lockout_also_holds_under_asgi(operator):
    async def scenario():
        client = AsyncClient()
        for _attempt in range(ACCOUNT_LIMIT):
            await client.post("/accounts/login/", {"username": "operatore", "password": "sbagliata"})
        return await client.post("/accounts/login/", {"username": "operatore", "password": "pw"})

    response = async_to_sync(scenario)()
    assert response.status_code == 429
    assert "Troppi accessi non riusciti" in response.content.decode()
