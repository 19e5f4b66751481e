"""Fair pages (fairs-a): the public list and page, a worker's registrations, an enterprise's booth
applications, staff's management pages and the door."""

from __future__ import annotations

from typing import Any

from django.urls import path

from lingong.fairs import views

urlpatterns: list[Any] = [
    path("fairs/", views.fair_list, name="list"),
    path("fairs/<str:code>/", views.fair_detail, name="detail"),
    path("fairs/<str:code>/register/", views.register, name="register"),
    path("me/fairs/", views.my_fairs, name="my_fairs"),
    path("me/fairs/<str:code>/", views.my_fair, name="my_fair"),
    path("employer/fairs/", views.employer_fairs, name="employer_fairs"),
    path("employer/fairs/<str:code>/apply/", views.employer_apply, name="employer_apply"),
    path(
        "employer/fairs/applications/<int:application_id>/withdraw/",
        views.employer_withdraw,
        name="employer_withdraw",
    ),
    path("staff/fairs/", views.staff_fairs, name="staff_fairs"),
    path("staff/fairs/<str:code>/", views.staff_fair, name="staff_fair"),
    path("staff/fairs/<str:code>/door/", views.door, name="door"),
]
