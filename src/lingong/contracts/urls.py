from django.urls import path

from lingong.contracts import views

app_name = "contracts"

urlpatterns = [
    path("<int:contract_id>/", views.contract_detail, name="detail"),
    path("<int:contract_id>/send-code/", views.send_code, name="send_code"),
    path("<int:contract_id>/sign/", views.sign, name="sign"),
    path("<int:contract_id>/amend/", views.amend, name="amend"),
    path("<int:contract_id>/contract.pdf", views.contract_pdf, name="pdf"),
    path("<int:contract_id>/signed.pdf", views.signed_contract_pdf, name="signed_pdf"),
    path("engagement/<int:engagement_id>/", views.for_engagement, name="for_engagement"),
]
