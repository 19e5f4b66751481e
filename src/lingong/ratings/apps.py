from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "lingong.ratings"
    label = "ratings"
    verbose_name = "评价与信用"
