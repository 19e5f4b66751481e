from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "lingong.stats"
    label = "stats"
    verbose_name = "实时数据"

    def ready(self) -> None:
        # Connecting the audit listener here, not at import: the counters follow every state change
        # through the audit entry written in its transaction (docs/architecture.md, "Live figures").
        from lingong.stats import signals  # noqa: F401 - an import for its side effect (reason above)
