from django.urls import include, path

from lingong.legal import views

app_name = "legal"

# Mounted at the site root (lingong/urls.py): public pages under legal/, the worker's bookings under
# me/consultations/, the staff pages under staff/legal/.
public = [
    path("", views.hub, name="hub"),
    path("advisers/", views.advisers, name="advisers"),
    path("slots/<int:slot_id>/book/", views.book, name="book"),
    path("arbitration-days/", views.arbitration_days, name="arbitration_days"),
    path("policies/", views.policies, name="policies"),
    path("policies/<slug:slug>/", views.policy, name="policy"),
    path("check/", views.check, name="check"),
]
mine = [
    path("", views.my_consultations, name="my_consultations"),
    path("<int:consultation_id>/cancel/", views.cancel, name="cancel"),
]
staff = [
    path("", views.staff_home, name="staff_home"),
    path("advisers/new/", views.staff_adviser, name="staff_adviser_new"),
    path("advisers/<int:adviser_id>/", views.staff_adviser, name="staff_adviser"),
    path("slots/", views.staff_slots, name="staff_slots"),
    path("slots/<int:slot_id>/cancel/", views.staff_slot_cancel, name="staff_slot_cancel"),
    path("bookings/", views.staff_bookings, name="staff_bookings"),
    path("bookings/<int:consultation_id>/", views.staff_booking, name="staff_booking"),
    path("arbitration-days/", views.staff_days, name="staff_days"),
    path("articles/", views.staff_articles, name="staff_articles"),
    path("articles/new/", views.staff_article, name="staff_article_new"),
    path("articles/<int:article_id>/", views.staff_article, name="staff_article"),
    path("rules/", views.staff_rules, name="staff_rules"),
]
urlpatterns = [
    path("legal/", include(public)),
    path("me/consultations/", include(mine)),
    path("staff/legal/", include(staff)),
]
