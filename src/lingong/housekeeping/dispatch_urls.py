"""Housekeeping pages (dispatch part)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lingong.housekeeping import dispatch_views as views

urlpatterns: list[URLPattern] = [
    path("me/home-services/offers/", views.offers, name="offers"),
    path("me/home-services/offers/<int:offer_id>/accept/", views.offer_accept, name="offer_accept"),
    path("me/home-services/offers/<int:offer_id>/decline/", views.offer_decline, name="offer_decline"),
    path(
        "home-services/bookings/<int:booking_id>/dispatch/",
        views.booking_redispatch,
        name="booking_redispatch",
    ),
    path("home-services/plans/", views.plan_list, name="plans"),
    path("home-services/plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path(
        "home-services/plans/<int:plan_id>/<str:action>/",
        views.plan_action,
        name="plan_action",
    ),
    path("staff/home-services/", views.staff_bookings, name="staff"),
]
