from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lingong.core"
    label = "core"
    verbose_name = "基础"
