from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "lingong.org"
    label = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        # Imports here, not at the top: an app's models (and the apps below) are loaded only by ready().
        from django.db.models.signals import post_migrate

        from lingong.org import area, policy  # noqa: F401  (connects their cache signals)
        from lingong.org.reference import sync_divisions_after_migrate

        post_migrate.connect(sync_divisions_after_migrate, sender=self)
