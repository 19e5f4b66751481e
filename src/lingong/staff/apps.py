from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "lingong.staff"
    label = "staff"
    verbose_name = "工作台"
