"""What an operator did with a result: opened it (`search:click`) or copied its answer (`search:copied`).

Both feed dashboards ("most opened", click-through, mean clicked position) and search learning
(search.learning), so both count only for a result that the operator's own logged search showed: the
position is read from the log, never from the request. A forged or stale beacon changes nothing.
"""

import logging

from django import forms
from django.db import transaction
from django.db.models import Q

from core.ids import id_field
from search import learning
from search.models import SearchClick, SearchLog

logger = logging.getLogger(__name__)


class ResultForm(forms.Form):
    """The beacon's parameters; a malformed one is a 400, not a guess."""

    search = id_field()
    type = forms.CharField(max_length=30)
    id = id_field()


def shown_position(search_log, result_type, result_id):
    """The 1-based position of (type, id) in what `search_log` showed, or None if it was not shown."""
    for index, (shown_type, shown_id) in enumerate(search_log.shown or []):
        if shown_type == result_type and shown_id == result_id:
            return search_log.first_position + index
    return None


def shown_result(user, data):
    """(search log, position) when `data`'s result was shown by `user`'s own search; else (None, None)."""
    search_log = SearchLog.objects.filter(pk=data["search"], user_id=user.pk).first()
    if search_log is None:
        return None, None
    position = shown_position(search_log, data["type"], data["id"])
    if position is None:
        logger.warning("result not shown by its search search=%s type=%s id=%s user=%s",
                       search_log.pk, data["type"], data["id"], user.pk)
        return None, None
    return search_log, position


@transaction.atomic
def record_open(user, data):
    """`user` opened a result from their search page. Returns the click, or None when it does not count.

    A result counts once per search: opening it again (the back button, or a replayed link) adds nothing,
    so one operator cannot make an article "most opened" from a single search. The search's row is locked
    so that two opens at once cannot both count."""
    search_log, position = shown_result(user, data)
    if search_log is None:
        return None
    SearchLog.objects.select_for_update().filter(pk=search_log.pk).first()
    if SearchClick.objects.filter(search=search_log, result_type=data["type"], result_id=data["id"]).exists():
        return None
    click = SearchClick.objects.create(search=search_log, result_type=data["type"], result_id=data["id"], position=position)
    SearchLog.objects.filter(Q(first_click_position__isnull=True), pk=search_log.pk).update(first_click_position=position)
    learning.record_use(user, search_log, data["type"], data["id"])
    return click


def record_copy(user, data):
    """`user` copied a result's answer from their search page. Returns whether it counted."""
    search_log, _position = shown_result(user, data)
    if search_log is None:
        return False
    learning.record_use(user, search_log, data["type"], data["id"])
    return True
