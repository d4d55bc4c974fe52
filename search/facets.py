"""Facet values as people read them: labels, counts, and the link that toggles each filter."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from collaboration.models import MarketNeed, Question
from kb.models import ARTICLE_TYPES, CrisisStatus, DefectStatus, Product

FACET_TITLES = {"type": _("Type"), "product": _("Product"), "tag": _("Tag"), "status": _("Status")}
STATUS_LABELS = {
    **dict(DefectStatus.choices),
    **dict(CrisisStatus.choices),
    "current": _("Current offer"),
    "approved": _("Approved"),
    "shared": _("Shared"),
    **dict(Question.Status.choices),
    **dict(MarketNeed.Status.choices),
}


def type_labels():
    labels = {code: model._meta.verbose_name for code, model in ARTICLE_TYPES.items()}
    labels.update({"question": _("question"), "practice": _("best practice"), "need": _("market need")})
    return labels


def labelled_facets(facets, filters, query):
    """[{name, title, values: [{value, label, count, selected, url}]}] for the search page."""
    product_names = dict(
        Product.objects.filter(slug__in=[v["value"] for v in facets.get("product", [])]).values_list("slug", "name")
    )
    labels = {"type": type_labels(), "product": product_names, "status": STATUS_LABELS}
    groups = []
    for name, values in facets.items():
        if not values:
            continue
        entries = []
        for entry in values:
            selected = filters.get(name) == entry["value"]
            toggled = {k: v for k, v in filters.items() if k != name}
            if not selected:
                toggled[name] = entry["value"]
            entries.append(
                {
                    "value": entry["value"],
                    "label": labels.get(name, {}).get(entry["value"], entry["value"]),
                    "count": entry["count"],
                    "selected": selected,
                    "url": "?" + urlencode({"q": query, **toggled}),
                }
            )
        groups.append({"name": name, "title": FACET_TITLES.get(name, name), "values": entries})
    return groups
