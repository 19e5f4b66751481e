from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "lingong.taxonomy"
    label = "taxonomy"
    verbose_name = "职业分类"

    def ready(self) -> None:
        # Imports here, not at the top: an app's models (and the apps below) are loaded only by ready().
        from django.db.models.signals import post_migrate

        from lingong.taxonomy.reference import sync_taxonomy_after_migrate

        post_migrate.connect(sync_taxonomy_after_migrate, sender=self)
