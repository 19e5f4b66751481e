from django.urls import path

from lingong.workers import views

app_name = "workers"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("certificates/", views.add_certificate, name="add_certificate"),
    path("applications/", views.applications, name="applications"),
    path(
        "applications/<int:application_id>/<str:action>/", views.application_action, name="application_action"
    ),
]
