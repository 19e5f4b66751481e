from django.urls import path

from lingong.disputes import views

app_name = "disputes"

# Mounted at the site root (lingong/urls.py): the person's pages under me/complaints/, the staff pages under
# staff/complaints/ and staff/mediators/ (before staff/ so its paths are not taken there).
urlpatterns = [
    path("me/complaints/", views.my_complaints, name="mine"),
    path("me/complaints/new/", views.new_complaint, name="new"),
    path("me/complaints/<int:complaint_id>/", views.complaint_page, name="detail"),
    path("me/complaints/<int:complaint_id>/withdraw/", views.withdraw, name="withdraw"),
    path("staff/complaints/", views.staff_queue, name="staff_queue"),
    path("staff/complaints/report/", views.staff_report, name="staff_report"),
    path("staff/complaints/report.xlsx", views.staff_report_xlsx, name="staff_report_xlsx"),
    path("staff/complaints/<int:complaint_id>/", views.staff_case, name="staff_case"),
    path(
        "staff/complaints/<int:complaint_id>/<str:action>/",
        views.staff_action,
        name="staff_action",
    ),
    path("staff/mediators/", views.staff_mediators, name="staff_mediators"),
]
