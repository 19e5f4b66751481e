from django.urls import path

from lingong.disputes import views

app_name = "disputes"

# Mounted at the site root (lingong/urls.py).
urlpatterns = [
    path("me/complaints/new/", views.new_complaint, name="new"),
    path("me/complaints/<int:complaint_id>/", views.complaint_page, name="detail"),
]
