from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notices, with the e-mail failures that the background task recorded."""

    list_display = ("created_at", "user", "kind", "message", "emailed", "email_error")
    list_filter = ("kind", "emailed", ("email_error", admin.EmptyFieldListFilter))
    search_fields = ("message", "user__username", "email_error")
    readonly_fields = [field.name for field in Notification._meta.fields]

    @admin.display(description=_("pesan"))
    def message(self, notice):
        return notice.text

    def has_add_permission(self, request):
        return False
