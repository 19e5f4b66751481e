from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "lingong.disputes"
    label = "disputes"
    verbose_name = "维权"

    def ready(self) -> None:
        # Imported here: models are loaded only by ready(). Disputes listens to settlement (below it), which
        # never imports this app: a resolved arrears flag closes the engagement's open wage complaints.
        from django.db.models.signals import post_save

        from lingong.disputes.receivers import on_arrears_flag_saved
        from lingong.settlement.models import ArrearsFlag

        post_save.connect(on_arrears_flag_saved, sender=ArrearsFlag, dispatch_uid="disputes.arrears_paid")
