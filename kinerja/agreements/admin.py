"""Agreements are shown in the admin read-only: they change only through the
services, which keep the history and refuse to touch signed content. Nobody
adds, changes or deletes a signed document here, nor moves a status by hand:
only a return (which voids the document) or a PK Perubahan changes what stands.
The models refuse such writes too, whatever path makes them."""

from django.contrib import admin

from kinerja.agreements.models import Agreement, SignedScan, StatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "year", "version", "status", "signed_on", "submitted_at", "days_late"]
    list_filter = ["status", "year"]
    search_fields = ["unit__name"]
    inlines = [StatusChangeInline]


@admin.register(SignedScan)
class SignedScanAdmin(ReadOnlyAdmin):
    list_display = ["agreement", "uploaded_at", "sha256", "pages", "electronic", "replaced_at", "voided_at"]
    search_fields = ["agreement__unit__name", "sha256"]
