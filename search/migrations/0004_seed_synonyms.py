"""Seed the synonym rules from search/thesaurus/it_telco.txt and let content owners edit them.

The file is the seed only: from here on the rules live in the database and are edited in the admin
(Snippets → Synonyms), with history. Rules already present are left alone, so re-running is harmless.
"""

import pathlib

from django.db import migrations

SEED = pathlib.Path(__file__).resolve().parent.parent / "thesaurus" / "it_telco.txt"
EDITORS = ["Content owner", "Administrator"]
ACTIONS = ["add", "change", "delete", "view"]


def seed(apps, schema_editor):
    from search.synonyms import parse_rules

    SynonymRule = apps.get_model("search", "SynonymRule")
    existing = set(SynonymRule.objects.values_list("terms", "expands_to"))
    rules = [rule for rule in parse_rules(SEED.read_text(encoding="utf-8")) if rule not in existing]
    SynonymRule.objects.bulk_create(
        [SynonymRule(terms=terms, expands_to=targets, note="seed") for terms, targets in dict.fromkeys(rules)]
    )


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="search", model="synonymrule")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_synonymrule", defaults={"name": f"Can {action} synonym rule"}
        )[0]
        for action in ACTIONS
    ]
    for group in Group.objects.filter(name__in=EDITORS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_synonym_rules"),
        ("accounts", "0001_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
