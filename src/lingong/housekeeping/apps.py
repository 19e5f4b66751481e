from django.apps import AppConfig


class HousekeepingConfig(AppConfig):
    name = "lingong.housekeeping"
    label = "housekeeping"
    verbose_name = "家政服务"

    def ready(self) -> None:
        # Imports here, not at the top: the modules use models, loaded only once ready() runs.
        from django.db.models.signals import post_save

        from lingong.engagements.models import Engagement
        from lingong.housekeeping import dispatch, receivers, signals

        signals.booking_ready.connect(dispatch.on_booking_ready, dispatch_uid="housekeeping.dispatch")
        post_save.connect(
            receivers.engagement_saved, sender=Engagement, dispatch_uid="housekeeping.engagement"
        )
