from django.urls import path

from lingong.employers import views

app_name = "employers"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("", views.dashboard, name="dashboard"),
    path("enterprise/", views.edit_enterprise, name="edit_enterprise"),
    path("jobs/new/", views.job_new, name="job_new"),
    path("jobs/<int:job_id>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:job_id>/", views.job_applicants, name="job_applicants"),
    path("jobs/<int:job_id>/invite/", views.job_invite, name="job_invite"),
    path("jobs/<int:job_id>/<str:action>/", views.job_action, name="job_action"),
    path(
        "applications/<int:application_id>/<str:action>/", views.application_action, name="application_action"
    ),
]
