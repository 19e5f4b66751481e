from django.contrib import admin

from lingong.jobs.models import Application, Invitation, JobPosting


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "enterprise",
        "status",
        "headcount",
        "pay_amount",
        "pay_unit",
        "start_date",
        "end_date",
    ]
    list_filter = ["status", "source_channel", "is_urgent"]
    search_fields = ["title", "enterprise__name"]
    readonly_fields = ["status"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["job", "worker", "status", "applied_at"]
    list_filter = ["status"]
    readonly_fields = ["status"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["job", "worker", "invited_by", "created_at"]
    readonly_fields = ["job", "worker", "invited_by", "notification", "created_at"]
