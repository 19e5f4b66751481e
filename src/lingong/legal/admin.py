from django.contrib import admin

from lingong.legal.models import (
    ArbitrationDay,
    Consultation,
    ConsultationSlot,
    LegalAdviser,
    PolicyArticle,
    RulesVersion,
)


@admin.register(LegalAdviser)
class LegalAdviserAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "active", "market")
    list_filter = ("kind", "active")


@admin.register(ArbitrationDay)
class ArbitrationDayAdmin(admin.ModelAdmin):
    list_display = ("date", "commission", "place", "published", "market")


@admin.register(ConsultationSlot)
class ConsultationSlotAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "adviser", "arbitration_day", "mode", "status")
    list_filter = ("status", "mode")
    readonly_fields = ("status",)  # moves through the services (SLOT_LIFECYCLE) only


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("slot", "worker", "status", "booked_at", "reminded_at")
    list_filter = ("status",)
    readonly_fields = ("status", "reminded_at")


@admin.register(PolicyArticle)
class PolicyArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "category", "market", "published", "updated_at")
    list_filter = ("category", "published")
    search_fields = ("title", "slug")


@admin.register(RulesVersion)
class RulesVersionAdmin(admin.ModelAdmin):
    """The rules are edited here as JSON; ``RulesVersion.clean`` validates them before they are saved."""

    list_display = ("version", "market", "note", "created_at")
