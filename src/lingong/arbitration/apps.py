from django.apps import AppConfig


class ArbitrationConfig(AppConfig):
    name = "lingong.arbitration"
    label = "arbitration"
    verbose_name = "仲裁直通车"
