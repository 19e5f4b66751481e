from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "lingong.skills"
    label = "skills"
    verbose_name = "技能缺口"
