from django.apps import AppConfig


class ArbitrationConfig(AppConfig):
    name = "lingong.arbitration"
    label = "arbitration"
    verbose_name = "仲裁直通车"

    def ready(self) -> None:
        # The referrals and their results are a section of the monthly complaint report (disputes).
        from lingong.arbitration.selectors import referral_report_section
        from lingong.disputes.report_sections import register

        register(referral_report_section)
