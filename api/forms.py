from django import forms
from django.utils.translation import gettext_lazy as _

from api.tokens import PERSONAL_LIFETIMES_DAYS


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("Where you will use it, e.g. “CRM Salesforce, postazione 12”."),
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Valid for"), coerce=int, initial=90,
        choices=[(days, _("%(days)s days") % {"days": days}) for days in PERSONAL_LIFETIMES_DAYS],
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name
