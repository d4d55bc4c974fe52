"""How many operators are behind a market need: the one definition, for every page and dashboard.

An operator is behind a need when they flagged it or said "+1, I heard it too". Both are rows of
MarketNeedSupport (flagging a need adds its author's row), so the figure is the number of those rows, and
whoever withdraws their +1 — the author too — stops counting. The needs list, a need's page, the insights
dashboard and anyone else who shows the figure use `with_supporters` or `need_supporters`.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from collaboration.models import MarketNeedSupport


def supporters_expression():
    """The count as a subquery, so joins made by the caller's own filters cannot multiply or narrow it."""
    per_need = (
        MarketNeedSupport.objects.filter(need=OuterRef("pk")).order_by().values("need").annotate(total=Count("pk")).values("total")
    )
    return Coalesce(Subquery(per_need, output_field=IntegerField()), Value(0))


def with_supporters(needs):
    """The needs annotated with `supporters`."""
    return needs.annotate(supporters=supporters_expression())


def need_supporters(need):
    """The operators behind one need (uses the annotation when the need came from `with_supporters`)."""
    annotated = getattr(need, "supporters", None)
    return annotated if annotated is not None else need.supports.count()
