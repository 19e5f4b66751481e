"""The market simulator's staff page (市场仿真)."""

from __future__ import annotations

from django.urls import path

from lingong.simulation import views

app_name = "simulation"

urlpatterns = [
    path("staff/simulation/", views.page, name="page"),
    path("staff/simulation/runs/<int:run_id>/", views.run_status, name="run_status"),
]
