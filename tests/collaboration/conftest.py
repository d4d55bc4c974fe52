import pytest
from django.contrib.auth.models import Group

from accounts import roles
from collaboration.models import ImpactRule, Space
from collaboration.spaces import grant
from kb.models import Product, ProductLine, Topic
from tests.factories import make_user


@pytest.fixture
def everyone(db):
    """'All operators': every role may post, team leads moderate."""
    space = Space.objects.create(name="Tutti gli operatori", slug="tutti", kind=Space.Kind.ALL_OPERATORS)
    for role in roles.ALL_ROLES:
        grant(space, Group.objects.get(name=role), "post")
    grant(space, Group.objects.get(name=roles.TEAM_LEAD), "moderate")
    return space


@pytest.fixture
def experts_space(db):
    """A private expert space: CSRs cannot see it."""
    space = Space.objects.create(name="Esperti", slug="esperti", kind=Space.Kind.EXPERTS)
    grant(space, Group.objects.get(name=roles.EXPERT), "moderate")
    return space


@pytest.fixture
def csr2(db):
    return make_user("operatore2", roles.CSR)


@pytest.fixture
def expert(db):
    return make_user("esperto", roles.EXPERT)


@pytest.fixture
def team_lead(db):
    return make_user("teamleader", roles.TEAM_LEAD)


@pytest.fixture
def billing_back_office(db, expert):
    group = Group.objects.create(name="Back office Fatturazione")
    expert.groups.add(group)
    return group


@pytest.fixture
def billing_rule(billing_back_office):
    topic = Topic.objects.create(name="Fatturazione e pagamenti")
    return ImpactRule.objects.create(
        name="Fatturazione", topic=topic, responsible_group=billing_back_office, priority="high",
        first_response_minutes=30, resolution_minutes=240,
    )


@pytest.fixture
def fibra(db):
    return Product.objects.create(name="Fibra Casa", line=ProductLine.FIXED)
