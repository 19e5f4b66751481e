from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "lingong.rights"
    label = "rights"
    verbose_name = "个人信息权利"
