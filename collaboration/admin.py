from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from collaboration.models import Space


@admin.register(Space)
class SpaceAdmin(GuardedModelAdmin):
    """Spaces and their per-user / per-group rights (guardian's object permissions screen)."""

    list_display = ["name", "slug", "kind"]
    prepopulated_fields = {"slug": ["name"]}
