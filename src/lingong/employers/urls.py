from django.urls import path

from lingong.employers import views

app_name = "employers"
# The employer's job pages (the dashboard, post, edit, applicants) are also under employer/: see jobs/urls.py.
urlpatterns = [
    path("register/", views.register, name="register"),
    path("enterprise/", views.edit_enterprise, name="edit_enterprise"),
]
