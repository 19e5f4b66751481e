"""Housekeeping pages (booking part): home-services/... (households) and staff/home-services/catalogue/..."""

from __future__ import annotations

from django.urls import URLPattern, path

from lingong.housekeeping import views

urlpatterns: list[URLPattern] = [
    path("home-services/", views.home, name="home"),
    path("home-services/book/", views.book, name="book"),
    path("home-services/bookings/", views.bookings, name="bookings"),
    path("home-services/bookings/<str:code>/", views.booking_detail, name="booking_detail"),
    path("home-services/bookings/<str:code>/cancel", views.booking_cancel, name="booking_cancel"),
    path(
        "home-services/bookings/<str:code>/worker-photo",
        views.booking_worker_photo,
        name="booking_worker_photo",
    ),
    path("staff/home-services/catalogue/", views.staff_catalogue, name="staff_catalogue"),
    path("staff/home-services/catalogue/new/", views.staff_service_new, name="staff_service_new"),
    path(
        "staff/home-services/catalogue/<int:service_id>/edit/",
        views.staff_service_edit,
        name="staff_service_edit",
    ),
    path(
        "staff/home-services/catalogue/<int:service_id>/active",
        views.staff_service_active,
        name="staff_service_active",
    ),
]
