"""The Wagtail admin asks no third party for anything: no gravatar.com avatars carrying email hashes."""

import pytest

from accounts import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/account/", "/admin/users/"])
def test_admin_pages_load_no_gravatar(client, home, path):
    admin = make_user("amministratore", roles.ADMINISTRATOR, email="mario.rossi@example.com", is_superuser=True)
    client.force_login(admin)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "avatar" in html  # the admin still shows an avatar: Wagtail's default picture
    assert "gravatar" not in html
