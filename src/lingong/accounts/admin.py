from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lingong.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = [
        "phone",
        "display_name",
        "role",
        "market",
        "centre",
        "station",
        "is_active",
        "date_joined",
    ]
    list_filter = ["role", "is_active", "centre"]
    search_fields = ["phone", "display_name"]
    fieldsets = (
        (None, {"fields": ("phone", "password")}),
        (_("资料"), {"fields": ("display_name", "role", "market", "centre", "station")}),
        (_("权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("时间"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("phone", "role", "password1", "password2")}),)
