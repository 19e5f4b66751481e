from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "lingong.ratings"
    label = "ratings"
    verbose_name = "评价与信用"

    def ready(self) -> None:
        # Imports here, not at the top: an app's models (and the apps below) are loaded only by ready().
        # The caches listen to the record below them, which never imports this app.
        from lingong.engagements.signals import reliability_changed
        from lingong.ratings.signals import on_reliability_changed

        reliability_changed.connect(on_reliability_changed, dispatch_uid="ratings.reliability")
