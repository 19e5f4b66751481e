from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the platform: liveness and readiness, Prometheus metrics (issue 15)."""

    name = "lingong.ops"
    label = "ops"
    verbose_name = "运行维护"
