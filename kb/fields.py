from django import forms
from django.db import models


class ChoiceListField(models.JSONField):
    """A list of values from a fixed set, stored as a JSON list and edited as checkboxes.

    Works the same on SQLite and PostgreSQL (no ArrayField), and the admin shows real checkboxes
    rather than a JSON text area.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in self.item_choices}
        unknown = [item for item in value or [] if item not in allowed]
        if unknown:
            raise forms.ValidationError(f"Unknown values: {', '.join(map(str, unknown))}")

    def labels(self, value):
        names = dict(self.item_choices)
        return [names.get(item, item) for item in value or []]
