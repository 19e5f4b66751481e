"""Pages of fair intentions (fairs:intention_*): the booth page a worker's camera opens, 投递 online, the
enterprise's phone pages, the staff dashboard, the report and the printables."""

from __future__ import annotations

from django.urls import path

from lingong.fairs import intention_views as views

urlpatterns = [
    path("fairs/b/<str:qr_token>/", views.booth, name="intention_booth"),
    path("fairs/exhibitors/<int:exhibitor_id>/apply/", views.apply_online, name="intention_apply"),
    path("employer/fairs/<str:code>/intentions/", views.employer_intentions, name="intention_list"),
    path("employer/fairs/<str:code>/booth/", views.employer_booth_scan, name="intention_booth_scan"),
    path("fairs/intentions/<int:intention_id>/offer/", views.offer, name="intention_offer"),
    path("fairs/intentions/<int:intention_id>/decline/", views.decline, name="intention_decline"),
    path("staff/fairs/<str:code>/live/", views.dashboard, name="intention_dashboard"),
    path("staff/fairs/<str:code>/report/", views.report_page, name="intention_report"),
    path("staff/fairs/<str:code>/report.xlsx", views.report_xlsx, name="intention_report_xlsx"),
    path("staff/fairs/<str:code>/poster.pdf", views.poster_pdf, name="intention_poster"),
    path("staff/fairs/<str:code>/booth-qr.pdf", views.booth_qr_pdf, name="intention_booth_qr"),
]
