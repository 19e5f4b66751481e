from django.urls import include, path

from lingong.workers import views

app_name = "workers"

# Mounted at the site root (lingong/urls.py): the worker's pages are under me/; sign-up stays at its old
# address next to the other account pages.
urlpatterns = [
    path(
        "me/",
        include(
            [
                path("profile/", views.profile, name="profile"),
                path("certificates/", views.add_certificate, name="add_certificate"),
                path("photo/", views.set_photo, name="set_photo"),  # issue 13 hk-booking
                path("consents/share-contact/", views.share_contact, name="share_contact"),
            ]
        ),
    ),
    path("accounts/register/", views.register, name="register"),
]
