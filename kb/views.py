from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from core import formatting
from core.csv_export import csv_response
from kb import acknowledgements, read_receipts, reply_preferences
from kb.reply_text import ReplyChannel


@require_POST
def acknowledge_crisis(request, pk):
    """ "Ho letto": works as a plain form post (back to the page) and from the live client (JSON)."""
    crisis = acknowledgements.access_crisis(pk)
    acknowledgement = acknowledgements.do_acknowledge(request.user, crisis)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"crisis": crisis.pk, "revision": acknowledgement.revision_id, "acknowledged": True})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = crisis.url
    return redirect(back)


@require_POST
def set_reply_channel(request):
    """Remember the reply channel chosen on an answer page or in the side panel (JSON for the scripts, a
    redirect back for the plain form)."""
    channel = request.POST.get("channel", "")
    if channel not in ReplyChannel.values:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"channel": [_("Choose one of the reply channels.")]}, status=400)
        return HttpResponseBadRequest(_("Choose one of the reply channels."))
    reply_preferences.do_set_preferred_channel(request.user, channel)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"channel": channel})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = "/"
    return redirect(back)


@require_GET
def crisis_receipts(request, pk):
    if not roles.has_role(request.user, *roles.INSIGHT_ROLES):
        raise PermissionDenied(_("Read receipts are for team leads and content owners."))
    crisis = acknowledgements.access_crisis(pk)
    receipt = read_receipts.receipt(crisis)
    if request.GET.get("format") == "csv":
        return receipts_csv(receipt)
    return render(request, "kb/crisis_receipts.html", {"crisis": crisis, "receipt": receipt})


def receipts_csv(receipt):
    """One row per expected reader: when they read the current version, or only an older one."""
    earlier = {user.pk: ack for user, _teams, ack in receipt.earlier}
    rows = []
    for user, teams, ack in receipt.rows:
        older = earlier.get(user.pk)
        rows.append((
            user.username, user.get_full_name(), ", ".join(teams),
            formatting.date_time(ack.acknowledged_at) if ack else "",
            formatting.date_time(older.acknowledged_at) if older else "",
        ))
    header = [_("Username"), _("Name"), _("Teams"), _("Read the current version at"), _("Read only an older version, at")]
    return csv_response(f"read-receipts-{receipt.crisis.pk}.csv", header, rows)
