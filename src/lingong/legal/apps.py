from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "lingong.legal"
    label = "legal"
    verbose_name = "法律援助与政策"
