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

    # Django's locale would print the date with a Christian-era year.
    @admin.display(description="วันที่ลงนาม", ordering="signed_on")
    def signed_on_be(self, signature):
        return numeric_date(signature.signed_on) or "-"
