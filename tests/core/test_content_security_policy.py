"""The Content-Security-Policy and framing rules of every kind of page: Sportello's pages, the admin,
Wagtail's preview and an embeddable view; and no template of ours needs an inline script or style."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from accounts import roles
from kb.models import AnswerPage
from tests.factories import make_user, published_article

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def policy(response):
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def answer(home):
    return published_article(AnswerPage, title="Disdetta online", customer_question="Come disdico?",
                             approved_answer="Dall'area clienti.")


@pytest.mark.parametrize("path", ["/", "/search/?q=disdetta", "/collaboration/", "/notifications/", "/article"])
def test_sportello_pages_allow_no_inline_script_and_no_framing(client, csr, answer, path):
    client.force_login(csr)
    response = client.get(answer.url if path == "/article" else path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_login_page_and_error_pages_carry_the_policy_too(client):
    for path, status in [("/accounts/login/", 200), ("/no-such-page/", 302)]:
        response = client.get(path)
        assert response.status_code == status
        assert policy(response)["script-src"] == ["'self'"]


def test_a_template_nonce_is_added_to_the_policy_only_when_used(rf):
    from core.csp import SportelloCSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = rf.get("/")
    response = SportelloCSPMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]


def test_the_admin_has_its_own_documented_policy(client, home):
    client.force_login(make_user("approvatore", roles.APPROVER))
    response = client.get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_wagtail_live_preview_may_frame_the_admin_itself(client, answer):
    client.force_login(make_user("approvatore", roles.APPROVER))
    response = client.get(f"/admin/pages/{answer.pk}/edit/preview/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.urls("tests.core.embed_urls")
def test_an_embeddable_view_refuses_frames_while_no_origin_is_configured(client, csr):
    client.force_login(csr)
    response = client.get("/panel-test/")
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.urls("tests.core.embed_urls")
@override_settings(SPORTELLO_EMBED_ORIGINS=["https://desktop.example.com", "https://crm.example.com"])
def test_an_embeddable_view_may_be_framed_by_the_configured_origins_only(client, csr):
    client.force_login(csr)
    response = client.get("/panel-test/")
    assert policy(response)["frame-ancestors"] == ["https://desktop.example.com", "https://crm.example.com"]
    assert "X-Frame-Options" not in response
    # Every other page still refuses frames.
    assert policy(client.get("/"))["frame-ancestors"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"\sstyle=|<style", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize("template", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")))
def test_no_template_needs_what_the_policy_blocks(template):
    text = (ROOT / template).read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script to static/js/"
    assert not INLINE_STYLE.search(text), "use a class in static/css/"
    assert not HANDLER.search(text), "attach the handler from static/js/"
