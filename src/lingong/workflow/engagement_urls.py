from django.urls import path

from lingong.workflow import engagement_views as views

# The engagement pages keep their namespace; their views live with the orchestrator.
app_name = "engagements"

urlpatterns = [
    path("", views.engagement_list, name="list"),
    path("<int:engagement_id>/", views.engagement_detail, name="detail"),
    path("<int:engagement_id>/timeline/", views.engagement_timeline, name="timeline"),
    path("<int:engagement_id>/cancel/", views.cancel, name="cancel"),
    path("<int:engagement_id>/end-early/", views.end_early, name="end_early"),
    path("<int:engagement_id>/end-early/respond/", views.respond_end_early, name="respond_end_early"),
    path("<int:engagement_id>/complete/", views.complete, name="complete"),
    path("<int:engagement_id>/site-code/", views.site_code, name="site_code"),
    path("site/<str:token>/", views.site_scan, name="site_scan"),
    path("shifts/<int:shift_id>/check-in/", views.check_in, name="check_in"),
    path("shifts/<int:shift_id>/check-out/", views.check_out, name="check_out"),
    path("shifts/<int:shift_id>/confirm/", views.confirm_shift, name="confirm_shift"),
    path("shifts/<int:shift_id>/dispute/", views.dispute_shift, name="dispute_shift"),
    path("shifts/<int:shift_id>/extra-time/", views.confirm_extra_time, name="confirm_extra_time"),
    path("shifts/<int:shift_id>/review/", views.review_shift, name="review_shift"),
    path("shifts/<int:shift_id>/reject/", views.reject_review, name="reject_review"),
    path("cases/<int:case_id>/resolve/", views.resolve_case, name="resolve_case"),
    path("staff/", views.staff_queue, name="staff_queue"),
]
