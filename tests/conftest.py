"""Fixtures shared by every test package: roles, the site tree, collaboration spaces and people."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts import roles
from collaboration.actions.escalation import allow_to_answer
from collaboration.models import ImpactRule, Space
from collaboration.spaces import grant
from kb.models import Product, ProductLine, Topic
from kb.section_rights import section_owner_group
from kb.site_tree import ensure_site_tree, section_by_slug
from tests.factories import make_user


@pytest.fixture(scope="session", autouse=True)
def no_indices_left_behind():
    """Whatever a test forgets, the run leaves no index on the node: the indices created during the session
    under a test prefix (the run's `test-<pid>`, a test's `test-<uuid>`, the journeys' `e2e-…`) are dropped."""
    if not settings.ELASTICSEARCH_URL:
        yield
        return
    from search.client import get_client

    es = get_client()
    before = set(es.indices.get(index="test-*,e2e-*", expand_wildcards="all"))
    yield
    left = set(es.indices.get(index="test-*,e2e-*", expand_wildcards="all")) - before
    if left:
        es.indices.delete(index=",".join(sorted(left)), ignore_unavailable=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached banners, roles or sites never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return ensure_site_tree()


@pytest.fixture
def csr(db):
    return make_user("operatore", roles.CSR)


@pytest.fixture
def approver(db):
    return make_user("approvatore", roles.APPROVER)


@pytest.fixture
def offers_owner(home):
    """A content owner who owns the Offers section only."""
    user = make_user("redazione.offerte", roles.CONTENT_OWNER)
    user.groups.add(section_owner_group(section_by_slug("offerte")))
    return user


@pytest.fixture
def csr_client(client, csr):
    client.force_login(csr)
    return client


# Collaboration: spaces, people and the impact table.
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
    allow_to_answer(group)
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
