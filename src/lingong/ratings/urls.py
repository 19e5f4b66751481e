from django.urls import path

from lingong.ratings import views

app_name = "ratings"

urlpatterns = [
    path("engagements/<int:engagement_id>/", views.rate, name="rate"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:rating_id>/hide/", views.hide, name="hide"),
]
