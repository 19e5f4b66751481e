from django.apps import AppConfig


class HousekeepingConfig(AppConfig):
    name = "lingong.housekeeping"
    label = "housekeeping"
    verbose_name = "家政服务"
