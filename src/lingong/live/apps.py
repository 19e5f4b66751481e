from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "lingong.live"
    label = "live"
    verbose_name = "直播带岗"

    def ready(self) -> None:
        # Imported in ready(): the receivers use the models, loaded by now.
        from lingong.live import receivers

        receivers.connect()
