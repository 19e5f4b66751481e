from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "lingong.training"
    label = "training"
    verbose_name = "订单式培训"

    def ready(self) -> None:
        # Models are loaded only now: the ordering employers' graduates come first among candidates.
        from lingong.training import priority

        priority.register()
