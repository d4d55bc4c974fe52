"""The filters every dashboard shares: date range (local days), team, product. Bad input falls back to
the defaults with the form's errors shown, never a crash."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from insights.periods import DEFAULT_DAYS, Period
from kb.models import Product

MAX_DAYS = 366 * 2


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    team = forms.ModelChoiceField(Team.objects.all(), label=_("Team"), required=False)
    product = forms.ModelChoiceField(Product.objects.order_by("name"), label=_("Product"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose at most two years."))
        return data


@dataclass(frozen=True)
class Filters:
    period: Period
    team: object = None
    product: object = None

    def query(self):
        """The filters as URL parameters, for links and exports."""
        params = {"start": self.period.first_day.isoformat(), "end": self.period.last_day.isoformat()}
        if self.team:
            params["team"] = self.team.pk
        if self.product:
            params["product"] = self.product.pk
        return params


def from_request(request):
    """(form, Filters) from the query string; invalid values are reported by the form and ignored."""
    default = Period.ending_today()
    form = FilterForm(request.GET or None, initial={"start": default.first_day, "end": default.last_day})
    if not form.is_bound or not form.is_valid():
        return form, Filters(default)
    data = form.cleaned_data
    end = data["end"] or timezone.localdate()
    start = min(data["start"] or end - datetime.timedelta(days=DEFAULT_DAYS - 1), end)
    return form, Filters(Period(start, end), data["team"], data["product"])
