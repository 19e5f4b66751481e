from django.contrib import admin

from lingong.audit.models import AuditEntry, SensitiveRead


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "created_at", "actor_label", "action", "object_type", "object_id", "result"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SensitiveRead)
class SensitiveReadAdmin(admin.ModelAdmin):
    """Read-only: the log of full-number reads is written by the services, never by hand."""

    list_display = ["at", "actor_label", "field", "count", "subject_label", "reason", "ip"]
    list_filter = ["field", "reason"]
    search_fields = ["actor_label", "subject_label", "subject_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
