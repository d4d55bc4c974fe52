"""Dates typed in the Wagtail admin mean the same day in every admin language, and the date pickers leave
typed text alone (a date the picker cannot read used to become today)."""

import datetime

import pytest
from django.core import checks
from django.test import override_settings
from django.utils import formats, translation

from kb.models import CrisisPage, KnownDefectPage, OfferPage

pytestmark = pytest.mark.django_db

TYPED = {
    "10/11/2027": datetime.date(2027, 11, 10),
    "2027-11-10": datetime.date(2027, 11, 10),
    "30/06/2027": datetime.date(2027, 6, 30),
    "2027-06-30": datetime.date(2027, 6, 30),
}


def edit_form(model):
    return model.get_edit_handler().get_form_class()()


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("typed, day", TYPED.items())
@pytest.mark.parametrize("model, field", [(KnownDefectPage, "review_by"), (KnownDefectPage, "expected_fix_date"),
                                          (OfferPage, "review_by")])
def test_a_typed_date_means_the_same_day_in_every_admin_language(model, field, typed, day, language):
    with translation.override(language):
        assert edit_form(model).fields[field].clean(typed) == day


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_date_that_is_no_date_is_a_form_error_in_every_language(language):
    with translation.override(language), pytest.raises(Exception, match="valid date|data valida"):
        edit_form(KnownDefectPage).fields["review_by"].clean("31/02/2027")


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_admin_shows_dates_as_iso_in_every_language(language):
    form = KnownDefectPage.get_edit_handler().get_form_class()(initial={"review_by": datetime.date(2027, 11, 10)})
    with translation.override(language):
        html = str(form["review_by"])
    assert 'value="2027-11-10"' in html


@pytest.mark.parametrize("model, field", [(KnownDefectPage, "review_by"), (CrisisPage, "started_at")])
def test_the_date_pickers_leave_typed_text_alone(model, field):
    html = str(edit_form(model)[field])
    assert "&quot;validateOnBlur&quot;: false" in html or '"validateOnBlur": false' in html


def core_check_ids():
    formats.reset_format_cache()  # format modules are cached per process; FORMAT_MODULE_PATH changes below
    return {error.id for error in checks.run_checks() if error.id.startswith("core.")}


def test_the_system_check_refuses_languages_that_read_dates_differently():
    ids = core_check_ids
    assert ids() == set()
    with override_settings(FORMAT_MODULE_PATH=None):
        assert "core.E001" in ids()
    with override_settings(WAGTAIL_DATE_FORMAT="%m/%d/%Y"):
        assert "core.E002" in ids()
    assert ids() == set()
