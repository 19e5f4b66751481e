"""Skill gaps (技能缺口): the staff page and its .xlsx export."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "skills"

urlpatterns: list[URLPattern] = []
