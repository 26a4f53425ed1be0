from django.contrib import admin

from kinerja.audit.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "unit", "object_type", "action", "summary", "by"]
    list_filter = ["object_type", "action"]
    search_fields = ["summary", "unit__name"]

    # The history is written by the services only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
