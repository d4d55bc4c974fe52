import pytest
from django.core.cache import cache

from accounts import roles
from kb.section_rights import section_owner_group
from kb.site_tree import ensure_site_tree, section_by_slug
from tests.factories import make_user


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
