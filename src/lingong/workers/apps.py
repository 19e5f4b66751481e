from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "lingong.workers"
    label = "workers"
    verbose_name = "求职者"
