from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "lingong.simulation"
    label = "simulation"
    verbose_name = "市场仿真"
