from django.apps import AppConfig

from lingong.legal import checks  # noqa: F401 - registers the start-up check of the rules file


class LegalConfig(AppConfig):
    name = "lingong.legal"
    label = "legal"
    verbose_name = "法律援助与政策"
