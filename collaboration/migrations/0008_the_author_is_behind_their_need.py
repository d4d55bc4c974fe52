"""The operators behind a need are its MarketNeedSupport rows, the author's included
(collaboration.supporters): each existing need gets its author's row, and the separate counter goes."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def add_author_rows(apps, schema_editor):
    MarketNeed = apps.get_model("collaboration", "MarketNeed")
    MarketNeedSupport = apps.get_model("collaboration", "MarketNeedSupport")
    authors_row = MarketNeedSupport.objects.filter(need_id=OuterRef("pk"), user_id=OuterRef("author_id"))
    missing = MarketNeed.objects.filter(~Exists(authors_row)).values_list("pk", "author_id", "created_at")
    MarketNeedSupport.objects.bulk_create(
        [MarketNeedSupport(need_id=pk, user_id=author, customers=0, created_at=created) for pk, author, created in missing],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0007_groups_that_answer_escalations")]

    operations = [
        migrations.RunPython(add_author_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="marketneed", name="support_count"),
    ]
