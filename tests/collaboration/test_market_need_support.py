"""+1 on a market need: everyone, the author included, can add and withdraw it, sees that they did, and the
list, the need's page and the insights dashboard show the same number of operators behind it."""

import pytest
from django.core.exceptions import ValidationError

from collaboration.actions import contributions
from collaboration.models import MarketNeed
from collaboration.supporters import need_supporters
from insights import market_needs
from insights.periods import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(csr, everyone):
    return contributions.do_flag_need(csr, everyone, "IP statico per privati", "Chiedono IP statico", MarketNeed.Frequency.DAILY,
                                      10, MarketNeed.Channel.PHONE)


def operators_on_pages(client, need, viewer):
    """The figure under "Operators who heard it" on the list, the need's page and the dashboard."""
    client.force_login(viewer)
    row = client.get("/collaboration/needs/").content.decode().split(need.title, 1)[1]
    listed = int(row.split("<td>")[2].split("</td>")[0])
    detail = client.get(f"/collaboration/needs/{need.pk}/").content.decode()
    shown = int(detail.split("data-supporters>", 1)[1].split("<", 1)[0])
    [dashboard] = [r["support"] for r in market_needs.ranked(viewer, Period.ending_today(days=30)) if r["need"].pk == need.pk]
    return listed, shown, dashboard


def test_list_page_and_dashboard_count_the_same_operators(client, need, csr2, team_lead):
    assert operators_on_pages(client, need, team_lead) == (1, 1, 1)  # the author
    contributions.do_support_need(csr2, need, "Anche in chat", customers=3)
    assert operators_on_pages(client, need, team_lead) == (2, 2, 2)
    contributions.do_withdraw_support(need.author, need)
    assert operators_on_pages(client, need, team_lead) == (1, 1, 1)


def test_the_author_sees_they_flagged_it_and_can_withdraw(client, csr, need):
    client.force_login(csr)
    html = client.get(f"/collaboration/needs/{need.pk}/").content.decode()
    assert "L'hai segnalata tu." in html and "Ritira il mio +1" in html
    client.post(f"/collaboration/needs/{need.pk}/support/", {"withdraw": "1"})
    assert need_supporters(need) == 0
    html = client.get(f"/collaboration/needs/{need.pk}/").content.decode()
    assert "+1, l'ho sentita anch'io" in html and "Ritira il mio +1" not in html
    client.post(f"/collaboration/needs/{need.pk}/support/", {"note": "", "customers": 1})
    assert need_supporters(need) == 1


def test_a_plus_one_is_withdrawn_with_its_customers(client, csr2, need):
    client.force_login(csr2)
    client.post(f"/collaboration/needs/{need.pk}/support/", {"note": "Anche io", "customers": 5})
    need.refresh_from_db()
    assert (need_supporters(need), need.customers_affected) == (2, 15)
    html = client.get(f"/collaboration/needs/{need.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You said you heard this too." in html and "Withdraw my +1" in html
    client.post(f"/collaboration/needs/{need.pk}/support/", {"withdraw": "1"})
    need.refresh_from_db()
    assert (need_supporters(need), need.customers_affected) == (1, 10)
    with pytest.raises(ValidationError):
        contributions.do_withdraw_support(csr2, need)
