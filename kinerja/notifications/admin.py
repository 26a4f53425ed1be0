from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notices, with the e-mail failures that the background task recorded."""

    list_display = ("created_at", "user", "kind", "shown_message", "emailed", "email_error")
    list_filter = ("kind", "emailed", ("email_error", admin.EmptyFieldListFilter))
    search_fields = ("message", "user__username", "email_error")
    fields = ("created_at", "user", "kind", "shown_message", "url", "read_at", "emailed", "email_error")
    readonly_fields = fields

    @admin.display(description=_("pesan"))
    def shown_message(self, notice: Notification) -> str:
        return notice.text

    def has_add_permission(self, request):
        return False
