"""Service tokens in the Django admin (/django-admin/): administrators create, list and revoke them.

The secret is made by api.tokens and shown once, in the message after saving; only its hash is stored.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api import tokens
from api.models import ArticleFeedback, ArticleUsage, ReportedContact, ServiceToken


@admin.register(ServiceToken)
class ServiceTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "may_act_as_users", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("may_act_as_users",)
    fields = ("name", "user", "may_act_as_users", "expires_at", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_selected"]

    # Administrators only: a service token may act for any CSR.
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: usage records keep pointing at the integration

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, secret = tokens.create_service_token(
            obj.name, obj.user, obj.may_act_as_users, obj.expires_at, created_by=request.user
        )
        obj.pk = token.pk
        obj.refresh_from_db()
        messages.warning(request, _("The token of “%(name)s” is %(secret)s — copy it now: it is shown only once.")
                         % {"name": token.name, "secret": secret})

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_selected(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.revoke(token)
        self.message_user(request, _("Revoked."))


@admin.register(ArticleUsage)
class ArticleUsageAdmin(admin.ModelAdmin):
    list_display = ("contact_id", "article", "channel", "user", "service_token", "created_at")
    list_filter = ("channel",)
    search_fields = ("contact_id",)
    raw_id_fields = ("article", "revision", "user", "service_token")


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ("article", "helpful", "reason", "user", "created_at")
    list_filter = ("helpful", "reason")
    raw_id_fields = ("article", "revision", "user", "service_token")


@admin.register(ReportedContact)
class ReportedContactAdmin(admin.ModelAdmin):
    list_display = ("contact_id", "channel", "user", "service_token", "created_at")
    list_filter = ("channel",)
    search_fields = ("contact_id",)
    raw_id_fields = ("user", "service_token")
