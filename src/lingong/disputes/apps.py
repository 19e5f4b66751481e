from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "lingong.disputes"
    label = "disputes"
    verbose_name = "维权"
