from django.contrib import admin

from lingong.employers.models import Enterprise, EnterpriseMember


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "credit_code", "industry", "status", "station", "created_at"]
    list_filter = ["status", "kind", "industry"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["status", "verified_by", "verified_at", "rejection_reason"]
    exclude = ["contact_id_number"]


admin.site.register(EnterpriseMember)
