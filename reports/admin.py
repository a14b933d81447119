from django.contrib import admin

from measures.admin import AgencyScopedAdmin
from reports.models import ReportSignature
from thai.calendar import numeric_date


@admin.register(ReportSignature)
class ReportSignatureAdmin(AgencyScopedAdmin):
    list_display = ["agency", "fiscal_year", "reporter_name", "head_name", "signed_on_be"]
    list_filter = ["fiscal_year"]
    list_select_related = ["agency"]
    search_fields = ["reporter_name", "head_name"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # A read-only page prints dates with Django's locale, which gives CE years.
        return ["signed_on_be" if name == "signed_on" else name for name in fields]

    # Django's locale would print the date with a Christian-era year.
    @admin.display(description="วันที่ลงนาม", ordering="signed_on")
    def signed_on_be(self, signature):
        return numeric_date(signature.signed_on) or "-"
