"""A business function's queue: the sign-offs asked of the user's groups, the market needs their groups
own and the other business signals (article reports, emerging problems, search gaps) assigned to them,
each with its SLA (the escalated questions are in the experts' queue, collaboration:queue); and the page
of one signal, where it is taken in hand and closed with an outcome."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration import access
from collaboration.actions import reviews
from collaboration.actions import signals as business_signals
from collaboration.actions.contributions import DECISIONS
from collaboration.forms import ReplyForm, SignOffForm
from collaboration.views.helpers import run_and_return, run_with_form


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
        "business_signals": business_signals.my_signals(request.user)[:100],
        "form": SignOffForm(),
    })


def signal_detail(request, pk):
    signal = access.access_signal(request.user, pk)
    return render(request, "collaboration/signal.html", {
        "signal": signal,
        "can_work": signal.is_open and business_signals.can_work_on(request.user, signal),
        "awaiting_review": reviews.open_review(signal=signal),
    })


@require_POST
def take_signal(request, pk):
    signal = access.access_signal(request.user, pk)
    return run_and_return(request, lambda: business_signals.do_take_signal(request.user, signal),
                          _("It is yours: the first action is recorded."), ("collaboration:signal", pk))


@require_POST
def close_signal(request, pk):
    signal = access.access_signal(request.user, pk)
    return run_with_form(
        request, ReplyForm(request.POST), _("Write the outcome for the front line."),
        lambda data: business_signals.do_close_signal(request.user, signal, data["reply"]),
        lambda result: _("The outcome now awaits the reviewers' sign-off.") if reviews.open_review(signal=result)
        else _("Closed; the front line sees the outcome."),
        ("collaboration:signal", pk),
    )


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
