from django.urls import path

from kinerja.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.national, name="national"),
    path("provinsi/<int:unit_id>/", views.province, name="province"),
    path("pk/<int:agreement_id>/", views.agreement_progress, name="agreement"),
    path("pk/<int:agreement_id>/evaluasi/<int:quarter>/", views.evaluation_save, name="evaluate"),
    path("pk/<int:agreement_id>/laporan-tw<int:quarter>.<str:fmt>", views.report, name="report"),
    path("pk/<int:agreement_id>/skp.<str:fmt>", views.skp, name="skp"),
    path("baris/<int:row_id>/tw<int:quarter>/", views.realisation_save, name="realisation"),
    path("baris/<int:row_id>/tw<int:quarter>/target/", views.quarter_target_save, name="quarter_target"),
    path("bukti/<int:realisation_id>/", views.evidence_download, name="evidence"),
]
