from django.apps import AppConfig


class SettlementConfig(AppConfig):
    name = "lingong.settlement"
    label = "settlement"
    verbose_name = "薪税结算"
