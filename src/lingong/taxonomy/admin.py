from django.contrib import admin

from lingong.taxonomy.models import CertificateType, Industry, Occupation


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "gbt_section", "insurance_default"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "industry", "noc_code", "certificate", "insurance_default"]
    list_filter = ["industry"]
    search_fields = ["code", "name"]


@admin.register(CertificateType)
class CertificateTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "validity_years", "review_years"]
