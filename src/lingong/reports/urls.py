from django.urls import path

from lingong.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.monthly_page, name="monthly"),
    path("monthly.xlsx", views.monthly_file, {"fmt": "xlsx"}, name="monthly_xlsx"),
    path("monthly.pdf", views.monthly_file, {"fmt": "pdf"}, name="monthly_pdf"),
    path("rosters/<str:kind>.xlsx", views.roster_file, {"fmt": "xlsx"}, name="roster_xlsx"),
    path("rosters/<str:kind>.pdf", views.roster_file, {"fmt": "pdf"}, name="roster_pdf"),
]
