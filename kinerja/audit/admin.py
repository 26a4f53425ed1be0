from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kinerja.audit.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "unit", "object_type", "action", "shown_summary", "by"]
    list_filter = ["object_type", "action"]
    # The stored Indonesian summary stays searchable; pages show it in the reader's language.
    search_fields = ["summary", "unit__name"]
    fields = ["at", "unit", "object_type", "object_id", "scope", "action", "shown_summary", "changes", "by"]
    readonly_fields = fields

    @admin.display(description=_("ringkasan"))
    def shown_summary(self, record: ChangeRecord) -> str:
        return record.display_summary

    # The history is written by the services only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
