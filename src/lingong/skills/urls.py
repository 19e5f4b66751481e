"""Skill gaps (技能缺口): the staff page and its .xlsx export."""

from __future__ import annotations

from django.urls import path

from lingong.skills import views

app_name = "skills"

urlpatterns = [
    path("staff/skills/", views.gaps, name="gaps"),
    path("staff/skills/gaps.xlsx", views.gaps_xlsx, name="gaps_xlsx"),
]
