from django.urls import path

from lingong.core import views

# The home page ("home") is mounted in lingong/urls.py: it routes by role, which core does not know about.
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
]
