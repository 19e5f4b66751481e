from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "lingong.workflow"
    label = "workflow"
    verbose_name = "用工流程"
