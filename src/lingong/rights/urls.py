from django.urls import include, path

from lingong.rights import views

app_name = "rights"

# Mounted at the site root (lingong/urls.py): the person's pages under me/privacy/, the staff pages under
# staff/rights/.
mine = [
    path("", views.my_data, name="my_data"),
    path("data.json", views.download_json, name="download_json"),
    path("data.pdf", views.download_pdf, name="download_pdf"),
    path("consents/<int:consent_id>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("requests/", views.file_request, name="file_request"),
    path("delete/", views.delete_account, name="delete_account"),
]
staff = [
    path("", views.staff_requests, name="staff_requests"),
    path("<int:request_id>/decide/", views.staff_decide, name="staff_decide"),
    path("locked/", views.staff_locked, name="staff_locked"),
    path("locked/<int:record_id>/", views.staff_locked_read, name="staff_locked_read"),
]
urlpatterns = [path("me/privacy/", include(mine)), path("staff/rights/", include(staff))]
