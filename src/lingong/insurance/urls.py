from django.urls import path

from lingong.insurance import views

app_name = "insurance"

urlpatterns = [
    path("policies/<int:policy_id>/certificate.pdf", views.certificate, name="certificate"),
    path("policies/<int:policy_id>/retry/", views.retry, name="retry"),
    path("failed/", views.failed, name="failed"),
]
