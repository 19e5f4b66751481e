"""Pages of one part of the app (see urls.py, which joins the parts under one namespace): the room and its
sign-up sheets, the host's console."""

from __future__ import annotations

from typing import Any

from django.urls import path

from lingong.live import views

urlpatterns: list[Any] = [
    path("live/<str:code>/", views.room, name="room"),
    path("live/<str:code>/signup/", views.signup, name="signup"),
    path("live/<str:code>/consent/", views.consent, name="consent"),
    path("live/<str:code>/phone-code/", views.phone_code, name="phone_code"),
    path("live/<str:code>/phone-lead/", views.phone_lead, name="phone_lead"),
    path("staff/live/<str:code>/console/", views.console, name="console"),
    path("staff/live/<str:code>/console/start/", views.console_start, name="console_start"),
    path("staff/live/<str:code>/console/end/", views.console_end, name="console_end"),
    path("staff/live/<str:code>/console/pin/<int:session_job_id>/", views.console_pin, name="console_pin"),
    path("staff/live/<str:code>/console/unpin/", views.console_unpin, name="console_unpin"),
    path("staff/live/<str:code>/console/hide/<int:comment_id>/", views.console_hide, name="console_hide"),
    path("staff/live/<str:code>/console/mute/<int:viewer_id>/", views.console_mute, name="console_mute"),
    path("staff/live/<str:code>/console/answer/", views.console_answer, name="console_answer"),
]
