from django.contrib import admin

from kinerja.organisation.models import Appointment, Membership, Person, Position, Unit


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region_code", "time_zone", "place"]
    list_filter = ["kind", "time_zone"]
    search_fields = ["name", "short_name", "region_code", "code"]
    # The structure comes from load_organisation; an admin corrects the place
    # of signing and the time zone, not the codes that tie units to regions.
    readonly_fields = ["code", "kind", "region_code", "region_name", "parent", "province"]
    inlines = [PositionInline, MembershipInline]


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    autocomplete_fields = ["position"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "nip", "user"]
    search_fields = ["name", "nip"]
    autocomplete_fields = ["user"]
    inlines = [AppointmentInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "is_head"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "starts_on", "ends_on", "acting"]
    list_filter = ["acting"]
    search_fields = ["person__name", "position__title"]
    autocomplete_fields = ["person", "position"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
