"""The admin speaks the reader's language wherever Sportello supplies the words.

Every model the Django admin or the Wagtail admin shows (page types, snippets and the rows of their
inline panels, the models registered in /django-admin/): their names, their fields' labels, help texts
and choices, the editor's panel headings, help texts and inline labels, the StreamField blocks' labels,
help texts and choices, the admin actions and columns, and the snippets' menu labels. A string that is
not marked for translation, or that has no Italian translation in the compiled catalog, is listed by
where it comes from. Then the editor of each page type and snippet is opened in both languages.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericRelation
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import trans_real
from wagtail.admin.panels import InlinePanel
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

from kb.models import OfferPage
from kb.site_tree import section_by_slug

SPORTELLO_APPS = {"core", "accounts", "kb", "collaboration", "search", "notifications", "insights", "api", "panel"}


def sportello(model):
    return model._meta.app_label in SPORTELLO_APPS


def admin_models():
    """The Sportello models an admin shows, with the rows of their inline panels."""
    shown = [model for model in admin.site._registry if sportello(model)]
    shown += [model for model in get_snippet_models() if sportello(model)]
    shown += [model for model in get_page_models() if sportello(model)]
    return list(dict.fromkeys(shown))


def panels_of(panel):
    yield panel
    for child in getattr(panel, "children", []):
        yield from panels_of(child)


def blocks_of(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from blocks_of(child)
    if getattr(block, "child_block", None) is not None:
        yield from blocks_of(block.child_block)


def supplied_strings(model):
    """(where, string) for every string the admin shows for `model` that Sportello supplies."""
    name = model.__name__
    yield f"{name} verbose_name", model._meta.verbose_name
    yield f"{name} verbose_name_plural", model._meta.verbose_name_plural
    for field in model._meta.get_fields():
        if field.auto_created or getattr(field, "verbose_name", None) is None or not sportello(field.model):
            continue
        if isinstance(field, GenericRelation):  # Wagtail's revisions, workflow states, index entries
            continue
        yield f"{name}.{field.name}", field.verbose_name
        yield f"{name}.{field.name} help_text", field.help_text
        for value, label in field.flatchoices or []:
            yield f"{name}.{field.name} choice {value!r}", label
        if isinstance(field, StreamField):
            for block in blocks_of(field.stream_block):
                where = f"{name}.{field.name} block {block.name or type(block).__name__}"
                if block.name:
                    yield where, block.label
                yield f"{where} help_text", getattr(block.meta, "help_text", None)
                for value, label in getattr(getattr(block, "field", None), "choices", None) or []:
                    if value:
                        yield f"{where} choice {value!r}", label
    if hasattr(model, "get_edit_handler"):
        for panel in panels_of(model.get_edit_handler()):
            where = f"{name} panel {getattr(panel, 'field_name', '') or type(panel).__name__}"
            yield f"{where} heading", panel.heading
            yield f"{where} help_text", panel.help_text
            if isinstance(panel, InlinePanel):
                yield f"{where} label", panel.label
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is not None:
        yield f"{name} menu_label", viewset.menu_label
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:
        for action in model_admin.actions or []:
            yield f"{name} admin action {action}", getattr(getattr(model_admin, action), "short_description", "")
        for column in model_admin.list_display:
            method = getattr(model_admin, column, None) if isinstance(column, str) else column
            if callable(method):
                yield f"{name} admin column {column}", getattr(method, "short_description", "")


def inline_models(model):
    if not hasattr(model, "get_edit_handler"):
        return []
    return [
        model._meta.get_field(panel.relation_name).related_model
        for panel in panels_of(model.get_edit_handler())
        if isinstance(panel, InlinePanel)
    ]


def untranslated_strings():
    catalog = trans_real.translation("it")._catalog
    models = admin_models()
    models += [inline for model in models for inline in inline_models(model)]
    found = []
    for model in dict.fromkeys(models):
        for where, text in supplied_strings(model):
            if text in (None, ""):
                continue
            with translation.override("en"):
                english = str(text)
            with translation.override("it"):
                italian = str(text)
            if not isinstance(text, Promise):
                found.append(f"{where}: {english!r} is not marked for translation")
            elif italian == english and english not in catalog:
                found.append(f"{where}: {english!r} has no Italian translation")
    return found


def test_every_string_sportello_supplies_to_the_admin_is_translated():
    assert untranslated_strings() == []


def test_the_check_finds_an_unmarked_or_untranslated_label(monkeypatch):
    from collaboration.models import ImpactRule

    field = ImpactRule._meta.get_field("name")
    monkeypatch.setattr(field, "verbose_name", "rule name")
    monkeypatch.setattr(field, "help_text", translation.gettext_lazy("A label nobody translated"))
    assert untranslated_strings() == [
        "ImpactRule.name: 'rule name' is not marked for translation",
        "ImpactRule.name help_text: 'A label nobody translated' has no Italian translation",
    ]


# Opening the editors: each form shows its Sportello fields' labels in the reader's language.
ARTICLE_SECTIONS = {"OfferPage": "offerte", "KnownDefectPage": "guasti-noti", "CrisisPage": "crisi", "AnswerPage": "procedure"}


def form_labels(model, language):
    """The labels the admin form of `model` shows for Sportello's fields, escaped as in the page."""
    names = [panel.field_name for panel in panels_of(model.get_edit_handler()) if getattr(panel, "field_name", None)]
    fields = [model._meta.get_field(name) for name in names]
    with translation.override(language):
        return [escape(capfirst(str(field.verbose_name))) for field in fields if sportello(field.model)]


def django_admin_labels(model, language):
    """The labels of the Django admin's form of `model` (what /django-admin/ shows when adding one)."""
    model_admin = admin.site._registry[model]
    names = model_admin.fields or [field.name for field in model._meta.fields if field.editable and not field.auto_created]
    with translation.override(language):
        return [escape(capfirst(str(model._meta.get_field(name).verbose_name))) for name in names]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_the_editors_and_admin_forms_speak_the_readers_language(client, home, offers_owner, language):
    client.force_login(get_user_model().objects.create_superuser("amministratore", password="pw"))
    opened = []
    for model in (model for model in admin_models() if hasattr(model, "snippet_viewset")):
        opened.append((model, reverse(model.snippet_viewset.get_url_name("add")), form_labels(model, language)))
    for name, slug in ARTICLE_SECTIONS.items():
        model = next(model for model in get_page_models() if model.__name__ == name)
        url = f"/admin/pages/add/kb/{name.lower()}/{section_by_slug(slug).pk}/"
        opened.append((model, url, form_labels(model, language)))
    for model in (model for model in admin.site._registry if sportello(model)):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        opened.append((model, url, django_admin_labels(model, language)))
    missing = []
    for model, url, labels in opened:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        html = response.content.decode()
        missing += [(model.__name__, label) for label in labels if label not in html]
    assert missing == []

    # A content owner's editor too, in their section.
    client.force_login(offers_owner)
    url = f"/admin/pages/add/kb/offerpage/{section_by_slug('offerte').pk}/"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    heading = {"it": "Responsabilità e revisione", "en": "Ownership and review"}[language]
    assert heading in html and [label for label in form_labels(OfferPage, language) if label not in html] == []
