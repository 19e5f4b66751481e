from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "lingong.mediation"
    label = "mediation"
    verbose_name = "调解"
