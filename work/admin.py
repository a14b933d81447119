from django.contrib import admin

from measures.models import agency_id_of
from thai.templatetags.thai import be_datetime
from work.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """What was sent, for reading: rows are written by send_reminders only."""

    list_display = ["sent_at_be", "kind", "threshold", "recipient", "email", "subject"]
    list_filter = ["kind", "threshold"]
    search_fields = ["subject", "email", "recipient__username"]
    list_select_related = ["recipient"]
    fields = ["sent_at_be", "kind", "object_id", "threshold", "recipient", "email", "subject"]
    readonly_fields = fields

    def get_queryset(self, request):
        reminders = super().get_queryset(request)
        if request.user.is_superuser:
            return reminders
        return reminders.filter(recipient__profile__agency_id=agency_id_of(request.user))

    @admin.display(description="ส่งเมื่อ", ordering="sent_at")
    def sent_at_be(self, reminder):
        return be_datetime(reminder.sent_at)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
