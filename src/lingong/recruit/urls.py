from django.urls import path

from lingong.recruit import views

app_name = "recruit"

# Mounted at the site root (lingong/urls.py).
urlpatterns = [
    path("quick-recruit/new/<int:job_id>/", views.start, name="start"),
    path("quick-recruit/<int:campaign_id>/", views.campaign, name="campaign"),
    path("quick-recruit/<int:campaign_id>/cancel/", views.cancel, name="cancel"),
    path("quick-recruit/<int:campaign_id>/confirm/<int:invite_id>/", views.confirm, name="confirm"),
    path("quick-recruit/<int:campaign_id>/answer/", views.invitation, name="invitation"),
    path("me/quick-recruits/", views.my_invitations, name="my_invitations"),
    path("staff/quick-recruits/", views.station_page, name="station"),
    path("staff/quick-recruits/nominate/", views.nominate, name="nominate"),
]
