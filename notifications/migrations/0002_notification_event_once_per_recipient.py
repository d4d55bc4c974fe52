from django.db import migrations, models

ARTICLE_KINDS = ("offer", "defect", "crisis")


def name_article_events(apps, schema_editor):
    """Existing notifications of published articles get the event new ones carry, so that republishing
    an article after the upgrade does not notify its readers again (the oldest row wins a duplicate)."""
    Notification = apps.get_model("notifications", "Notification")
    seen = set()
    rows = Notification.objects.filter(kind__in=ARTICLE_KINDS, page__isnull=False).order_by("pk")
    for pk, user_id, kind, page_id in list(rows.values_list("pk", "user_id", "kind", "page_id")):
        event = f"{kind}:page:{page_id}"
        if (user_id, event) not in seen:
            seen.add((user_id, event))
            Notification.objects.filter(pk=pk).update(event=event)


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="event",
            field=models.CharField(blank=True, default="", max_length=120, verbose_name="event"),
        ),
        migrations.RunPython(name_article_events, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("event", ""), _negated=True), fields=("user", "event"), name="one_notification_per_event"
            ),
        ),
    ]
