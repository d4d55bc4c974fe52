"""The `answer_escalations` permission, given to the groups that already answer escalated questions: the
Expert role (the fallback of every escalation) and every group the impact table makes responsible."""

from django.db import migrations


def grant_to_answering_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    ImpactRule = apps.get_model("collaboration", "ImpactRule")
    content_type, _created = ContentType.objects.get_or_create(app_label="collaboration", model="question")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="answer_escalations", defaults={"name": "Can answer escalated questions"}
    )
    responsible = ImpactRule.objects.values("responsible_group")
    for group in Group.objects.filter(name="Expert") | Group.objects.filter(pk__in=responsible):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("collaboration", "0006_impact_table_workflow_calendars_reviews_channels"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="question",
            options={
                "ordering": ["-created_at"],
                "permissions": [("answer_escalations", "Can answer escalated questions")],
                "verbose_name": "question",
                "verbose_name_plural": "questions",
            },
        ),
        migrations.RunPython(grant_to_answering_groups, migrations.RunPython.noop),
    ]
