from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own command)."""
    call_command("publish_scheduled", verbosity=0)
