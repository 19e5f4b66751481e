from django.urls import path

from lingong.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/apply/", views.job_apply, name="apply"),
    path("<int:job_id>/qr.svg", views.job_qr, name="qr"),
]
