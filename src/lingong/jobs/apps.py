from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lingong.jobs"
    label = "jobs"
    verbose_name = "用工需求"
