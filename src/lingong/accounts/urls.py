from django.urls import path

from lingong.accounts import views

app_name = "accounts"
# Workers sign up at accounts/register/ (workers:register), employers at employer/register/.
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/sms/", views.otp_login_view, name="otp_login"),
    path("logout/", views.logout_view, name="logout"),
    path("elder-mode/", views.elder_mode_view, name="elder_mode"),
]
