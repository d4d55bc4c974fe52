"""Settings → API tokens: a user makes, names, lists and revokes their personal access tokens.

A new token's secret is shown once, in the answer to the form that made it (never stored, never put in
the session or a redirect), with `Cache-Control: no-store` so the browser does not keep that page.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api import tokens
from api.forms import PersonalTokenForm
from api.models import PersonalAccessToken


@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = PersonalTokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = tokens.create_personal_token(request.user, form.cleaned_data["name"], form.cleaned_data["lifetime_days"])
        form = PersonalTokenForm()
    return render(request, "api/tokens.html", {
        "form": form,
        "secret": secret,
        "tokens": PersonalAccessToken.objects.filter(user=request.user),
    }, status=400 if request.method == "POST" and form.errors else 200)


@require_POST
def revoke_token(request, pk):
    try:
        token = tokens.access_personal_token(request.user, pk)
    except PersonalAccessToken.DoesNotExist:
        raise Http404 from None
    tokens.revoke(token)
    messages.success(request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name})
    return redirect("api-tokens:list")
