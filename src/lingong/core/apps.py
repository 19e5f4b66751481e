from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lingong.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from lingong.core import checks  # noqa: F401 - registers the deployment checks
