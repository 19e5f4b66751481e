from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lingong.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        # Connects the login-history receiver to Django's user_logged_in signal.
        from lingong.accounts import login_history  # noqa: F401
