from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lingong.audit"
    label = "audit"
    verbose_name = "审计留痕"
