from django.urls import path

from lingong.arbitration import views

app_name = "arbitration"

# Mounted at the site root (lingong/urls.py).
urlpatterns = [
    path("me/complaints/<int:complaint_id>/next/", views.start, name="start"),
    path("staff/referrals/", views.staff_referrals, name="staff_referrals"),
    path("staff/referrals/<int:referral_id>/", views.staff_referral_update, name="staff_referral_update"),
]
