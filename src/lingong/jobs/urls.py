from django.urls import include, path

from lingong.jobs import employer_views, station_views, views, worker_views

app_name = "jobs"

# Mounted at the site root (lingong/urls.py): the job pages are under jobs/, and the job pages of each
# audience sit with that audience's other pages (employer/, me/, org/stations/), under one namespace.
job_patterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/apply/", views.job_apply, name="apply"),
    path("<int:job_id>/report/", views.job_report, name="report"),
    path("<int:job_id>/qr.svg", views.job_qr, name="qr"),
]
employer_patterns = [
    path("", employer_views.dashboard, name="employer_dashboard"),
    path("jobs/new/", employer_views.job_new, name="job_new"),
    path("jobs/<int:job_id>/edit/", employer_views.job_edit, name="job_edit"),
    path("jobs/<int:job_id>/", employer_views.job_applicants, name="job_applicants"),
    path("jobs/<int:job_id>/invite/", employer_views.job_invite, name="job_invite"),
    path("jobs/<int:job_id>/<str:action>/", employer_views.job_action, name="job_action"),
    path(
        "applications/<int:application_id>/<str:action>/",
        employer_views.application_action,
        name="employer_application_action",
    ),
]
worker_patterns = [
    path("applications/", worker_views.applications, name="worker_applications"),
    path(
        "applications/<int:application_id>/<str:action>/",
        worker_views.application_action,
        name="worker_application_action",
    ),
]
urlpatterns = [
    path("jobs/", include(job_patterns)),
    path("employer/", include(employer_patterns)),
    path("me/", include(worker_patterns)),
    path("org/stations/<int:station_id>/", station_views.station, name="station"),
]
