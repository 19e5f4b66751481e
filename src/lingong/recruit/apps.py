from django.apps import AppConfig


class RecruitConfig(AppConfig):
    name = "lingong.recruit"
    label = "recruit"
    verbose_name = "即时快招"

    def ready(self) -> None:
        # Imported in ready(): the receivers use the models, loaded by now.
        from lingong.recruit import receivers

        receivers.connect()
