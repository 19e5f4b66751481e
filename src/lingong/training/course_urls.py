"""Training pages (course part): training/courses/... (public and worker), me/training/ (worker),
employer/training/... (employer), staff/training/... (staff)."""

from __future__ import annotations

from django.urls import URLPattern, path

from lingong.training import views

urlpatterns: list[URLPattern] = [
    path("training/courses/", views.course_list, name="courses"),
    path("training/courses/<int:course_id>/", views.course_detail, name="course"),
    path("training/courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("training/enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("me/training/", views.my_courses, name="my_courses"),
    path("employer/training/orders/", views.employer_orders, name="employer_orders"),
    path("employer/training/orders/new/", views.employer_order_new, name="employer_order_new"),
    path("employer/training/orders/<int:order_id>/", views.employer_order, name="employer_order"),
    path("staff/training/", views.staff_queue, name="staff_queue"),
    path("staff/training/providers/", views.staff_providers, name="staff_providers"),
    path("staff/training/providers/<int:provider_id>/", views.staff_provider, name="staff_provider"),
    path("staff/training/orders/new/", views.staff_order_new, name="staff_order_new"),
    path("staff/training/orders/<int:order_id>/", views.staff_order, name="staff_order"),
    path("staff/training/courses/new/", views.staff_course_new, name="staff_course_new"),
    path("staff/training/courses/<int:course_id>/", views.staff_course, name="staff_course"),
    path("staff/training/courses/<int:course_id>/edit/", views.staff_course_edit, name="staff_course_edit"),
]
