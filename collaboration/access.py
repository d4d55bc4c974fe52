"""Who may see and do what in the collaboration space: the one place that decides.

Every list filters with `readable_spaces(user)` (a subquery on guardian's direct permission tables),
every single object is fetched through an `access_*` helper, and search filters on the same spaces
(search.permissions), so a list, a page, a search and a notification never disagree.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts import roles
from collaboration.models import (
    Answer,
    BestPractice,
    BusinessFunction,
    BusinessSignal,
    MarketNeed,
    Question,
    Space,
    SpaceGroupObjectPermission,
    SpaceUserObjectPermission,
)

VIEW, POST, MODERATE = "view_space", "post_in_space", "moderate_space"


def space_ids_with(user, codename):
    """A subquery of the ids of spaces where `user` has `codename`, directly or through a group."""
    direct = SpaceUserObjectPermission.objects.filter(user_id=user.pk, permission__codename=codename)
    through_group = SpaceGroupObjectPermission.objects.filter(group__user=user.pk, permission__codename=codename)
    return Space.objects.filter(
        Q(pk__in=direct.values("content_object_id")) | Q(pk__in=through_group.values("content_object_id"))
    ).values("pk")


def spaces_with(user, codename):
    if not user.is_authenticated or not user.is_active:
        return Space.objects.none()
    if user.is_superuser:
        return Space.objects.all()
    return Space.objects.filter(pk__in=space_ids_with(user, codename))


def readable_spaces(user):
    return spaces_with(user, VIEW)


def space_rights(user, space):
    """The codenames `user` holds in `space`, directly or through a group, in one query: a page that asks
    several of them (the question page: post, moderate) asks them all at once."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset((VIEW, POST, MODERATE))
    direct = SpaceUserObjectPermission.objects.filter(user_id=user.pk, content_object_id=space.pk)
    through_group = SpaceGroupObjectPermission.objects.filter(group__user=user.pk, content_object_id=space.pk)
    return frozenset(
        direct.values_list("permission__codename", flat=True).union(
            through_group.values_list("permission__codename", flat=True)
        )
    )


def has_space_permission(user, space, codename):
    return codename in space_rights(user, space)


def readers(space):
    """The active users who may read `space`: whom a notification may reach, whom a mention may name."""
    direct = SpaceUserObjectPermission.objects.filter(content_object=space, permission__codename=VIEW).values("user_id")
    groups = SpaceGroupObjectPermission.objects.filter(content_object=space, permission__codename=VIEW).values("group_id")
    return get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(pk__in=direct) | Q(pk__in=get_user_model().objects.filter(groups__in=groups).values("pk"))
    )


def readers_among(space, user_ids):
    """The ids, among `user_ids`, of active users who may read `space`."""
    return set(readers(space).filter(pk__in=list(user_ids)).values_list("pk", flat=True))


def can_post(user, space, rights=None):
    """`rights`: space_rights(user, space), when the caller has them already."""
    rights = space_rights(user, space) if rights is None else rights
    return POST in rights and VIEW in rights


def can_moderate(user, space, rights=None):
    rights = space_rights(user, space) if rights is None else rights
    return MODERATE in rights


def visible_questions(user):
    return Question.objects.filter(space__in=readable_spaces(user).values("pk"))


def visible_practices(user):
    return BestPractice.objects.filter(space__in=readable_spaces(user).values("pk"))


def visible_needs(user):
    return MarketNeed.objects.filter(space__in=readable_spaces(user).values("pk"))


def signal_conditions(user):
    """Who reads a business signal (it has no space): the members of its row's groups (responsible,
    working it, reviewers, informed), the responsible function's lead, the operator who reported the article and the article's owner;
    approvers and administrators read them all, as they read every article report."""
    groups = user.groups.values("pk")
    return (
        Q(responsible_group__in=groups) | Q(assigned_group__in=groups)
        | Q(impact_rule__reviewer_groups__in=groups) | Q(impact_rule__informed_groups__in=groups)
        | Q(report__reporter=user) | Q(report__article__content_owner=user)
        | Q(responsible_group__business_function__lead=user)
    )


def visible_signals(user):
    if not user.is_authenticated or not user.is_active:
        return BusinessSignal.objects.none()
    if user.is_superuser or roles.has_role(user, roles.APPROVER, roles.ADMINISTRATOR):
        return BusinessSignal.objects.all()
    # A subquery, not a join: the reviewer and informed groups would repeat a signal once per group.
    return BusinessSignal.objects.filter(pk__in=BusinessSignal.objects.filter(signal_conditions(user)).values("pk"))


def signal_readers_among(signal, user_ids):
    """The ids, among `user_ids`, of active users who may read `signal` (whom a notice about it may reach):
    `visible_signals` for one signal and many people, in one query."""
    groups = {signal.responsible_group_id, signal.assigned_group_id} - {None}
    if signal.impact_rule_id:
        groups |= set(signal.impact_rule.reviewer_groups.values_list("pk", flat=True))
        groups |= set(signal.impact_rule.informed_groups.values_list("pk", flat=True))
    people = {signal.report.reporter_id, signal.report.article.content_owner_id} if signal.report_id else set()
    if signal.responsible_group_id:
        people.add(BusinessFunction.objects.filter(group=signal.responsible_group_id).values_list("lead", flat=True).first())
    people.discard(None)
    readers = get_user_model().objects.filter(pk__in=list(user_ids), is_active=True).filter(
        Q(is_superuser=True) | Q(groups__name__in=[roles.APPROVER, roles.ADMINISTRATOR]) | Q(groups__in=groups) | Q(pk__in=people)
    )
    return set(readers.values_list("pk", flat=True))


def item_readers_among(item, user_ids):
    """Readers among `user_ids` of a question, a market need (their space) or a business signal."""
    if isinstance(item, BusinessSignal):
        return signal_readers_among(item, user_ids)
    return readers_among(item.space, user_ids)


def first_or_404(queryset):
    """The object, or 404 — also when it exists but the user may not see it, so nothing is revealed."""
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def access_space(user, slug):
    return first_or_404(readable_spaces(user).filter(slug=slug))


def access_question(user, pk):
    return first_or_404(visible_questions(user).select_related("space", "author", "product").filter(pk=pk))


def access_answer(user, pk):
    return first_or_404(Answer.objects.filter(question__in=visible_questions(user), pk=pk).select_related("question"))


def access_practice(user, pk):
    return first_or_404(visible_practices(user).select_related("space", "author").filter(pk=pk))


def access_need(user, pk):
    return first_or_404(visible_needs(user).select_related("space", "author", "product").filter(pk=pk))


def access_signal(user, pk):
    return first_or_404(
        visible_signals(user).select_related("report__article", "report__reporter", "responsible_group", "assigned_group").filter(pk=pk)
    )


def require(condition, message="You may not do this here."):
    if not condition:
        raise PermissionDenied(message)
