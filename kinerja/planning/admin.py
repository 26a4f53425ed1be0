from django.contrib import admin

from kinerja.planning.models import (
    Activity,
    Decree,
    Dipa,
    DipaAllocation,
    Goal,
    IkuItem,
    IkuSet,
    Indicator,
    PlanTarget,
    Program,
    StrategicPlan,
    WorkPlan,
    WorkPlanRow,
    WorkPlanSection,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "measure_unit", "target_kind", "polarity", "measure_type"]
    list_filter = ["target_kind", "polarity", "measure_type"]
    search_fields = ["code", "name"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(StrategicPlan)
class StrategicPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "start_year", "end_year"]
    inlines = [GoalInline]


@admin.register(PlanTarget)
class PlanTargetAdmin(admin.ModelAdmin):
    list_display = ["goal", "indicator", "year", "target_value", "target_grade"]
    list_filter = ["year"]


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin):
    list_display = ["number", "unit", "issued_on"]
    search_fields = ["number", "unit__name"]
    autocomplete_fields = ["unit"]


class IkuItemInline(admin.TabularInline):
    model = IkuItem
    extra = 0
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["source"]


@admin.register(IkuSet)
class IkuSetAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "decree", "review_due"]
    list_filter = ["year"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit", "decree"]
    inlines = [IkuItemInline]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "program"]
    search_fields = ["code", "name"]
    list_filter = ["program"]


class DipaAllocationInline(admin.TabularInline):
    model = DipaAllocation
    extra = 0


@admin.register(Dipa)
class DipaAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "number", "ratified_on"]
    list_filter = ["year"]
    search_fields = ["unit__name", "number"]
    autocomplete_fields = ["unit"]
    inlines = [DipaAllocationInline]


class WorkPlanSectionInline(admin.TabularInline):
    model = WorkPlanSection
    extra = 0
    autocomplete_fields = ["activity"]
    show_change_link = True


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    """The RKT of a unit and year: its sections here, each section's rows on the section's page."""

    list_display = ["unit", "year"]
    list_filter = ["year"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [WorkPlanSectionInline]


class WorkPlanRowInline(admin.TabularInline):
    model = WorkPlanRow
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = ["order", "output", "indicator", "target_value", "target_upper", "target_grade", "measure_unit"]


@admin.register(WorkPlanSection)
class WorkPlanSectionAdmin(admin.ModelAdmin):
    list_display = ["work_plan", "order", "title"]
    list_filter = ["work_plan__year"]
    search_fields = ["title", "work_plan__unit__name"]
    autocomplete_fields = ["activity"]
    inlines = [WorkPlanRowInline]
