from django.apps import AppConfig


class SettlementConfig(AppConfig):
    name = "lingong.settlement"
    label = "settlement"
    verbose_name = "薪税结算"

    def ready(self) -> None:
        # Imports here, not at the top: an app's models (and the apps below) are loaded only by ready().
        # The arrears guard plugs into posting, which sits below this app and must not import it.
        from lingong.jobs.guards import posting_guards
        from lingong.settlement.selectors import assert_can_post

        posting_guards.register(assert_can_post, name="wage_arrears")
