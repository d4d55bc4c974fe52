from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "subject", "delivery", "read_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["subject", "user__username"]
    raw_id_fields = ["user", "page", "question"]
