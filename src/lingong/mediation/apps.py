from django.apps import AppConfig

from lingong.disputes.signals import complaint_closed  # a bare Signal: no models are loaded by it


class MediationConfig(AppConfig):
    name = "lingong.mediation"
    label = "mediation"
    verbose_name = "调解"

    def ready(self) -> None:
        # Imported here: models are loaded only by ready(). A complaint closed as paid (disputes, below)
        # ends its active mediation case in the same transaction.
        from lingong.mediation.receivers import on_complaint_closed

        complaint_closed.connect(on_complaint_closed, dispatch_uid="mediation.complaint_closed")
