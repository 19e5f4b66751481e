from django.urls import path

from lingong.settlement import statement_views as views

app_name = "settlements"

urlpatterns = [
    path("", views.statement_list, name="list"),
    path("<int:statement_id>/", views.statement_detail, name="detail"),
    path("<int:statement_id>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:statement_id>/pay/", views.pay, name="pay"),
    path("<int:statement_id>/void/", views.void, name="void"),
    path("engagement/<int:engagement_id>/", views.engagement_settlement, name="engagement"),
    path("engagement/<int:engagement_id>/settle/", views.settle, name="settle"),
    path("payroll.xlsx", views.payroll, name="payroll"),
    path("arrears/", views.arrears, name="arrears"),
    path("arrears/<int:flag_id>/waive/", views.waive, name="waive"),
]
