from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "lingong.jobs"
    label = "jobs"
    verbose_name = "用工需求"

    def ready(self) -> None:
        # Imported in ready(): the models these modules use are loaded by now.
        from lingong.jobs import area_guard
        from lingong.jobs.matching_index import connect_signals

        connect_signals()
        area_guard.register()
