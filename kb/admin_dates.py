"""Date fields of the Wagtail admin keep what the editor typed.

Wagtail's date pickers (jQuery xdsoft datetimepicker) rewrite a typed value on blur: text that does not
match the picker's one format becomes *today*, silently ("2027-06-30" under a day-first format did). With
validateOnBlur off the picker still writes dates it picks, but leaves typed text alone; the form then
reads it with the input formats every language shares (config/formats/) or says it is not a date.
"""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

KEEP_TYPED_TEXT = {"validateOnBlur": False}


class TypedDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class TypedDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


def register_date_widgets():
    register_form_field_override(models.DateField, override={"widget": TypedDateInput})
    register_form_field_override(models.DateTimeField, override={"widget": TypedDateTimeInput})
