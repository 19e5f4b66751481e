from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo-data builder and its ``seed`` and ``demo_logins`` commands; no models."""

    name = "lingong.demo"
    label = "demo"
    verbose_name = "演示数据"
