from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "lingong.contracts"
    label = "contracts"
    verbose_name = "劳务协议"
