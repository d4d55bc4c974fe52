"""A business function's queue: the sign-offs asked of the user's groups and the market needs their
groups own, each with its SLA (the escalated questions are in the experts' queue, collaboration:queue)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration import access
from collaboration.actions import reviews
from collaboration.actions.contributions import DECISIONS
from collaboration.forms import SignOffForm


def owned_needs(user):
    """Market needs routed to one of the user's groups and not decided yet, the soonest due first."""
    return (
        access.visible_needs(user)
        .filter(responsible_group__in=user.groups.all())
        .exclude(status__in=DECISIONS)
        .select_related("responsible_group", "space")
        .order_by(F("decision_due").asc(nulls_last=True), "created_at")
    )


def signals(request):
    return render(request, "collaboration/signals.html", {
        "sign_offs": reviews.my_pending_sign_offs(request.user)[:100],
        "needs": owned_needs(request.user)[:100],
        "form": SignOffForm(),
    })


@require_POST
def sign_off(request, pk):
    review = reviews.access_review(request.user, pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("collaboration:signals")
    try:
        reviews.do_sign_off(
            request.user, review, form.cleaned_data["decision"] == "approve", form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your sign-off is recorded."))
    return redirect("collaboration:signals")
