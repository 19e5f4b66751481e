from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "lingong.live"
    label = "live"
    verbose_name = "直播带岗"
