"""Seed the rules of search/thesaurus/en_kb_words.txt: English customer words → the words of the English
articles. Rules already present are left alone, so re-running is harmless."""

import pathlib

from django.db import migrations

SEED = pathlib.Path(__file__).resolve().parent.parent / "thesaurus" / "en_kb_words.txt"


def seed(apps, schema_editor):
    from search.synonyms import parse_rules

    SynonymRule = apps.get_model("search", "SynonymRule")
    existing = set(SynonymRule.objects.values_list("terms", "expands_to"))
    rules = [rule for rule in dict.fromkeys(parse_rules(SEED.read_text(encoding="utf-8"))) if rule not in existing]
    SynonymRule.objects.bulk_create([SynonymRule(terms=terms, expands_to=targets, note="seed") for terms, targets in rules])


class Migration(migrations.Migration):
    dependencies = [("search", "0006_searchlog_shown")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
