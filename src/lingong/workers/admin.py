from django.contrib import admin

from lingong.workers.models import WorkerProfile


@admin.register(WorkerProfile)
class WorkerProfileAdmin(admin.ModelAdmin):
    list_display = ["real_name", "user", "station", "registration_channel", "created_at"]
    list_filter = ["registration_channel", "station__centre"]
    search_fields = ["real_name", "user__phone"]
    exclude = ["id_number"]
