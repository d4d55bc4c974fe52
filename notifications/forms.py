from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from accounts import menus
from kb.models import Product
from notifications.models import DEFAULT_DELIVERY, UNMUTABLE_KINDS, Delivery, Kind


# Kinds that only reach the users of one tool (accounts.menus): nobody else is offered a choice about them.
KIND_TOOLS = {Kind.ESCALATION: "queue", Kind.SLA: "queue", Kind.BREACH: "queue", Kind.APPROVAL: "approvals",
              Kind.REVIEW: "editorial", Kind.SIGN_OFF: "signals", Kind.SIGNAL: "signals"}


def kinds_for(user):
    """The kinds of notification that can reach `user`, in the order of `Kind`."""
    return [kind for kind in Kind if kind not in KIND_TOOLS or menus.may_use(user, KIND_TOOLS[kind])]


def mutable_kinds(user):
    return [kind for kind in kinds_for(user) if kind not in UNMUTABLE_KINDS]


class PreferencesForm(forms.Form):
    """One delivery choice per kind (crises are not listed: they always arrive live), and interests."""

    products = forms.ModelMultipleChoiceField(
        Product.objects.order_by("name"), required=False, widget=forms.CheckboxSelectMultiple, label=_("Products I follow"),
        help_text=_("New offers and defects reach you only for these products and tags. None: all of them."),
    )
    tags = forms.CharField(
        required=False, max_length=500, label=_("Tags I follow"), help_text=_("Separated by commas, e.g. fibra, roaming."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = mutable_kinds(user)
        for kind in self.kinds:
            self.fields[f"delivery_{kind.value}"] = forms.ChoiceField(
                choices=Delivery.choices, widget=forms.RadioSelect, label=kind.label,
                initial=DEFAULT_DELIVERY.get(kind, Delivery.LIVE),
            )

    def delivery_fields(self):
        return [self[f"delivery_{kind.value}"] for kind in self.kinds]

    def clean_tags(self):
        names = sorted({name.strip().lower() for name in self.cleaned_data["tags"].split(",") if name.strip()})
        tags = list(Tag.objects.filter(name__in=names))
        unknown = sorted(set(names) - {tag.name for tag in tags})
        if unknown:
            raise forms.ValidationError(_("No article or question uses these tags: %(tags)s.") % {"tags": ", ".join(unknown)})
        return tags

    def deliveries(self):
        return {kind: self.cleaned_data[f"delivery_{kind.value}"] for kind in self.kinds}
