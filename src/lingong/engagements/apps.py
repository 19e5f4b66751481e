from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "lingong.engagements"
    label = "engagements"
    verbose_name = "用工单"
