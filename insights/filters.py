"""The filters every dashboard shares: date range (local days), team, product, the customer's channel. Bad input falls back to
the defaults with the form's errors shown, never a crash."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Team
from insights.periods import DEFAULT_DAYS, Period
from kb.models import Channel, Product

MAX_DAYS = 366 * 2
# Dates outside these make no sense for Sportello's data, and near the ends of the calendar the period's
# arithmetic (the day after the last, the default start before the end) would overflow.
FIRST_DATE, LAST_DATE = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


def date_field(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(FIRST_DATE), MaxValueValidator(LAST_DATE)],
    )


def teams_for(user):
    """The teams whose figures `user` may filter by: their own, or all for administrators. A team of
    one would otherwise show one colleague's searches and activity to anyone with a dashboard."""
    if roles.has_role(user, roles.ADMINISTRATOR):
        return Team.objects.all()
    return Team.objects.filter(members=user)


class FilterForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"))
    team = forms.ModelChoiceField(Team.objects.none(), label=_("Team"), required=False)
    product = forms.ModelChoiceField(Product.objects.order_by("name"), label=_("Product"), required=False)
    channel = forms.ChoiceField(
        choices=[("", _("All channels")), *Channel.choices], label=_("Customer's channel"), required=False,
        help_text=_("Applies to questions and market needs."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_for(user)

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
    channel: str = ""

    def query(self):
        """The filters as URL parameters, for links and exports."""
        params = {"start": self.period.first_day.isoformat(), "end": self.period.last_day.isoformat()}
        if self.team:
            params["team"] = self.team.pk
        if self.product:
            params["product"] = self.product.pk
        if self.channel:
            params["channel"] = self.channel
        return params


def from_request(request):
    """(form, Filters) from the query string; invalid values are reported by the form and ignored."""
    default = Period.ending_today()
    form = FilterForm(request.GET or None, user=request.user, initial={"start": default.first_day, "end": default.last_day})
    if not form.is_bound or not form.is_valid():
        return form, Filters(default)
    data = form.cleaned_data
    end = data["end"] or timezone.localdate()
    start = min(data["start"] or end - datetime.timedelta(days=DEFAULT_DAYS - 1), end)
    return form, Filters(Period(start, end), data["team"], data["product"], data["channel"])
