from django.urls import path

from lingong.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("walk-in/", views.walk_in, name="walk_in"),
    path("workers/", views.workers, name="workers"),
    path("workers/<int:worker_id>/", views.worker_detail, name="worker_detail"),
    path("workers/<int:worker_id>/elder-mode/", views.worker_elder_mode, name="worker_elder_mode"),
    path("workers/<int:worker_id>/reveal/<str:field>/", views.reveal_worker, name="reveal_worker"),
    path(
        "enterprises/<int:enterprise_id>/reveal-contact/",
        views.reveal_enterprise_contact,
        name="reveal_enterprise_contact",
    ),
    path("sensitive-reads/", views.sensitive_reads, name="sensitive_reads"),
    path("certificates/<int:certificate_id>/verify/", views.verify_certificate, name="verify_certificate"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/new/", views.job_new, name="job_new"),
    path("jobs/reviews/", views.job_reviews, name="job_reviews"),
    path("jobs/screening/", views.screening_calibration, name="screening_calibration"),
    path("jobs/<int:job_id>/<str:decision>/", views.job_decision, name="job_decision"),
    path("enterprises/", views.enterprises, name="enterprises"),
    path("enterprises/new/", views.enterprise_new, name="enterprise_new"),
    path("enterprises/search/", views.enterprise_search, name="enterprise_search"),
    path(
        "enterprises/<int:enterprise_id>/<str:decision>/",
        views.enterprise_decision,
        name="enterprise_decision",
    ),
]
