"""System checks for settings whose mistakes go unnoticed until data is wrong."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils import formats

# Wagtail's own check of these (wagtailadmin.E003) only runs under the USE_L10N setting Django 5 removed.
WAGTAIL_INPUT_FORMATS = [
    ("WAGTAIL_DATE_FORMAT", "DATE_INPUT_FORMATS"),
    ("WAGTAIL_DATETIME_FORMAT", "DATETIME_INPUT_FORMATS"),
    ("WAGTAIL_TIME_FORMAT", "TIME_INPUT_FORMATS"),
]


@register()
def dates_mean_the_same_in_every_language(app_configs, **kwargs):
    """Every language accepts the same date input formats, and the admin's pickers write one of them."""
    errors = []
    first, *others = [code for code, _name in settings.LANGUAGES]
    for wagtail_setting, input_setting in WAGTAIL_INPUT_FORMATS:
        reference = formats.get_format(input_setting, lang=first)
        for code in others:
            if formats.get_format(input_setting, lang=code) != reference:
                errors.append(Error(
                    f"{input_setting} differs between {first!r} and {code!r}: a typed date would mean different "
                    "days in different languages.",
                    hint="Give every language the same input formats (FORMAT_MODULE_PATH, config/formats/).",
                    id="core.E001",
                ))
        wagtail_format = getattr(settings, wagtail_setting, None)
        if wagtail_format is not None and wagtail_format not in reference:
            errors.append(Error(
                f"{wagtail_setting} {wagtail_format!r} is not in {input_setting}: the admin would refuse what its "
                "own picker writes.",
                obj=wagtail_setting,
                id="core.E002",
            ))
    return errors
