from django.db import migrations, models
from django.db.models import F


def mark_past_escalations_announced(apps, schema_editor):
    """Escalations made before this field existed were announced then: never announce them again."""
    Question = apps.get_model("collaboration", "Question")
    Question.objects.filter(escalated_at__isnull=False).update(escalation_notified_at=F("escalated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("collaboration", "0004_post_versions_and_full_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="escalation_notified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_past_escalations_announced, migrations.RunPython.noop),
    ]
