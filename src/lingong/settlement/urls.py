from django.urls import path

from lingong.settlement import views

app_name = "settlement"
urlpatterns = [path("", views.calculator, name="calculator")]
