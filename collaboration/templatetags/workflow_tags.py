"""The impact-table workflow on an item's page: service levels in the responsible group's time, who covers
out of hours, reviews awaiting sign-off and the history of every step."""

from django import template

from collaboration import service_levels
from collaboration.models import Review

register = template.Library()


@register.inclusion_tag("collaboration/includes/workflow.html", takes_context=True)
def item_workflow(context, question=None, need=None, signal=None):
    item = question or need or signal
    group = item.responsible_group
    function = service_levels.business_function(group)
    if question is not None:
        reviews = Review.objects.filter(answer__question=question)
    else:
        reviews = Review.objects.filter(need=need) if need is not None else Review.objects.filter(signal=signal)
    # One query for the open and the rejected reviews (with their sign-offs), split here.
    reviews = reviews.filter(state__in=[Review.State.AWAITING, Review.State.REJECTED]).prefetch_related("sign_offs__group").select_related("answer")
    open_reviews = [review for review in reviews if review.state == Review.State.AWAITING]
    rejected_reviews = [review for review in reviews if review.state == Review.State.REJECTED][:3]
    user = context["request"].user
    return {
        "item": item,
        "question": question,
        "need": need,
        "signal": signal,
        "function": function,
        "time_zone": service_levels.time_zone_of(group),
        "steps": item.steps.select_related("group", "user"),
        "open_reviews": open_reviews,
        "rejected_reviews": rejected_reviews,
        "my_groups": set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set(),
    }
