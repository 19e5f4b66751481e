from django.apps import AppConfig


class InsuranceConfig(AppConfig):
    name = "lingong.insurance"
    label = "insurance"
    verbose_name = "意外伤害保险"
