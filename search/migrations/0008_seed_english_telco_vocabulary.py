"""Seed the rules of search/thesaurus/en_telco.txt: the everyday English of a telco's customers (bill /
invoice, top up / recharge, cut off / suspended) mapped to the English articles' words; no rule starts from a
loanword Italian desks type as it is (modem, sms, tv).
Rules already present are left alone, so re-running is harmless."""

import pathlib

from django.db import migrations

SEED = pathlib.Path(__file__).resolve().parent.parent / "thesaurus" / "en_telco.txt"


def seed(apps, schema_editor):
    from search.synonyms import parse_rules

    SynonymRule = apps.get_model("search", "SynonymRule")
    existing = set(SynonymRule.objects.values_list("terms", "expands_to"))
    rules = [rule for rule in dict.fromkeys(parse_rules(SEED.read_text(encoding="utf-8"))) if rule not in existing]
    SynonymRule.objects.bulk_create([SynonymRule(terms=terms, expands_to=targets, note="seed") for terms, targets in rules])


class Migration(migrations.Migration):
    dependencies = [("search", "0007_seed_english_kb_words")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
