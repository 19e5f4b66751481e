"""Training pages (attendance, results, certificates and the promise part)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lingong.training import certificate_views as views

urlpatterns: list[URLPattern] = [
    path("training/sessions/<int:session_id>/qr/", views.session_qr, name="session_qr"),
    path(
        "training/sessions/<int:session_id>/attendance/", views.session_attendance, name="session_attendance"
    ),
    path("training/checkin/<str:token>/", views.checkin, name="checkin"),
    path("training/courses/<int:course_id>/results/", views.course_results, name="course_results"),
    path("training/run/", views.my_courses_to_run, name="courses_to_run"),
    path("training/certificates/<int:certificate_id>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "training/certificates/<int:certificate_id>/official/",
        views.certificate_official,
        name="certificate_official",
    ),
    path(
        "training/certificates/<int:certificate_id>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
    path("training/verify/<str:token>/", views.certificate_verify, name="certificate_verify"),
    path("training/orders/<int:order_id>/promise/", views.order_promise, name="order_promise"),
    path("training/promises/", views.my_order_promises, name="order_promises"),
    path("me/training/certificates/", views.my_certificates, name="my_certificates"),
    path("staff/training/certificates/", views.staff_certificates, name="staff_certificates"),
]
