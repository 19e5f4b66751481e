from django.contrib import admin

from lingong.org.models import Division, Market, ServiceCentre, Station


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "lat", "lon", "approximate"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "address", "is_active"]
    # The served area is changed by the market's admins on /org/market/policy/ (or PUT .../area), where it is
    # checked, versioned and audited; here it is shown only.
    readonly_fields = ["served_area", "area_datum", "area_version"]


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "market", "address", "opening_hours", "is_active"]
    list_filter = ["market", "is_active"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "division", "address", "opening_hours", "phone", "is_active"]
    list_filter = ["centre", "division", "is_active"]
    search_fields = ["name", "address"]
