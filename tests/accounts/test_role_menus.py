"""Each role is offered its own tools (accounts.menus), and the pages behind them refuse other roles."""

import pytest

from accounts import menus, roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# role → the tools its menu holds
EXPECTED = {
    roles.CSR: set(),
    roles.TEAM_LEAD: {"insights"},
    roles.EXPERT: {"queue", "signals"},
    roles.CONTENT_OWNER: {"editorial", "insights", "reports", "signals"},
    roles.APPROVER: {"editorial", "insights", "queue", "reports", "approvals", "signals"},
    roles.ADMINISTRATOR: set(menus.TOOLS),
}
PAGES = {"queue": "/collaboration/queue/", "reports": "/collaboration/reports/", "approvals": "/kb/approvals/",
         "search_health": "/search/health/", "insights": "/insights/"}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_its_own_menu_and_only_its_pages(client, home, role):
    user = make_user(f"user-{role}".replace(" ", "-").lower(), role)
    menu = menus.menu_for(user)
    assert {tool for tool, offered in menu.items() if offered} == EXPECTED[role]
    client.force_login(user)
    for tool, url in PAGES.items():
        status = client.get(url).status_code
        assert (status != 403) == menu[tool], (tool, status)


def test_a_csr_sees_none_of_the_other_roles_tools(csr_client, home):
    html = csr_client.get("/collaboration/").content.decode()
    for hidden in ("/collaboration/queue/", "/collaboration/reports/", "/kb/approvals/", "/search/health/", "/insights/", 'href="/admin/"'):
        assert hidden not in html
    preferences = csr_client.get("/notifications/preferences/").content.decode()
    assert "Inoltri assegnati a me" not in preferences
    assert "SLA in scadenza" not in preferences
    assert "Pagine in attesa della mia approvazione" not in preferences
    assert "Nuove offerte" in preferences


def test_an_expert_is_offered_the_expert_notifications(client, expert):
    client.force_login(expert)
    preferences = client.get("/notifications/preferences/").content.decode()
    assert "Inoltri assegnati a me" in preferences
    assert 'href="/collaboration/queue/"' in client.get("/collaboration/").content.decode()
