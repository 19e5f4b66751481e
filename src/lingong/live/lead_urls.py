"""Pages of the live back office (/staff/live/...); the room and its console are in room_urls.py."""

from __future__ import annotations

from typing import Any

from django.urls import path

from lingong.live import office_views as views

# The fixed words (new, leads, settings, jobs) come before <code>: a room code is 11 characters.
urlpatterns: list[Any] = [
    path("staff/live/", views.sessions, name="office_sessions"),
    path("staff/live/new/", views.session_new, name="office_session_new"),
    path("staff/live/settings/", views.live_settings, name="office_settings"),
    path("staff/live/jobs/search/", views.job_search, name="office_job_search"),
    path("staff/live/leads/", views.leads_queue, name="office_leads_queue"),
    path("staff/live/leads/<int:lead_id>/", views.lead_detail, name="office_lead"),
    path("staff/live/leads/<int:lead_id>/reveal/", views.lead_reveal, name="office_lead_reveal"),
    path("staff/live/<str:code>/", views.session_detail, name="office_session"),
    path("staff/live/<str:code>/edit/", views.session_edit, name="office_session_edit"),
    path("staff/live/<str:code>/cancel/", views.session_cancel, name="office_session_cancel"),
    path("staff/live/<str:code>/card/", views.share_card, name="office_share_card"),
    path("staff/live/<str:code>/leads/", views.session_leads, name="office_session_leads"),
    path("staff/live/<str:code>/stats/", views.session_stats, name="office_stats"),
    path("staff/live/<str:code>/stats.xlsx", views.session_stats_xlsx, name="office_stats_xlsx"),
]
