"""Seeded the rules of search/thesaurus/en_kb_words.txt, since withdrawn: they mapped customer phrasings to
the titles of the evaluation set's English articles. A new database gets nothing here; a database that ran
the seed has those rules removed by 0010, and the general English vocabulary comes from en_telco.txt (0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0006_searchlog_shown")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
