from django.urls import path

from lingong.mediation import views

app_name = "mediation"

# Mounted at the site root (lingong/urls.py), before staff/.
urlpatterns = [
    path("staff/mediations/", views.staff_list, name="staff_list"),
    path("staff/mediations/open/<int:complaint_id>/", views.open_case, name="open"),
    path("staff/mediations/<int:case_id>/", views.staff_case, name="staff_case"),
    path("me/mediations/<int:case_id>/", views.party_page, name="party"),
    path("me/mediations/<int:case_id>/agreement.pdf", views.agreement_pdf, name="pdf"),
    path("me/complaints/<int:complaint_id>/mediation/", views.for_complaint, name="for_complaint"),
]
